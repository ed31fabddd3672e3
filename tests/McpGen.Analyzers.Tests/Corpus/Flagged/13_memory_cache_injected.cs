using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace Microsoft.Extensions.Caching.Memory
{
    public interface IMemoryCache { bool TryGetValue(object key, out object? value); }
}

public sealed class StockTools(Microsoft.Extensions.Caching.Memory.IMemoryCache cache) // expect: MCPG5005
{
    /// <summary>Gets a cached stock level.</summary>
    [McpTool] public string Level(string sku) => cache.TryGetValue(sku, out var value) ? value?.ToString() ?? "" : "unknown";
}
