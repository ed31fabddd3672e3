using System;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen;

// The components the processor calls into and their lifecycle: the task engine (runs, leases, sweep, hand-back) and
// the listen hub (listen streams, legacy resource subscriptions, the event-bus subscription). Hosts start and stop
// them: McpStdioHost around its read loop, Streamable HTTP through the application's lifetime (McpHostLifetime).
public sealed partial class McpRequestProcessor : IAsyncDisposable
{
    /// <summary>The task engine: runs, leases, the sweep, <c>tasks/*</c>.</summary>
    internal McpTaskEngine Tasks => _tasks;

    /// <summary>The listen hub: <c>subscriptions/listen</c> streams and legacy resource subscriptions.</summary>
    internal McpListenHub Listens => _listens;

    /// <summary>Starts what runs in the background (the sweep for orphaned tasks). Without it the engine starts on first use.</summary>
    internal void Start() => _ = _tasks.StartAsync(CancellationToken.None);

    /// <summary>
    /// Begins stopping without waiting: listen streams end with their final result (clients listen again elsewhere) and
    /// this instance's task runs stop and start handing their tasks back. <see cref="StopAsync"/> waits for the hand-back.
    /// </summary>
    internal void BeginStopping()
    {
        _listens.Close();
        _tasks.BeginStop();
    }

    /// <summary>
    /// Stops serving: ends open <c>subscriptions/listen</c> streams (and every later one at once) and stops this
    /// instance's task runs, and completes once their tasks are handed back to the store for another instance to
    /// resume. The hosts (stdio, Streamable HTTP) call it when they stop; an application that drives the processor
    /// itself calls it, or <see cref="DisposeAsync"/>, before it exits.
    /// </summary>
    /// <param name="cancellationToken">Gives up waiting for the hand-back (the runs still stop).</param>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        _listens.Close();
        return _tasks.StopAsync(cancellationToken);
    }

    /// <summary>
    /// Stops serving as <see cref="StopAsync"/> does, waiting at most 5 seconds for running tasks to be handed back.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).WaitAsync(McpTaskEngine.HandBackTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
