using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen;

/// <summary>
/// Runs task work. The default, <see cref="InProcessMcpTaskExecutor"/>, runs it on the thread pool of the instance
/// that accepted or resumed the task; an implementation can hand it to a queue or a worker fleet instead, since
/// every run starts from the task's record in the <see cref="IMcpTaskStore"/>.
/// </summary>
public interface IMcpTaskExecutor
{
    /// <summary>Starts <paramref name="run"/> for <paramref name="taskId"/> and returns without waiting for it.</summary>
    /// <param name="taskId">The task the work belongs to.</param>
    /// <param name="run">The work; its token is cancelled when the executor stops.</param>
    void Start(string taskId, Func<CancellationToken, Task> run);
}

/// <summary>Runs task work on this process's thread pool; stops it when the host stops.</summary>
public sealed class InProcessMcpTaskExecutor : IMcpTaskExecutor, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    /// <summary>How many runs are in progress.</summary>
    public int Running => _running.Count;

    /// <inheritdoc/>
    public void Start(string taskId, Func<CancellationToken, Task> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (_stopping.IsCancellationRequested)
        {
            // Stopping: the task stays in the store for another instance (or this one after a restart).
            return;
        }

        var token = _stopping.Token;
        var work = Task.Run(() => run(token), CancellationToken.None);
        _running[work] = 0;
        work.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _), _running, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Cancels the runs in progress and waits for them to give their tasks back.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        try
        {
            await Task.WhenAll(_running.Keys).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Runs record their own outcome; nothing to report here.
        }

    }
}
