using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class Metrics
{
    public static long Requests; // expect: MCPG5006

    public static void Count() => Interlocked.Increment(ref Requests);
}

public static class EchoTools
{
    /// <summary>Echoes text.</summary>
    [McpTool] public static string Echo(string text) { Metrics.Count(); return text; }
}
