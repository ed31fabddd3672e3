using System.Threading;
using System.Threading.Tasks;

namespace McpGen.Redis.Tests;

/// <summary>A server run as two instances in the tests.</summary>
[McpServer("redis-test", Version = "1.0.0")]
public partial class RedisTestServer;

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

    /// <summary>A note.</summary>
    [McpResource("notes://{id}")]
    public static string Note(string id) => "note " + id;
}
