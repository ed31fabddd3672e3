using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public interface IPrices
{
    Task<decimal> PriceAsync(string sku, CancellationToken cancellationToken);
}

public sealed class PriceTools(IPrices prices)
{
    /// <summary>Sums prices.</summary>
    [McpTool]
    public async Task<decimal> Total(string[] skus, CancellationToken cancellationToken)
    {
        var all = await Task.WhenAll(skus.Select(s => prices.PriceAsync(s, cancellationToken)));
        return all.Sum();
    }
}
