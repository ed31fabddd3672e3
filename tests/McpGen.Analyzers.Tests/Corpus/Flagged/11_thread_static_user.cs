using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class UserTools
{
    [ThreadStatic] private static string? t_user; // expect: MCPG5004

    /// <summary>Signs in.</summary>
    [McpTool] public static void SignIn(string user) => t_user = user;

    /// <summary>Who is signed in.</summary>
    [McpTool] public static string WhoAmI() => t_user ?? "nobody";
}
