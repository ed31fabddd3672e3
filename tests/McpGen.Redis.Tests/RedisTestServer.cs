using System;
using System.Collections.Concurrent;
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

    /// <summary>Works, then charges: a side effect that must happen at most once (not idempotent).</summary>
    /// <param name="label">Names the charge in <see cref="SideEffects"/>.</param>
    /// <param name="milliseconds">How long to work first.</param>
    [McpTool("charge", TaskSupport = McpTaskSupport.Required)]
    public static async Task<string> Charge(string label, int milliseconds, CancellationToken cancellationToken)
    {
        await Task.Delay(milliseconds, cancellationToken);
        SideEffects.Record(label);
        return "charged " + label;
    }

    /// <summary>Idempotent work that may be run again, but never by two runs at once.</summary>
    /// <param name="label">Names the work in <see cref="SideEffects"/>.</param>
    /// <param name="milliseconds">How long it takes.</param>
    [McpTool("tally", TaskSupport = McpTaskSupport.Required, Idempotent = true)]
    public static async Task<string> Tally(string label, int milliseconds, CancellationToken cancellationToken)
    {
        using (SideEffects.Enter(label))
        {
            await Task.Delay(milliseconds, cancellationToken);
        }

        SideEffects.Record(label);
        return "tallied " + label;
    }

    /// <summary>A note.</summary>
    [McpResource("notes://{id}")]
    public static string Note(string id) => "note " + id;
}

/// <summary>What the tools did, by label, across the instances of one test process.</summary>
public static class SideEffects
{
    [McpProcessLocal("The tests' record of side effects, read in the same process.")]
    private static readonly ConcurrentDictionary<string, int> s_done = new(StringComparer.Ordinal);

    [McpProcessLocal("The tests' record of runs in progress, read in the same process.")]
    private static readonly ConcurrentDictionary<string, int> s_running = new(StringComparer.Ordinal);

    [McpProcessLocal("The tests' record of overlapping runs, read in the same process.")]
    private static readonly ConcurrentDictionary<string, int> s_mostAtOnce = new(StringComparer.Ordinal);

    /// <summary>Counts one side effect.</summary>
    public static void Record(string label) => s_done.AddOrUpdate(label, 1, static (_, n) => n + 1);

    /// <summary>How often the side effect named <paramref name="label"/> happened.</summary>
    public static int Count(string label) => s_done.TryGetValue(label, out int n) ? n : 0;

    /// <summary>The most runs of <paramref name="label"/> that were in progress at the same time.</summary>
    public static int MostAtOnce(string label) => s_mostAtOnce.TryGetValue(label, out int n) ? n : 0;

    /// <summary>Marks a run in progress until disposed.</summary>
    public static IDisposable Enter(string label)
    {
        int now = s_running.AddOrUpdate(label, 1, static (_, n) => n + 1);
        s_mostAtOnce.AddOrUpdate(label, now, (_, most) => Math.Max(most, now));
        return new Exit(label);
    }

    private sealed class Exit(string label) : IDisposable
    {
        public void Dispose() => s_running.AddOrUpdate(label, 0, static (_, n) => n - 1);
    }
}
