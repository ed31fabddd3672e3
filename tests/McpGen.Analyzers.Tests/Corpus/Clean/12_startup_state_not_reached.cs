using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class Startup
{
    public static int Attempts;
    public static readonly List<string> Log = new();

    public static void Main() { Attempts++; Log.Add("started"); }
}

public static class PingTools
{
    /// <summary>Answers pong.</summary>
    [McpTool] public static string Ping() => "pong";
}
