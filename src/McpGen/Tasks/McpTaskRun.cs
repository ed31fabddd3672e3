using System;
using System.Threading;

namespace McpGen;

/// <summary>The cancellation of one run: a client's cancel, the run's timeout, or this instance stopping.</summary>
internal sealed class McpTaskRun : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _stopped = new();
    private readonly CancellationTokenSource _linked;
    private CancellationTokenRegistration _stopping;

    public McpTaskRun(TimeSpan timeout, CancellationToken stopping)
    {
        Timeout = timeout;
        _cancel = new CancellationTokenSource();
        _timer = new CancellationTokenSource(timeout);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token, _timer.Token, _stopped.Token);
        StopWith(stopping);
    }

    public TimeSpan Timeout { get; }

    public CancellationToken Token => _linked.Token;

    public bool TimedOut => _timer.IsCancellationRequested && !_cancel.IsCancellationRequested && !_stopped.IsCancellationRequested;

    /// <summary>A client cancelled the task (here or, seen through the lease, on another instance).</summary>
    public bool CancelledByClient => _cancel.IsCancellationRequested;

    /// <summary>This instance is stopping (not a client's cancel, not a lost lease): the task is handed back.</summary>
    public bool Stopping => _stopped.IsCancellationRequested && !_cancel.IsCancellationRequested && !LeaseLost;

    /// <summary>The lease could not be renewed in time or another instance took the task over: record nothing.</summary>
    public bool LeaseLost { get; private set; }

    /// <summary>Stops the run because it no longer holds the task's lease.</summary>
    public void LoseLease()
    {
        LeaseLost = true;
        try
        {
            _stopped.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// Stops the run, as this instance stopping rather than a client's cancel, when <paramref name="stopping"/> is
    /// cancelled. A run that began as a request takes the server's stopping token only once it is a task.
    /// </summary>
    public void StopWith(CancellationToken stopping)
    {
        _stopping.Dispose();
        _stopping = stopping.Register(static s =>
        {
            try
            {
                ((CancellationTokenSource)s!).Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }, _stopped);
    }

    /// <summary>A client's cancel, here or (seen through the lease) on another instance.</summary>
    public void Cancel()
    {
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _linked.Dispose();
        _stopped.Dispose();
        _timer.Dispose();
        _cancel.Dispose();
    }
}