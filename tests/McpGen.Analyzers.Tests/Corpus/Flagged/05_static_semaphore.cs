using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class ExportTools
{
    private static readonly SemaphoreSlim s_oneAtATime = new(1); // expect: MCPG5020

    /// <summary>Exports data, one export at a time.</summary>
    [McpTool]
    public static async Task<string> Export(string table, CancellationToken cancellationToken)
    {
        await s_oneAtATime.WaitAsync(cancellationToken);
        try { return table; } finally { s_oneAtATime.Release(); }
    }
}
