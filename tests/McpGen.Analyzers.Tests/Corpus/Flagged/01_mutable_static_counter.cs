using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class CounterTools
{
    private static int s_count; // expect: MCPG5001

    /// <summary>Counts calls.</summary>
    [McpTool] public static int Increment() => Interlocked.Increment(ref s_count);
}
