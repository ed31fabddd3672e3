using System.Threading;
using System.Threading.Tasks;

namespace McpGen.Redis.Tests;

/// <summary>A server run as two instances in the tests.</summary>
[McpServer("redis-test", Version = "1.0.0")]
public partial class RedisTestServer;

/// <summary>A yes or no.</summary>
/// <param name="Ok">Yes.</param>
public sealed record OkForm(bool Ok);

/// <summary>Tools that change things.</summary>
public static class ChangeTools
{
    /// <summary>Announces that a note changed.</summary>
    /// <param name="uri">The note.</param>
    [McpTool("edit_note")]
    public static async Task<string> EditNote(string uri, McpToolCall call, CancellationToken cancellationToken)
    {
        await call.Events.PublishAsync(McpServerEvent.ResourceUpdated(uri), cancellationToken);
        return "edited";
    }

    /// <summary>Announces that the tools changed.</summary>
    [McpTool("add_tool")]
    public static async Task<string> AddTool(McpToolCall call, CancellationToken cancellationToken)
    {
        await call.Events.PublishAsync(McpServerEvent.ToolsListChanged, cancellationToken);
        return "added";
    }

    /// <summary>Works for a while as a task.</summary>
    /// <param name="milliseconds">How long.</param>
    [McpTool("crunch", TaskSupport = McpTaskSupport.Optional, Idempotent = true)]
    public static async Task<string> Crunch(int milliseconds, CancellationToken cancellationToken)
    {
        await Task.Delay(milliseconds, cancellationToken);
        return $"crunched {milliseconds} ms";
    }

    /// <summary>Asks from inside its task.</summary>
    [McpTool("ask", TaskSupport = McpTaskSupport.Required)]
    public static async Task<string> Ask(McpInput input, CancellationToken cancellationToken)
    {
        var ok = await input.Elicit<OkForm>("ok", "OK?");
        cancellationToken.ThrowIfCancellationRequested();
        return "ok=" + ok.Content?.Ok;
    }

    /// <summary>A note.</summary>
    [McpResource("notes://{id}")]
    public static string Note(string id) => "note " + id;
}
