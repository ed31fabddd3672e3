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

public static class RateTools
{
    /// <summary>Gets a cached exchange rate.</summary>
    [McpTool]
    public static string Rate(string pair, [McpGen.McpProcessLocal("")] Microsoft.Extensions.Caching.Memory.IMemoryCache cache) // expect: MCPG5007
        => cache.TryGetValue(pair, out var v) ? v?.ToString() ?? "" : "";

    /// <summary>Gets another rate.</summary>
    [McpTool]
    public static string Other(string pair, Microsoft.Extensions.Caching.Memory.IMemoryCache cache) // expect: MCPG5005
        => cache.TryGetValue(pair, out var v) ? v?.ToString() ?? "" : "";
}
