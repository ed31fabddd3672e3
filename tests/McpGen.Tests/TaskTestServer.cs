using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGen.Tests;

/// <summary>A server whose tools run as tasks.</summary>
[McpServer("task-server", Version = "1.0.0", Types = [typeof(TaskTools)])]
public partial class TaskTestServer;

/// <summary>A yes or no.</summary>
/// <param name="Ok">Yes.</param>
public sealed record OkForm(bool Ok);

/// <summary>Task-capable tools.</summary>
public static class TaskTools
{
    /// <summary>Waits, then answers; runs as a task when it can.</summary>
    [McpTool("wait", TaskSupport = McpTaskSupport.Optional, Idempotent = true, TaskTimeToLiveMs = 60000, TaskPollIntervalMs = 250)]
    public static async Task<string> Wait(int milliseconds, CancellationToken cancellationToken)
    {
        await Task.Delay(milliseconds, cancellationToken);
        return $"waited {milliseconds} ms";
    }

    /// <summary>Only as a task; ends with a tool error.</summary>
    [McpTool("tool_error", TaskSupport = McpTaskSupport.Required)]
    public static Task<CallToolResult> ToolError(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = "no luck" }] });
    }

    /// <summary>Only as a task; ends with a JSON-RPC error.</summary>
    [McpTool("protocol_error", TaskSupport = McpTaskSupport.Required)]
    public static Task<string> ProtocolError(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        throw new McpProtocolException("backend said no", McpErrorCode.InvalidRequest);
    }

    /// <summary>Asks twice from inside its task.</summary>
    [McpTool("two_questions", TaskSupport = McpTaskSupport.Required)]
    public static async Task<string> TwoQuestions(McpInput input, CancellationToken cancellationToken)
    {
        var a = input.Elicit<OkForm>("a", "A?");
        var b = input.Elicit<OkForm>("b", "B?");
        var (first, second) = (await a, await b);
        cancellationToken.ThrowIfCancellationRequested();
        return $"a={first.Content?.Ok}, b={second.Content?.Ok}";
    }

    /// <summary>Takes longer than its timeout.</summary>
    [McpTool("too_slow", TaskSupport = McpTaskSupport.Required, TaskTimeoutMs = 100)]
    public static async Task<string> TooSlow(CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
        return "never";
    }

    /// <summary>Asks in an input round, then becomes a task; with skip it answers within the request.</summary>
    [McpTool("ask_then_task", TaskSupport = McpTaskSupport.Optional)]
    public static async Task<string> AskThenTask(bool skip, McpInput input, McpToolCall call, CancellationToken cancellationToken)
    {
        if (skip)
        {
            return "answered without a task";
        }

        var ok = await input.Elicit<OkForm>("go", "Go?");
        await call.RunAsTaskAsync();
        await Task.Delay(20, cancellationToken);
        var more = await input.Elicit<OkForm>("more", "More?");
        return $"go={ok.Content?.Ok}, more={more.Content?.Ok}";
    }

    /// <summary>Becomes a task at once, then waits.</summary>
    [McpTool("start_then_wait", TaskSupport = McpTaskSupport.Optional)]
    public static async Task<string> StartThenWait(int milliseconds, McpToolCall call, CancellationToken cancellationToken)
    {
        await call.RunAsTaskAsync();
        await Task.Delay(milliseconds, cancellationToken);
        return "waited";
    }

    /// <summary>Waits, then does something that must never happen twice (not idempotent); only as a task.</summary>
    /// <param name="label">Names the side effect in <see cref="SideEffectLog"/>.</param>
    /// <param name="milliseconds">How long to work before it.</param>
    [McpTool("side_effect", TaskSupport = McpTaskSupport.Required)]
    public static async Task<string> SideEffect(string label, int milliseconds, CancellationToken cancellationToken)
    {
        await Task.Delay(milliseconds, cancellationToken);
        SideEffectLog.Record(label);
        return "did " + label;
    }

    /// <summary>Within the request, always.</summary>
    [McpTool("now")]
    public static string Now() => "now";
}

/// <summary>What <see cref="TaskTools.SideEffect"/> did, by label: the tests count how often each happened.</summary>
public static class SideEffectLog
{
    [McpProcessLocal("A test's record of side effects, read in the same process.")]
    private static readonly ConcurrentDictionary<string, int> s_counts = new(StringComparer.Ordinal);

    /// <summary>Counts one side effect.</summary>
    public static void Record(string label) => s_counts.AddOrUpdate(label, 1, static (_, n) => n + 1);

    /// <summary>How often the side effect named <paramref name="label"/> happened.</summary>
    public static int Count(string label) => s_counts.TryGetValue(label, out int count) ? count : 0;
}
