using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public sealed class Stats
{
    public int Calls;
}

public static class StatsTools
{
    private static readonly Stats s_stats = new(); // expect: MCPG5001

    /// <summary>Counts calls.</summary>
    [McpTool] public static int Hit() => ++s_stats.Calls;
}
