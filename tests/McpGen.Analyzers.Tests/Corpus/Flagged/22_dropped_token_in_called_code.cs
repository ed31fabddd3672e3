using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public sealed class Indexer
{
    public async Task<int> RebuildAsync(string name, CancellationToken cancellationToken)
    {
        await Task.Delay(50); // expect: MCPG6003
        return name.Length;
    }
}

public sealed class IndexTools(Indexer indexer)
{
    /// <summary>Rebuilds an index.</summary>
    [McpTool] public Task<int> Rebuild(string name, CancellationToken cancellationToken) => indexer.RebuildAsync(name, cancellationToken);
}
