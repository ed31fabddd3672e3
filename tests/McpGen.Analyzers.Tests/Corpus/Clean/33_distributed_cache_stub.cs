using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace Microsoft.Extensions.Caching.Distributed
{
    public interface IDistributedCache
    {
        Task<byte[]?> GetAsync(string key, CancellationToken token = default);
    }
}

public sealed class QuoteTools(Microsoft.Extensions.Caching.Distributed.IDistributedCache cache)
{
    /// <summary>Gets a cached quote.</summary>
    [McpTool]
    public async Task<int> Quote(string symbol, CancellationToken cancellationToken) => (await cache.GetAsync(symbol, cancellationToken))?.Length ?? 0;
}
