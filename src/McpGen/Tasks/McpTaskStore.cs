using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen;

/// <summary>Where a task is in its life. Terminal: <see cref="Completed"/>, <see cref="Failed"/>, <see cref="Cancelled"/>.</summary>
public enum McpTaskStatus
{
    /// <summary>Queued or running.</summary>
    Working,

    /// <summary>Waiting for the client's answers (<c>tasks/update</c>).</summary>
    InputRequired,

    /// <summary>The call produced a result, a tool error (<c>isError</c>) included.</summary>
    Completed,

    /// <summary>The call produced a JSON-RPC error, timed out, or its instance died and it cannot be retried.</summary>
    Failed,

    /// <summary>Cancelled by <c>tasks/cancel</c>.</summary>
    Cancelled,
}

/// <summary>
/// Everything a task is, as an <see cref="IMcpTaskStore"/> keeps it: what to run, where it is, and what it produced.
/// Any instance can continue a task from its record alone. Records are values: change a copy and replace.
/// </summary>
public sealed record McpTaskRecord
{
    /// <summary>The unguessable id clients poll with.</summary>
    public required string TaskId { get; init; }

    /// <summary>The tool the task runs.</summary>
    public required string ToolName { get; init; }

    /// <summary>The call's arguments, UTF-8 JSON.</summary>
    public required ReadOnlyMemory<byte> Arguments { get; init; }

    /// <summary>The client capabilities the creating request declared, UTF-8 JSON (what input may be asked for).</summary>
    public required ReadOnlyMemory<byte> ClientCapabilities { get; init; }

    /// <summary>Where the task is.</summary>
    public McpTaskStatus Status { get; init; }

    /// <summary>A human-readable note on the status.</summary>
    public string? StatusMessage { get; init; }

    /// <summary>When the task was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When anything about it last changed.</summary>
    public DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>How long the task is kept after creation, in milliseconds (<c>ttlMs</c>).</summary>
    public long TimeToLiveMs { get; init; }

    /// <summary>How often clients should poll, in milliseconds.</summary>
    public long PollIntervalMs { get; init; }

    /// <summary>While <see cref="McpTaskStatus.InputRequired"/>: the open questions, a JSON object of key → <c>{method, params}</c>.</summary>
    public ReadOnlyMemory<byte> InputRequests { get; init; }

    /// <summary>Every answer received so far, a JSON object of key → response; keys are never reused.</summary>
    public ReadOnlyMemory<byte> Answers { get; init; }

    /// <summary>A client asked to cancel; the run stops at its next cancellation check.</summary>
    public bool CancelRequested { get; init; }

    /// <summary>When <see cref="McpTaskStatus.Completed"/>: the members of the tool result (<c>content</c>, <c>structuredContent</c>, <c>isError</c>), as a JSON object.</summary>
    public ReadOnlyMemory<byte> Result { get; init; }

    /// <summary>When <see cref="McpTaskStatus.Failed"/>: the JSON-RPC error, <c>{code, message, data?}</c>.</summary>
    public ReadOnlyMemory<byte> Error { get; init; }

    /// <summary>How many runs have started.</summary>
    public int Attempts { get; init; }

    /// <summary>The instance running the task now, or <see langword="null"/>.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>Until when <see cref="LeaseOwner"/> holds the task without renewing.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>
    /// Who created the task: the authenticated caller's issuer and subject, or <see langword="null"/> when the caller
    /// was anonymous (stdio, or HTTP without authorization). Only that caller may get, update or cancel the task; to
    /// anyone else it does not exist.
    /// </summary>
    public string? CreatedBy { get; init; }

    /// <summary>
    /// The remote calls the task's runs made (agent-to-agent delegation), by <see cref="McpChildLink.Key"/>: each is
    /// recorded before the run goes on, so a run resumed on another instance re-attaches to running children and reads
    /// completed ones instead of calling again. <see langword="null"/> when the task delegated nothing.
    /// </summary>
    public IReadOnlyDictionary<string, McpChildLink>? Links { get; init; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the request that created the task, so its runs (and the calls they delegate) stay in
    /// the caller's trace; <see langword="null"/> when nothing traced it.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>
    /// While the task is unfinished and <see cref="McpTaskOptions.KeepCallerToken"/> is on: the creating caller's access
    /// token, sealed with the <c>requestState</c> keys (stores never see it in clear). <see langword="null"/> otherwise.
    /// </summary>
    public string? SealedCallerToken { get; init; }

    /// <summary>Incremented by the store on every replace; the basis of optimistic concurrency.</summary>
    public long Version { get; init; }

    /// <summary>Whether the task has ended; a terminal task never changes again.</summary>
    public bool IsTerminal => Status is McpTaskStatus.Completed or McpTaskStatus.Failed or McpTaskStatus.Cancelled;
}

/// <summary>
/// What a store enforces when it creates a task. Unfinished tasks (working or waiting for input) are limited overall
/// and per caller: a store refuses to create a task past either. Finished tasks are kept for their time to live, but
/// at most <see cref="MaxFinishedTasksPerCaller"/> of one caller: past it, creating a task drops that caller's
/// oldest finished tasks early, so a caller that creates tasks quickly cannot fill the store with results. Callers are
/// told apart by <see cref="McpTaskRecord.CreatedBy"/>; every anonymous caller counts as one.
/// </summary>
/// <param name="MaxActiveTasks">The most unfinished tasks of all callers together.</param>
/// <param name="MaxActiveTasksPerCaller">The most unfinished tasks of one caller.</param>
/// <param name="MaxFinishedTasksPerCaller">The most finished tasks of one caller kept until their time to live.</param>
public readonly record struct McpTaskLimits(int MaxActiveTasks, int MaxActiveTasksPerCaller, int MaxFinishedTasksPerCaller)
{
    /// <summary>No limit at all.</summary>
    public static McpTaskLimits None => new(int.MaxValue, int.MaxValue, int.MaxValue);
}

/// <summary>What <see cref="IMcpTaskStore.CreateAsync"/> did.</summary>
public enum McpTaskCreation
{
    /// <summary>The task is stored; any instance can read it.</summary>
    Created,

    /// <summary>Not stored: its caller has <see cref="McpTaskLimits.MaxActiveTasksPerCaller"/> unfinished tasks already.</summary>
    CallerLimitReached,

    /// <summary>Not stored: the server has <see cref="McpTaskLimits.MaxActiveTasks"/> unfinished tasks already.</summary>
    ServerLimitReached,
}

/// <summary>
/// A task store's backing engine cannot be reached or did not answer in time. The message is fit for clients (it
/// names no internals); the inner exception has the details. Nothing was lost: the caller may try again.
/// </summary>
public sealed class McpTaskStoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is unavailable, fit for clients.</param>
    /// <param name="innerException">The engine's own error.</param>
    public McpTaskStoreUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Keeps tasks so that every instance sees the same ones: creation is durable before the client hears of the task,
/// and changes are compare-and-swap on <see cref="McpTaskRecord.Version"/>. Records expire by themselves after
/// <see cref="McpTaskRecord.TimeToLiveMs"/>, so a store never grows without bound. The default,
/// <see cref="InMemoryMcpTaskStore"/>, serves one instance; McpGen.Redis has the store for several.
/// </summary>
public interface IMcpTaskStore
{
    /// <summary>
    /// Stores a new task unless <paramref name="limits"/> would be passed, atomically with counting; when this
    /// returns <see cref="McpTaskCreation.Created"/>, any instance can read it.
    /// </summary>
    /// <param name="task">The task, with <see cref="McpTaskRecord.Version"/> 0.</param>
    /// <param name="limits">How many tasks may exist; <see cref="McpTaskLimits.None"/> for no limit.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="McpTaskStoreUnavailableException">The backing engine cannot be reached.</exception>
    Task<McpTaskCreation> CreateAsync(McpTaskRecord task, McpTaskLimits limits, CancellationToken cancellationToken);

    /// <summary>Reads a task; <see langword="null"/> when it never existed or has expired.</summary>
    /// <param name="taskId">The task's id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<McpTaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a task when its stored version is still <paramref name="expectedVersion"/>; the stored copy gets
    /// version <paramref name="expectedVersion"/> + 1. <see langword="false"/> when another change came first (read and try again) or it expired.
    /// </summary>
    /// <param name="task">The new record.</param>
    /// <param name="expectedVersion">The version the change was made from.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<bool> TryReplaceAsync(McpTaskRecord task, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Ids of tasks still <see cref="McpTaskStatus.Working"/> whose <see cref="McpTaskRecord.LeaseExpiresAt"/> is before
    /// <paramref name="now"/>: the instance running them died, or none ever started them. Another instance takes
    /// them over (or fails them) so that no task stays working forever.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="limit">The most ids to return.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<IReadOnlyList<string>> FindLapsedLeasesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);
}

/// <summary>An <see cref="IMcpTaskStore"/> in this process's memory: for stdio servers and single instances. Expired tasks are dropped when touched and by a periodic sweep.</summary>
public sealed class InMemoryMcpTaskStore : IMcpTaskStore
{
    private readonly ConcurrentDictionary<string, McpTaskRecord> _tasks = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Unfinished tasks by caller (<c>""</c> for anonymous) and in all; changed under <see cref="_countGate"/>.</summary>
    private readonly Dictionary<string, int> _activeByCaller = new(StringComparer.Ordinal);

    /// <summary>Ids of finished tasks by caller, oldest first (some may have expired since); changed under <see cref="_countGate"/>.</summary>
    private readonly Dictionary<string, Queue<string>> _finishedByCaller = new(StringComparer.Ordinal);
    private readonly object _countGate = new();
    private int _active;
    private long _nextSweep;

    /// <summary>Creates a store.</summary>
    /// <param name="time">The clock expiry is measured by; <see langword="null"/> for the system clock.</param>
    public InMemoryMcpTaskStore(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>How many tasks are kept now (expired ones excluded once swept).</summary>
    public int Count => _tasks.Count;

    /// <inheritdoc/>
    public Task<McpTaskCreation> CreateAsync(McpTaskRecord task, McpTaskLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        Sweep();
        string caller = task.CreatedBy ?? "";
        lock (_countGate)
        {
            int ofCaller = _activeByCaller.GetValueOrDefault(caller);
            if (!task.IsTerminal)
            {
                if (ofCaller >= limits.MaxActiveTasksPerCaller)
                {
                    return Task.FromResult(McpTaskCreation.CallerLimitReached);
                }

                if (_active >= limits.MaxActiveTasks)
                {
                    return Task.FromResult(McpTaskCreation.ServerLimitReached);
                }
            }

            // Room for the result this task will leave: drop the caller's oldest finished tasks past the limit.
            if (_finishedByCaller.TryGetValue(caller, out var finished))
            {
                while (finished.Count > 0 && finished.Count >= limits.MaxFinishedTasksPerCaller)
                {
                    string oldest = finished.Dequeue();
                    if (_tasks.TryGetValue(oldest, out var old) && old.IsTerminal)
                    {
                        _tasks.TryRemove(new(oldest, old));
                    }
                }
            }

            if (!_tasks.TryAdd(task.TaskId, task with { Version = 0 }))
            {
                throw new InvalidOperationException($"A task with id '{task.TaskId}' exists already.");
            }

            if (!task.IsTerminal)
            {
                _activeByCaller[caller] = ofCaller + 1;
                _active++;
            }
        }

        return Task.FromResult(McpTaskCreation.Created);
    }

    /// <summary>How many unfinished tasks there are, of all callers or of one (<c>""</c> for anonymous callers).</summary>
    /// <param name="createdBy">The caller, as in <see cref="McpTaskRecord.CreatedBy"/>; <see langword="null"/> for all callers.</param>
    public int CountActive(string? createdBy = null)
    {
        lock (_countGate)
        {
            return createdBy is null ? _active : _activeByCaller.GetValueOrDefault(createdBy);
        }
    }

    /// <summary>A task stopped counting as unfinished: it ended (<paramref name="ended"/>, and its result is kept), or expired unfinished.</summary>
    private void Finished(McpTaskRecord task, bool ended)
    {
        string caller = task.CreatedBy ?? "";
        lock (_countGate)
        {
            if (ended)
            {
                if (!_finishedByCaller.TryGetValue(caller, out var finished))
                {
                    _finishedByCaller[caller] = finished = new Queue<string>();
                }

                finished.Enqueue(task.TaskId);
            }

            _active--;
            if (_activeByCaller.TryGetValue(caller, out int count) && count > 1)
            {
                _activeByCaller[caller] = count - 1;
            }
            else
            {
                _activeByCaller.Remove(caller);
            }
        }
    }

    private void Remove(string id, McpTaskRecord task)
    {
        if (_tasks.TryRemove(new(id, task)) && !task.IsTerminal)
        {
            Finished(task, ended: false);
        }
    }

    /// <inheritdoc/>
    public Task<McpTaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken)
    {
        if (_tasks.TryGetValue(taskId, out var task) && IsExpired(task))
        {
            Remove(taskId, task);
            task = null;
        }

        return Task.FromResult(task);
    }

    /// <inheritdoc/>
    public Task<bool> TryReplaceAsync(McpTaskRecord task, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        bool replaced = _tasks.TryGetValue(task.TaskId, out var current)
            && current.Version == expectedVersion
            && !IsExpired(current)
            && _tasks.TryUpdate(task.TaskId, task with { Version = expectedVersion + 1 }, current);
        if (replaced && !current!.IsTerminal && task.IsTerminal)
        {
            Finished(current, ended: true);
        }

        return Task.FromResult(replaced);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> FindLapsedLeasesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (var (id, task) in _tasks)
        {
            if (ids.Count >= limit)
            {
                break;
            }

            if (task.Status == McpTaskStatus.Working && task.LeaseExpiresAt <= now && !IsExpired(task))
            {
                ids.Add(id);
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(ids);
    }

    private bool IsExpired(McpTaskRecord task) => _time.GetUtcNow() >= task.CreatedAt.AddMilliseconds(task.TimeToLiveMs);

    /// <summary>Drops expired tasks at most once a minute, so a store nobody reads from still shrinks.</summary>
    private void Sweep()
    {
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        long next = Interlocked.Read(ref _nextSweep);
        if (now < next || Interlocked.CompareExchange(ref _nextSweep, now + 60_000, next) != next)
        {
            return;
        }

        foreach (var (id, task) in _tasks)
        {
            if (IsExpired(task))
            {
                Remove(id, task);
            }
        }

        // Forget the finished ids that expired, and the callers left with none.
        lock (_countGate)
        {
            foreach (var (caller, finished) in _finishedByCaller)
            {
                int count = finished.Count;
                for (int i = 0; i < count; i++)
                {
                    string id = finished.Dequeue();
                    if (_tasks.ContainsKey(id))
                    {
                        finished.Enqueue(id);
                    }
                }

                if (finished.Count == 0)
                {
                    _finishedByCaller.Remove(caller);
                }
            }
        }
    }
}
