using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class CatalogResources
{
    /// <summary>A product sheet.</summary>
    [McpResource("catalog://products/{sku}")]
    public static Task<string> Product(string sku, CancellationToken cancellationToken) => Task.FromResult("sku " + sku);
}
