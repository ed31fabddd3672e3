using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public sealed record Order(string Id, decimal Total);

public static class OrderTools
{
    /// <summary>Loads an order file.</summary>
    [McpTool]
    public static async Task<Order?> Load(string path, CancellationToken cancellationToken)
    {
        var text = await System.IO.File.ReadAllTextAsync(path); // expect: MCPG6002
        await using var stream = new System.IO.MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        return await System.Text.Json.JsonSerializer.DeserializeAsync<Order>(stream); // expect: MCPG6002
    }
}
