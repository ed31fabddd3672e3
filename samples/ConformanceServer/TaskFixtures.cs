using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGen.Conformance;

/// <summary>A delete confirmation.</summary>
/// <param name="Confirm">Delete the file.</param>
public sealed record DeleteForm(bool Confirm);

/// <summary>A name and a confirmation, both optional.</summary>
/// <param name="Name">A name.</param>
/// <param name="Confirm">Whether to go on.</param>
public sealed record NameAndConfirmForm(string? Name = null, bool Confirm = false);

/// <summary>Task fixtures (conformance scenarios tasks-*; extension io.modelcontextprotocol/tasks).</summary>
public static class TaskFixtures
{
    /// <summary>Greets someone, always within the request.</summary>
    /// <param name="name">Who to greet.</param>
    [McpTool("greet")]
    public static string Greet(string name) => $"Hello, {name}!";

    /// <summary>Computes for a number of seconds; runs as a task when the client supports tasks.</summary>
    /// <param name="seconds">How long to compute.</param>
    /// <param name="label">A label for the result.</param>
    /// <param name="cancellationToken">Cancelled by tasks/cancel.</param>
    [McpTool("slow_compute", TaskSupport = McpTaskSupport.Optional, Idempotent = true)]
    public static async Task<string> SlowCompute(int seconds, string label, CancellationToken cancellationToken)
    {
        await Task.Delay(System.TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
        return $"Computed '{label}' in {seconds} s.";
    }

    /// <summary>Runs only as a task, and ends with a tool error.</summary>
    /// <param name="cancellationToken">Cancelled by tasks/cancel.</param>
    [McpTool("failing_job", TaskSupport = McpTaskSupport.Required)]
    public static async Task<CallToolResult> FailingJob(CancellationToken cancellationToken)
    {
        await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
        return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = "The job failed: the input data was invalid." }] };
    }

    /// <summary>Runs only as a task, and ends with a JSON-RPC error.</summary>
    /// <param name="cancellationToken">Cancelled by tasks/cancel.</param>
    [McpTool("protocol_error_job", TaskSupport = McpTaskSupport.Required)]
    public static async Task<string> ProtocolErrorJob(CancellationToken cancellationToken)
    {
        await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        throw new McpProtocolException("protocol_error_job: the backend rejected the request", McpErrorCode.InternalError);
    }

    /// <summary>Asks, from inside its task, before deleting a file.</summary>
    /// <param name="filename">The file.</param>
    /// <param name="input">Asks the client.</param>
    /// <param name="cancellationToken">Cancelled by tasks/cancel.</param>
    [McpTool("confirm_delete", TaskSupport = McpTaskSupport.Optional)]
    public static async Task<string> ConfirmDelete(string filename, McpInput input, CancellationToken cancellationToken)
    {
        var answer = await input.Elicit<DeleteForm>("confirm", $"Delete {filename}?");
        cancellationToken.ThrowIfCancellationRequested();
        return answer.IsAccepted && answer.Content.Confirm ? $"Deleted {filename}." : $"Kept {filename}.";
    }

    /// <summary>Asks two questions at once from inside its task.</summary>
    /// <param name="input">Asks the client.</param>
    /// <param name="cancellationToken">Cancelled by tasks/cancel.</param>
    [McpTool("multi_input", TaskSupport = McpTaskSupport.Optional)]
    public static async Task<string> MultiInput(McpInput input, CancellationToken cancellationToken)
    {
        var first = input.Elicit<NameAndConfirmForm>("first", "First name?");
        var second = input.Elicit<NameAndConfirmForm>("second", "Second name?");
        var (a, b) = (await first, await second);
        cancellationToken.ThrowIfCancellationRequested();
        return $"Got {a.Content?.Name} and {b.Content?.Name}.";
    }

    /// <summary>Asks the user's name in an input round, then continues as a task that greets them.</summary>
    /// <param name="input">Asks the client.</param>
    /// <param name="call">The call, which becomes a task.</param>
    /// <param name="cancellationToken">Cancelled by tasks/cancel.</param>
    [McpTool("test_tool_with_task", TaskSupport = McpTaskSupport.Required)]
    public static async Task<string> ToolWithTask(McpInput input, McpToolCall call, CancellationToken cancellationToken)
    {
        var name = await input.Elicit<NameForm>("user_name", "What is your name?");
        await call.RunAsTaskAsync();
        await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        return $"Hello, {name.Content?.Name}!";
    }
}
