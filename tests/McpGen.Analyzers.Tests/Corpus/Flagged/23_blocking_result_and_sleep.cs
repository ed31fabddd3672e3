using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class SlowTools
{
    /// <summary>Waits, then answers.</summary>
    [McpTool]
    public static string Slow(CancellationToken cancellationToken)
    {
        Thread.Sleep(100); // expect: MCPG6004
        return Task.FromResult("done").Result; // expect: MCPG6004
    }
}
