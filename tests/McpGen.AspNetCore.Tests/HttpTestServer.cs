using System;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace McpGen.AspNetCore.Tests;

/// <summary>The server the HTTP tests map.</summary>
[McpServer("http-test", Version = "2.1.0", Title = "HTTP test server", Publisher = "com.example", WebsiteUrl = "https://example.com/http-test",
    Types = [typeof(HttpTestTools)])]
[McpRemote("https://mcp.example.com/mcp")]
[McpRemote("https://{tenant}.example.com/mcp")]
[McpIcon("https://example.com/icon-48.png", MimeType = "image/png", Sizes = "48x48")]
[McpIcon("https://example.com/icon.svg", MimeType = "image/svg+xml", Sizes = "any", Theme = "dark")]
public partial class HttpTestServer;

/// <summary>A confirmation form.</summary>
/// <param name="Ok">Whether to proceed.</param>
public sealed record HttpConfirmation(bool Ok);

/// <summary>Tools for the HTTP tests.</summary>
public static class HttpTestTools
{
    /// <summary>Completes when a call of <see cref="Slow"/> is cancelled.</summary>
    [McpProcessLocal("Test instrumentation: the in-process test host observes the cancellation through it.")]
    public static TaskCompletionSource SlowCancelled { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Logs through an injected logger, then asks the user to confirm.</summary>
    [McpTool]
    public static async Task<string> Audited(Microsoft.Extensions.Logging.ILogger<HttpTestServer> logger, McpInput input, CancellationToken cancellationToken)
    {
        Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "audit started");
        var answer = await input.Elicit<HttpConfirmation>("confirm", "Proceed?");
        return answer.IsAccepted && answer.Content.Ok ? "proceeded" : "stopped";
    }

    /// <summary>Echoes the text.</summary>
    [McpTool]
    public static string Echo(string text) => text;

    /// <summary>Reports three progress steps, then answers.</summary>
    [McpTool]
    public static async Task<string> Steps(IProgress<McpProgress> progress, CancellationToken cancellationToken)
    {
        for (int step = 1; step <= 3; step++)
        {
            progress.Report(new McpProgress(step, 3, $"step {step}"));
            await Task.Delay(10, cancellationToken);
        }

        return "done";
    }

    /// <summary>Released by the test once it has read the first progress event.</summary>
    [McpProcessLocal("Test instrumentation: the in-process test host releases the handler through it.")]
    public static TaskCompletionSource FirstEventSeen { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Reports progress, then waits until the client has seen it: proves events are not buffered.</summary>
    [McpTool]
    public static async Task<string> Handshake(IProgress<McpProgress> progress, CancellationToken cancellationToken)
    {
        progress.Report(new McpProgress(1, 2, "waiting for the client"));
        await FirstEventSeen.Task.WaitAsync(cancellationToken);
        return "seen";
    }

    /// <summary>Waits until cancelled.</summary>
    [McpTool]
    public static async Task<string> Slow(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "never";
        }
        catch (OperationCanceledException)
        {
            SlowCancelled.TrySetResult();
            throw;
        }
    }

    /// <summary>Cancellations seen by <see cref="Held"/>, by label.</summary>
    [McpProcessLocal("Test instrumentation: the in-process test host observes the cancellation through it.")]
    public static System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> HeldCancelled { get; } = new();

    /// <summary>Reports that it started, then waits until cancelled.</summary>
    [McpTool]
    public static async Task<string> Held(string label, IProgress<McpProgress> progress, CancellationToken cancellationToken)
    {
        var cancelled = HeldCancelled.GetOrAdd(label, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        progress.Report(new McpProgress(0, null, "started"));
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "never";
        }
        catch (OperationCanceledException)
        {
            cancelled.TrySetResult();
            throw;
        }
    }

    /// <summary>Needs the client's roots capability.</summary>
    [McpTool]
    public static string NeedsRoots(McpToolCall call) =>
#pragma warning disable MCP9005 // Roots are deprecated in 2026-07-28; the test needs some capability to require.
        call.ClientCapabilities.Roots is null ? throw new McpMissingClientCapabilityException("roots") : "ok";
#pragma warning restore MCP9005
}

/// <summary>A server with resources, for the 2025-11-25 subscription tests.</summary>
[McpServer("notes-test", Version = "1.0.0", Types = [typeof(NoteResources)])]
public partial class NotesTestServer;

/// <summary>Notes to subscribe to.</summary>
public static class NoteResources
{
    /// <summary>A note.</summary>
    /// <param name="id">Which note.</param>
    [McpResource("notes://{id}")]
    public static string Note(string id) => "note " + id;
}
