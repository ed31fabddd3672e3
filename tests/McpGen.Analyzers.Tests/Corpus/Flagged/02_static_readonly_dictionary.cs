using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class SessionTools
{
    private static readonly Dictionary<string, string> s_sessions = new(); // expect: MCPG5001

    /// <summary>Stores a value for a user.</summary>
    [McpTool] public static void Save(string user, string value) => s_sessions[user] = value;
}
