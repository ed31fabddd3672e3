using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public sealed record Ticket(string Id, string Title);

public static class TicketTools
{
    /// <summary>Parses a ticket from a file.</summary>
    [McpTool]
    public static async Task<Ticket?> Load(string path, CancellationToken cancellationToken)
    {
        await using var stream = System.IO.File.OpenRead(path);
        return await System.Text.Json.JsonSerializer.DeserializeAsync<Ticket>(stream, cancellationToken: cancellationToken);
    }
}
