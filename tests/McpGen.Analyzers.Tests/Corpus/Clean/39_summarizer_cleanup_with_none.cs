using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public interface IUsageLog
{
    Task RecordAsync(string tool, string outcome, CancellationToken cancellationToken = default);
}

public sealed class DigestTools(HttpClient http, IUsageLog usage)
{
    /// <summary>Summarizes a document for the daily digest.</summary>
    /// <param name="documentUrl">Document to summarize.</param>
    [McpTool(ReadOnly = true)]
    public async Task<string> Digest(string documentUrl, CancellationToken cancellationToken)
    {
        string outcome = "failed";
        try
        {
            string text = await http.GetStringAsync(documentUrl, cancellationToken);
            using var response = await http.PostAsJsonAsync("https://llm.example.com/v1/complete", new { prompt = "Digest: " + text }, cancellationToken);
            outcome = "ok";
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            // The caller may be gone, but the usage record is billed on: write it whatever happened.
            await usage.RecordAsync("digest", outcome, CancellationToken.None);
        }
    }

    /// <summary>Marks a digest as read.</summary>
    /// <param name="digestId">Digest to mark.</param>
    [McpTool]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("McpGen.Cancellation", "MCPG6021", Justification = "The read receipt must be recorded even if the client disconnects right after.")]
    public async Task MarkRead(string digestId, CancellationToken cancellationToken)
    {
        await http.PostAsync("https://digests.example.com/" + digestId + "/read", null, cancellationToken);
        await usage.RecordAsync("mark-read", digestId, CancellationToken.None);
    }
}
