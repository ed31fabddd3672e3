using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

// The tasks extension (io.modelcontextprotocol/tasks): durable task records in an IMcpTaskStore, runs under a lease
// on whichever instance accepted or resumed the task, and tasks/get, tasks/update, tasks/cancel on any instance.
public sealed partial class McpRequestProcessor
{
    internal const string TasksExtension = "io.modelcontextprotocol/tasks";

    private readonly ConcurrentDictionary<string, TaskRun> _runningTasks = new(StringComparer.Ordinal);

    /// <summary>Runs that began as a request (<see cref="McpToolCall.RunAsTaskAsync"/>), not through the executor.</summary>
    private readonly ConcurrentDictionary<Task, TaskRun> _runsStartedByHandlers = new();

    /// <summary>How long a stopping host waits for its task runs to hand their tasks back.</summary>
    private static readonly TimeSpan s_handBackTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Completes once every run stopped by <see cref="StopAsync"/> has handed its task back.</summary>
    private Task? _stoppedTaskRuns;
    private object? _stopGate;
    private string? _instanceIdValue;

    /// <summary>Names this instance as a lease owner; made on first use, so servers that run no task never touch the crypto library.</summary>
    private string InstanceId => LazyInitializer.EnsureInitialized(ref _instanceIdValue, static () =>
        Environment.MachineName + "/" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "/" + Base64Url.Encode(RandomNumberGenerator.GetBytes(6)));
    private IMcpTaskStore _taskStore = null!;
    private IMcpTaskExecutor _taskExecutor = null!;

    /// <summary>The store this server keeps tasks in: the registered <see cref="IMcpTaskStore"/>, or one in memory.</summary>
    public IMcpTaskStore TaskStore => _taskStore;

    private void InitializeTasks()
    {
        _taskStore = Services.GetService<IMcpTaskStore>() ?? new InMemoryMcpTaskStore();
        _taskExecutor = Services.GetService<IMcpTaskExecutor>() ?? new InProcessMcpTaskExecutor();
        if (_runtime.Documents.HasTasks)
        {
            _ = SweepLoopAsync(_stopping.Token);
        }
    }

    /// <summary>
    /// Stops serving: ends listen streams (<see cref="EndSubscriptions"/>) and stops this instance's task runs, and
    /// completes once their tasks are handed back to the store for another instance to resume. The hosts call it when
    /// they stop; an application that drives the processor itself calls it before it exits.
    /// </summary>
    /// <param name="cancellationToken">Gives up waiting (the runs still stop).</param>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        EndSubscriptions();
        return _stoppedTaskRuns!.WaitAsync(cancellationToken);
    }

    /// <summary>Starts stopping this instance's task runs (once); <see cref="StopAsync"/> waits for it.</summary>
    private void StopTaskRuns() => LazyInitializer.EnsureInitialized(ref _stoppedTaskRuns, ref _stopGate, StopTaskRunsAsync);

    private void WaitForTaskHandBack()
    {
        try
        {
            // ApplicationStopped callbacks are synchronous; a bounded wait so a store that hangs cannot hang shutdown.
            StopAsync().Wait(s_handBackTimeout);
        }
        catch (AggregateException)
        {
        }
    }

    private async Task StopTaskRunsAsync()
    {
        // The stopping token has been cancelled: the runs are stopping; wait for each to record the hand-back.
        if (_taskExecutor is InProcessMcpTaskExecutor executor)
        {
            await executor.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(_runsStartedByHandlers.Keys).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Each run records its own failure; a hand-back that failed leaves the lease to lapse.
            LogTaskHandBackFailed(_runtime.Logger, ex);
        }
    }

    /// <summary>Whether this request's client capabilities name the tasks extension (decided per request, never remembered).</summary>
    internal static bool DeclaresTasks(ReadOnlySpan<byte> clientCapabilities)
    {
        if (clientCapabilities.IsEmpty)
        {
            return false;
        }

        var reader = new Utf8JsonReader(clientCapabilities);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isExtensions = reader.ValueTextEquals("extensions"u8);
            reader.Read();
            if (isExtensions && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isTasks = reader.ValueTextEquals(TasksExtension);
                    reader.Read();
                    if (isTasks && reader.TokenType == JsonTokenType.StartObject)
                    {
                        return true;
                    }

                    reader.Skip();
                }

                return false;
            }

            reader.Skip();
        }

        return false;
    }

    internal static void WriteMissingTasksExtension(IBufferWriter<byte> response, ReadOnlySpan<byte> id, string what) =>
        WriteError(response, id, McpProtocol.ErrorCodes.MissingRequiredClientCapability,
            $"{what} needs the client extension {TasksExtension}; declare it in params._meta[\"io.modelcontextprotocol/clientCapabilities\"].extensions.",
            static w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("requiredCapabilities"u8);
                w.WriteStartObject("extensions"u8);
                w.WriteStartObject(TasksExtension);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            });

    /// <summary>Creates the task durably, starts its first run and answers with the flat <c>CreateTaskResult</c>.</summary>
    internal async ValueTask<McpProcessResult> CreateTaskAsync(ReadOnlyMemory<byte> id, IBufferWriter<byte> response, McpToolDescriptor tool, ReadOnlyMemory<byte> arguments, McpRequestParams p, string? caller, CancellationToken cancellationToken)
    {
        // Unclaimed until a run starts; if none does in time (this instance died), another instance will.
        var task = NewTask(tool, arguments.ToArray(), p.ClientCapabilities.ToArray(), answers: default, owner: null, caller);

        // Without a stored task there is nothing to poll: say so instead of returning a handle that resolves nowhere.
        if (await TryStoreNewTaskAsync(task, tool, response, id, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        StartTaskRun(task.TaskId);
        WriteCreatedTask(response, id.Span, task);
        return McpProcessResult.Responded;
    }

    /// <summary>
    /// A call whose handler decides where the task starts (<see cref="McpToolCall.RunAsTaskAsync"/>): it runs as an
    /// ordinary request, input rounds included, until it asks to become a task; then the task is stored with the
    /// answers so far, the request is answered with its handle, and the handler goes on as the task's first run.
    /// </summary>
    internal async ValueTask<McpProcessResult> CallStartingTaskAsync(ReadOnlyMemory<byte> id, IBufferWriter<byte> response, McpToolDescriptor tool, ReadOnlyMemory<byte> arguments, McpRequestParams p, McpInputRound? round, string? caller, CancellationToken requestToken)
    {
        var starter = new McpTaskStarter();
        var run = new TaskRun(tool.TaskPolicy?.Timeout ?? Options.Tasks.Timeout, CancellationToken.None);
        var requestLink = requestToken.Register(static r => ((TaskRun)r!).Cancel(), run);

        // The handler may outlive the request, whose message buffer is then reused: it works on copies.
        byte[] argumentsCopy = arguments.ToArray(), meta = p.Meta.ToArray(), capabilities = p.ClientCapabilities.ToArray();
        var handler = InvokeIntoObjectAsync(tool, (w, services) => new McpToolCall(tool, argumentsCopy, w, null, McpProtocol.LatestVersion, meta, capabilities, services, run.Token)
        {
            Events = Events,
            InputRound = round ?? McpInputRound.First(McpProtocol.Methods.ToolsCall, tool.Name, argumentsCopy, caller),
            TaskStarter = starter,
        }, run.Token);

        if (await Task.WhenAny(handler, starter.Requested).ConfigureAwait(false) == handler)
        {
            // It ended within the request: an ordinary answer.
            requestLink.Dispose();
            run.Dispose();
            TaskOutcome outcome;
            try
            {
                outcome = await handler.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (requestToken.IsCancellationRequested)
            {
                return McpProcessResult.Cancelled;
            }

            return WriteOutcome(response, id.Span, outcome);
        }

        var task = NewTask(tool, argumentsCopy, capabilities, (round ?? McpInputRound.First(McpProtocol.Methods.ToolsCall, tool.Name, default, caller)).AnswersJson(), owner: InstanceId, caller);

        if (await TryStoreNewTaskAsync(task, tool, response, id, requestToken).ConfigureAwait(false) is { } refused)
        {
            starter.Failed(new InvalidOperationException($"The task for tool '{tool.Name}' was not stored."));
            _ = handler.ContinueWith(static (_, r) => ((TaskRun)r!).Dispose(), run, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            requestLink.Dispose();
            return refused;
        }

        // From here only tasks/cancel, the timeout or shutdown stop it: the request is over.
        requestLink.Dispose();
        run.StopWith(_stopping.Token);
        starter.Stored();
        var recording = RecordRunAsync(task.TaskId, run, handler);
        _runsStartedByHandlers[recording] = run;
        _ = recording.ContinueWith(static (t, p) =>
        {
            var processor = (McpRequestProcessor)p!;
            if (processor._runsStartedByHandlers.TryRemove(t, out var finished))
            {
                finished.Dispose();
            }
        }, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        WriteCreatedTask(response, id.Span, task);
        return McpProcessResult.Responded;
    }

    /// <summary>
    /// Stores a new task within the live-task limits; <see langword="null"/> when stored, otherwise the error
    /// written (a limit reached, or the store unavailable).
    /// </summary>
    private async ValueTask<McpProcessResult?> TryStoreNewTaskAsync(McpTaskRecord task, McpToolDescriptor tool, IBufferWriter<byte> response, ReadOnlyMemory<byte> id, CancellationToken cancellationToken)
    {
        McpTaskCreation created;
        try
        {
            created = await _taskStore.CreateAsync(task, new McpTaskLimits(Options.Tasks.MaxActiveTasks, Options.Tasks.MaxActiveTasksPerCaller, Options.Tasks.MaxFinishedTasksPerCaller), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogTaskStoreFailed(_runtime.Logger, tool.Name, ex);
            WriteError(response, id.Span, McpProtocol.ErrorCodes.InternalError, $"The task for tool '{tool.Name}' could not be stored: {StoreProblem(ex)} Try again.");
            return McpProcessResult.Responded;
        }

        if (created == McpTaskCreation.Created)
        {
            return null;
        }

        bool ofCaller = created == McpTaskCreation.CallerLimitReached;
        int limit = ofCaller ? Options.Tasks.MaxActiveTasksPerCaller : Options.Tasks.MaxActiveTasks;
        string option = ofCaller ? "MaxActiveTasksPerCaller" : "MaxActiveTasks";
        LogTaskLimitReached(_runtime.Logger, tool.Name, option, limit);
        WriteError(response, id.Span, McpProtocol.ErrorCodes.InternalError,
            ofCaller
                ? $"Too many unfinished tasks: this caller has {limit} working or waiting for input (McpServerOptions.Tasks.{option}). Wait for one to finish, or cancel one, and try again."
                : $"Too many unfinished tasks: this server has {limit} working or waiting for input (McpServerOptions.Tasks.{option}). Try again later.",
            w =>
            {
                w.WriteStartObject();
                w.WriteString("limit"u8, option);
                w.WriteNumber("max"u8, limit);
                w.WriteEndObject();
            });
        return McpProcessResult.Responded;
    }

    /// <summary>What to tell a client about a store failure: a store's own words when they are meant for clients, never an engine's internals (those go to the log).</summary>
    private static string StoreProblem(Exception ex) =>
        ex is McpTaskStoreUnavailableException ? ex.Message : "the task store failed (the server's log has the details).";

    /// <summary>
    /// A new working task. Its lease runs from now: held by <paramref name="owner"/> when a run is already under way
    /// here, otherwise a deadline by which some run must claim it (if none does, this instance died and another sweeps it up).
    /// </summary>
    private McpTaskRecord NewTask(McpToolDescriptor tool, byte[] arguments, byte[] capabilities, ReadOnlyMemory<byte> answers, string? owner, string? createdBy)
    {
        var now = Time.GetUtcNow();
        var policy = tool.TaskPolicy;
        return new McpTaskRecord
        {
            TaskId = "tsk_" + Base64Url.Encode(RandomNumberGenerator.GetBytes(18)),
            ToolName = tool.Name,
            Arguments = arguments,
            ClientCapabilities = capabilities,
            Answers = answers,
            Status = McpTaskStatus.Working,
            StatusMessage = owner is null ? "queued" : "running",
            CreatedAt = now,
            LastUpdatedAt = now,
            TimeToLiveMs = Math.Max(1, McpServerOptions.ToMilliseconds(policy?.TimeToLive ?? Options.Tasks.TimeToLive)),
            PollIntervalMs = Math.Max(1, McpServerOptions.ToMilliseconds(policy?.PollInterval ?? Options.Tasks.PollInterval)),
            Attempts = owner is null ? 0 : 1,
            LeaseOwner = owner,
            LeaseExpiresAt = now + Options.Tasks.LeaseDuration,
            CreatedBy = createdBy,
        };
    }

    /// <summary>The flat <c>CreateTaskResult</c>: the task's fields and nothing of its result.</summary>
    private void WriteCreatedTask(IBufferWriter<byte> response, ReadOnlySpan<byte> id, McpTaskRecord task)
    {
        McpObservedAnswer.Record(response, McpAuditOutcome.TaskCreated);
        JsonScratch.WriteTo(response, (Id: id.ToArray(), Task: task, Documents: _runtime.Documents), static (w, s) =>
        {
            WriteResponseStart(w, s.Id);
            w.WriteStartObject("result"u8);
            w.WriteString("resultType"u8, "task"u8);
            WriteTaskFields(w, s.Task, detailed: false);
            s.Documents.WriteResultMeta(w);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>The answer of a call that ended within its request, from its outcome.</summary>
    private McpProcessResult WriteOutcome(IBufferWriter<byte> response, ReadOnlySpan<byte> id, in TaskOutcome outcome)
    {
        switch (outcome.Status)
        {
            case McpTaskStatus.InputRequired:
                _runtime.WriteInputRequired(response, id, outcome.Input!, modern: true);
                return McpProcessResult.Responded;
            case McpTaskStatus.Failed:
                var reader = new Utf8JsonReader(outcome.Error.Span);
                using (var error = JsonDocument.ParseValue(ref reader))
                {
                    int code = error.RootElement.GetProperty("code").GetInt32();
                    WriteError(response, id, code, error.RootElement.GetProperty("message").GetString()!);
                    return code == McpProtocol.ErrorCodes.MissingRequiredClientCapability ? McpProcessResult.Rejected : McpProcessResult.Responded;
                }

            default:
                if (outcome.IsToolError)
                {
                    McpObservedAnswer.Record(response, McpAuditOutcome.ToolError);
                }

                JsonScratch.WriteTo(response, (Id: id.ToArray(), Result: outcome.Result, Documents: _runtime.Documents), static (w, s) =>
                {
                    WriteResponseStart(w, s.Id);
                    w.WriteStartObject("result"u8);
                    w.WriteString("resultType"u8, "complete"u8);
                    WriteMembers(w, s.Result.Span);
                    s.Documents.WriteResultMeta(w);
                    w.WriteEndObject();
                    w.WriteEndObject();
                });
                return McpProcessResult.Responded;
        }
    }

    /// <summary>Copies the members of a JSON object into the object being written.</summary>
    private static void WriteMembers(Utf8JsonWriter w, ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string member = reader.GetString()!;
            reader.Read();
            int start = (int)reader.TokenStartIndex;
            reader.Skip();
            w.WritePropertyName(member);
            w.WriteRawValue(json[start..(int)reader.BytesConsumed], skipInputValidation: true);
        }
    }

    /// <summary>
    /// Takes over tasks whose instance stopped: a task never started runs; one that was running runs again when its
    /// tool is idempotent and attempts remain, otherwise it fails saying why; one whose cancel was requested ends
    /// cancelled. Every instance sweeps now and then, so no task stays working forever.
    /// </summary>
    internal async Task SweepTasksAsync(CancellationToken cancellationToken)
    {
        var lapsed = await _taskStore.FindLapsedLeasesAsync(Time.GetUtcNow(), 100, cancellationToken).ConfigureAwait(false);
        foreach (var taskId in lapsed)
        {
            var task = await _taskStore.GetAsync(taskId, cancellationToken).ConfigureAwait(false);
            if (task is not { Status: McpTaskStatus.Working } || task.LeaseExpiresAt > Time.GetUtcNow())
            {
                continue;
            }

            var tool = Definition.FindTool(System.Text.Encoding.UTF8.GetBytes(task.ToolName));
            int maxAttempts = Math.Max(1, tool?.TaskPolicy?.MaxAttempts ?? Options.Tasks.MaxAttempts);
            bool idempotent = tool?.Annotations?.Idempotent == true;
            if (task.CancelRequested)
            {
                await FinishTaskAsync(taskId, McpTaskStatus.Cancelled).ConfigureAwait(false);
            }
            else if (task.Attempts == 0 || (idempotent && task.Attempts < maxAttempts))
            {
                StartTaskRun(taskId);
            }
            else
            {
                string why = idempotent
                    ? $"all {maxAttempts} attempts were used"
                    : $"tool '{task.ToolName}' is not marked idempotent, so it is not run again";
                var error = ErrorJson(McpProtocol.ErrorCodes.InternalError, $"The instance running this task stopped before it finished (attempt {task.Attempts}); {why}.");
                await ChangeTaskAsync(taskId, t => t.Status != McpTaskStatus.Working || t.LeaseExpiresAt > Time.GetUtcNow() ? null : t with
                {
                    Status = McpTaskStatus.Failed,
                    StatusMessage = "failed",
                    Error = error,
                    LeaseOwner = null,
                    LeaseExpiresAt = null,
                }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sweeps for orphaned tasks every half lease while the processor lives.</summary>
    private async Task SweepLoopAsync(CancellationToken stopping)
    {
        var interval = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, Options.Tasks.LeaseDuration.Ticks / 2));
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, stopping).ConfigureAwait(false);
                await SweepTasksAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store is unreachable now; the next sweep tries again.
                LogTaskStoreFailed(_runtime.Logger, "the sweep for orphaned tasks", ex);
            }
        }
    }

    private void StartTaskRun(string taskId) => _taskExecutor.Start(taskId, stopping => RunTaskAsync(taskId, stopping));

    /// <summary>
    /// One run of a task: claim it under a lease, run the tool with the answers received so far, and record what came
    /// of it. The lease is renewed about once a second, which is also when a cancel requested on another instance is seen.
    /// </summary>
    private async Task RunTaskAsync(string taskId, CancellationToken stopping)
    {
        var leaseDuration = Options.Tasks.LeaseDuration;
        var claimed = await ChangeTaskAsync(taskId, t =>
            t.Status == McpTaskStatus.Working && !t.CancelRequested && (t.LeaseOwner is null || t.LeaseExpiresAt <= Time.GetUtcNow())
                ? t with { LeaseOwner = InstanceId, LeaseExpiresAt = Time.GetUtcNow() + leaseDuration, Attempts = t.Attempts + 1, StatusMessage = "running" }
                : null, CancellationToken.None).ConfigureAwait(false);
        if (claimed is not { Changed: true, Task: { } task })
        {
            if (claimed is { Task.CancelRequested: true, Task.Status: McpTaskStatus.Working })
            {
                await ChangeTaskAsync(taskId, t => t.IsTerminal ? null : t with { Status = McpTaskStatus.Cancelled, StatusMessage = "cancelled", LeaseOwner = null, LeaseExpiresAt = null }, CancellationToken.None).ConfigureAwait(false);
            }

            return;
        }

        var tool = Definition.FindTool(System.Text.Encoding.UTF8.GetBytes(task.ToolName));
        if (tool is null)
        {
            await FinishTaskAsync(taskId, McpTaskStatus.Failed, error: ErrorJson(McpProtocol.ErrorCodes.InternalError, $"Tool '{task.ToolName}' no longer exists on this server.")).ConfigureAwait(false);
            return;
        }

        using var run = new TaskRun(tool.TaskPolicy?.Timeout ?? Options.Tasks.Timeout, stopping);
        await RecordRunAsync(taskId, run, InvokeTaskAsync(tool, task, run.Token)).ConfigureAwait(false);
    }

    /// <summary>The cancellation of one run: a client's cancel, the run's timeout, or this instance stopping.</summary>
    private sealed class TaskRun : IDisposable
    {
        private readonly CancellationTokenSource _cancel;
        private readonly CancellationTokenSource _timer;
        private readonly CancellationTokenSource _stopped = new();
        private readonly CancellationTokenSource _linked;
        private CancellationTokenRegistration _stopping;

        public TaskRun(TimeSpan timeout, CancellationToken stopping)
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

    /// <summary>Waits for a run under its renewed lease and records what came of it.</summary>
    private async Task RecordRunAsync(string taskId, TaskRun run, Task<TaskOutcome> running)
    {
        _runningTasks[taskId] = run;
        using var renewing = new CancellationTokenSource();
        var renewal = RenewLeaseAsync(taskId, run, renewing.Token);
        try
        {
            var outcome = await running.ConfigureAwait(false);
            await RecordOutcomeAsync(taskId, outcome.Status, outcome.Result, outcome.Error, outcome.InputRequests, outcome.Answers).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.Token.IsCancellationRequested)
        {
            if (run.TimedOut)
            {
                await RecordOutcomeAsync(taskId, McpTaskStatus.Failed, error: ErrorJson(McpProtocol.ErrorCodes.InternalError, $"The task ran longer than its timeout of {run.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s and was stopped.")).ConfigureAwait(false);
            }
            else if (run.Stopping || run.LeaseLost)
            {
                // Not the client cancelling: give the task back (if it is still ours) for another instance to resume.
                await HandBackAsync(taskId).ConfigureAwait(false);
            }
            else
            {
                await RecordOutcomeAsync(taskId, McpTaskStatus.Cancelled).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            LogTaskFailed(_runtime.Logger, taskId, ex);
            await RecordOutcomeAsync(taskId, McpTaskStatus.Failed, error: ErrorJson(McpProtocol.ErrorCodes.InternalError, "The task failed: " + ex.Message)).ConfigureAwait(false);
        }
        finally
        {
            _runningTasks.TryRemove(taskId, out _);
            renewing.Cancel();
            await renewal.ConfigureAwait(false);
        }
    }

    /// <summary>Releases this instance's lease so the sweep resumes the task at once; best effort (a lease also lapses by itself).</summary>
    private async Task HandBackAsync(string taskId)
    {
        try
        {
            await ChangeTaskAsync(taskId, t => t.IsTerminal || t.LeaseOwner != InstanceId ? null : t with { LeaseOwner = null, LeaseExpiresAt = Time.GetUtcNow(), StatusMessage = "interrupted; waiting to be resumed" }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogTaskHandBackFailed(_runtime.Logger, ex);
        }
    }

    /// <summary>
    /// Records a run's outcome while this instance still holds the task, trying again while the store is unreachable:
    /// a result finished during an outage is written once the store is back. It stops trying when the task is no
    /// longer this instance's (ended, expired, or taken over: a result is never written over another run's) or when
    /// the instance stops, in which case the lease lapses and the sweep decides.
    /// </summary>
    private async Task RecordOutcomeAsync(string taskId, McpTaskStatus status, ReadOnlyMemory<byte> result = default, ReadOnlyMemory<byte> error = default, ReadOnlyMemory<byte> inputRequests = default, ReadOnlyMemory<byte> answers = default)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        bool logged = false;
        while (true)
        {
            try
            {
                await FinishTaskAsync(taskId, status, result, error, inputRequests, answers, requireLease: true).ConfigureAwait(false);
                if (logged)
                {
                    LogTaskStoreRecovered(_runtime.Logger, taskId);
                }

                return;
            }
            catch (Exception ex)
            {
                if (!logged)
                {
                    logged = true;
                    LogTaskOutcomeDelayed(_runtime.Logger, taskId, ex);
                }
            }

            if (_stopping.IsCancellationRequested)
            {
                LogTaskOutcomeLost(_runtime.Logger, taskId);
                return;
            }

            await Task.Delay(delay, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_outcomeRetryCap.Ticks));
        }
    }

    /// <summary>The longest wait between two tries to record an outcome while the store is unreachable.</summary>
    private static readonly TimeSpan s_outcomeRetryCap = TimeSpan.FromSeconds(2);

    /// <summary>What one run produced.</summary>
    private readonly record struct TaskOutcome(McpTaskStatus Status, ReadOnlyMemory<byte> Result = default, ReadOnlyMemory<byte> Error = default, ReadOnlyMemory<byte> InputRequests = default, ReadOnlyMemory<byte> Answers = default, McpInput? Input = null, bool IsToolError = false);

    private Task<TaskOutcome> InvokeTaskAsync(McpToolDescriptor tool, McpTaskRecord task, CancellationToken cancellationToken) =>
        InvokeIntoObjectAsync(tool, (w, services) => new McpToolCall(tool, task.Arguments, w, null, McpProtocol.LatestVersion, default, task.ClientCapabilities, services, cancellationToken)
        {
            Events = Events,
            InputRound = McpInputRound.FromAnswers(McpProtocol.Methods.ToolsCall, tool.Name, task.Answers.Span),
        }, cancellationToken);

    /// <summary>Runs the tool as <c>tools/call</c> would, writing the result's members into an object of their own.</summary>
    private async Task<TaskOutcome> InvokeIntoObjectAsync(McpToolDescriptor tool, Func<Utf8JsonWriter, IServiceProvider, McpToolCall> createCall, CancellationToken cancellationToken)
    {
        var scratch = JsonScratch.Rent();
        try
        {
            var w = scratch.Writer;
            w.WriteStartObject();
            var scope = McpHandlerInvocation.CreateScope(_runtime.ScopeFactory, tool.UsesServices);
            var call = createCall(w, scope?.ServiceProvider ?? Services);
            var run = await McpHandlerInvocation.InvokeAsync(call, static c => c.Tool.Handler(c), scope, cancellationToken).ConfigureAwait(false);
            string? errorText = null;
            switch (run.Outcome)
            {
                case McpHandlerOutcome.Cancelled:
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(run.Exception!);
                    break;
                case McpHandlerOutcome.InputRequired:
                    return new TaskOutcome(McpTaskStatus.InputRequired, InputRequests: PendingRequestsJson(run.Input!), Input: run.Input);
                case McpHandlerOutcome.InvalidInputResponse:
                    return new TaskOutcome(McpTaskStatus.Failed, Error: ErrorJson(McpProtocol.ErrorCodes.InvalidParams, run.Exception!.Message));
                case McpHandlerOutcome.MissingCapability:
                    return new TaskOutcome(McpTaskStatus.Failed, Error: ErrorJson(McpProtocol.ErrorCodes.MissingRequiredClientCapability, run.Exception!.Message));
                case McpHandlerOutcome.Failed when run.Exception is McpProtocolException protocol:
                    // A JSON-RPC error from the call: the task failed (a tool error would have been a completed isError result).
                    return new TaskOutcome(McpTaskStatus.Failed, Error: ErrorJson((int)protocol.ErrorCode, protocol.Message));
                case McpHandlerOutcome.Failed:
                    errorText = ToolCallHandler.ErrorText(_runtime, tool, run.Exception!);
                    break;
            }

            if (errorText is not null)
            {
                scratch.Restart();
                w.WriteStartObject();
                global::McpGen.Generated.McpToolResults.WriteText(w, errorText);
                w.WriteBoolean("isError"u8, true);
            }

            w.WriteEndObject();
            w.Flush();
            return new TaskOutcome(McpTaskStatus.Completed, Result: scratch.Buffer.WrittenSpan.ToArray(), IsToolError: errorText is not null || call.IsError);
        }
        finally
        {
            JsonScratch.Return(scratch);
        }
    }

    private static byte[] PendingRequestsJson(McpInput input)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, JsonScratch.WriterOptions))
        {
            WritePendingRequests(w, input);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{key: {method, params}, …}</c> for every question the round left open.</summary>
    internal static void WritePendingRequests(Utf8JsonWriter w, McpInput input)
    {
        w.WriteStartObject();
        foreach (var request in input.PendingRequests)
        {
            w.WriteStartObject(request.Key);
            w.WriteString("method"u8, request.Method);
            w.WritePropertyName("params"u8);
            w.WriteRawValue(request.Params, skipInputValidation: true);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static byte[] ErrorJson(int code, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer, JsonScratch.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("code"u8, code);
            w.WriteString("message"u8, message);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Records a run's outcome, unless the task ended meanwhile (a terminal task never changes) or, with
    /// <paramref name="requireLease"/>, another instance holds it now.
    /// </summary>
    private Task<(McpTaskRecord? Task, bool Changed)> FinishTaskAsync(string taskId, McpTaskStatus status, ReadOnlyMemory<byte> result = default, ReadOnlyMemory<byte> error = default, ReadOnlyMemory<byte> inputRequests = default, ReadOnlyMemory<byte> answers = default, bool requireLease = false) =>
        ChangeTaskAsync(taskId, t => t.IsTerminal || (requireLease && t.LeaseOwner != InstanceId) ? null : t with
        {
            // A cancel that arrived while the run finished wins over an outcome that is not terminal.
            Status = t.CancelRequested && status is McpTaskStatus.InputRequired ? McpTaskStatus.Cancelled : status,
            StatusMessage = status switch
            {
                McpTaskStatus.Completed => "completed",
                McpTaskStatus.Failed => "failed",
                McpTaskStatus.Cancelled => "cancelled",
                McpTaskStatus.InputRequired => "waiting for input",
                _ => t.StatusMessage,
            },
            Result = result,
            Error = error,
            InputRequests = inputRequests,
            Answers = answers.IsEmpty ? t.Answers : answers,
            LeaseOwner = null,
            LeaseExpiresAt = null,
        }, CancellationToken.None);

    /// <summary>
    /// Keeps the lease while the run goes on, and stops the run when a cancel was requested anywhere. A renewal that
    /// fails (the store is unreachable) is tried again at the next tick: one failure must not end renewal for the rest
    /// of the run. When no renewal has succeeded for nearly a whole lease, the run stops as having lost its lease,
    /// before another instance may take the task over, so a side effect never runs twice.
    /// </summary>
    private async Task RenewLeaseAsync(string taskId, TaskRun run, CancellationToken stop)
    {
        var lease = Options.Tasks.LeaseDuration;
        var interval = TimeSpan.FromTicks(Math.Min(lease.Ticks / 3, TimeSpan.FromSeconds(1).Ticks));

        // The store's deadline is the time the last successful renewal was computed plus the lease; stop a tenth of a
        // lease earlier so the run has stopped before the lease lapses anywhere.
        var margin = TimeSpan.FromTicks(lease.Ticks / 10);
        var heldUntil = Time.GetUtcNow() + lease - margin;
        bool failing = false;
        while (true)
        {
            // Every run ends by stopping this loop: wait without throwing, so a run costs no exception.
            await Task.Delay(interval, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stop.IsCancellationRequested)
            {
                return;
            }

            var attemptAt = Time.GetUtcNow();
            if (attemptAt >= heldUntil)
            {
                LogTaskLeaseLost(_runtime.Logger, taskId, lease);
                run.LoseLease();
                return;
            }

            try
            {
                // A store that hangs must not keep the run going past its lease: bound the attempt by what is left of it.
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stop);
                attempt.CancelAfter(heldUntil - attemptAt);
                var renewed = await ChangeTaskAsync(taskId, t => t.IsTerminal || t.LeaseOwner != InstanceId ? null : t with { LeaseExpiresAt = attemptAt + lease }, attempt.Token).ConfigureAwait(false);
                if (renewed.Task is null || renewed.Task.IsTerminal || renewed.Task.CancelRequested)
                {
                    // Cancelled or expired: the client's decision, recorded as such.
                    run.Cancel();
                    return;
                }

                if (!renewed.Changed)
                {
                    // Another instance took the task over: this run must stop and record nothing.
                    run.LoseLease();
                    return;
                }

                heldUntil = attemptAt + lease - margin;
                if (failing)
                {
                    failing = false;
                    LogTaskStoreRecovered(_runtime.Logger, taskId);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Unreachable or too slow: keep the run and try again at the next tick; log the first failure only.
                if (!failing)
                {
                    failing = true;
                    LogTaskLeaseRenewalFailed(_runtime.Logger, taskId, ex);
                }
            }
        }
    }

    /// <summary>
    /// Read-modify-replace with optimistic concurrency: <paramref name="change"/> returns the new record, or
    /// <see langword="null"/> for no change. Returns the task as it ends up (or <see langword="null"/> when it does not exist).
    /// </summary>
    private async Task<(McpTaskRecord? Task, bool Changed)> ChangeTaskAsync(string taskId, Func<McpTaskRecord, McpTaskRecord?> change, CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            var current = await _taskStore.GetAsync(taskId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return (null, false);
            }

            var next = change(current);
            if (next is null)
            {
                return (current, false);
            }

            var now = Time.GetUtcNow();
            next = next with { LastUpdatedAt = now, TimeToLiveMs = KeptUntilMs(next, now) };
            if (await _taskStore.TryReplaceAsync(next, current.Version, cancellationToken).ConfigureAwait(false))
            {
                return (next with { Version = current.Version + 1 }, true);
            }
        }

        throw new InvalidOperationException($"Task '{taskId}' changed too often to be updated.");
    }

    /// <summary>
    /// The task's <c>ttlMs</c> (from creation) after a change at <paramref name="now"/>: at least the tool's time to live
    /// past the change. A task that is still running (its lease renewals are changes) therefore never expires under
    /// its poller, and a result is kept for the whole time to live after it was recorded.
    /// </summary>
    private long KeptUntilMs(McpTaskRecord task, DateTimeOffset now)
    {
        var tool = Definition.FindTool(System.Text.Encoding.UTF8.GetBytes(task.ToolName));
        long timeToLive = McpServerOptions.ToMilliseconds(tool?.TaskPolicy?.TimeToLive ?? Options.Tasks.TimeToLive);
        long elapsed = Math.Max(0, (long)(now - task.CreatedAt).TotalMilliseconds);
        return Math.Max(task.TimeToLiveMs, elapsed + timeToLive);
    }

    /// <summary>tasks/get, tasks/update and tasks/cancel: the extension is checked before the task is looked up.</summary>
    internal async ValueTask<McpProcessResult> ServeTaskMethodAsync(ReadOnlyMemory<byte> id, IBufferWriter<byte> response, ReadOnlyMemory<byte> method, McpRequestParams p, string? caller, CancellationToken cancellationToken)
    {
        string name = System.Text.Encoding.UTF8.GetString(method.Span);
        if (!DeclaresTasks(p.ClientCapabilities.Span))
        {
            WriteMissingTasksExtension(response, id.Span, name);
            return McpProcessResult.Rejected;
        }

        if (p.TaskId is not { } taskId)
        {
            WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams, "Missing params.taskId: the taskId of a task this server created.");
            return McpProcessResult.Responded;
        }

        try
        {
            McpTaskRecord? task;
            switch (name)
            {
                case "tasks/get":
                    task = await _taskStore.GetAsync(taskId, cancellationToken).ConfigureAwait(false);
                    if (task is null || !McpCallerIdentity.MayAccess(task, caller))
                    {
                        break; // another caller's task is answered as unknown: its existence is not disclosed
                    }

                    JsonScratch.WriteTo(response, (Id: id.ToArray(), Task: task, Documents: _runtime.Documents), static (w, s) =>
                    {
                        WriteResponseStart(w, s.Id);
                        w.WriteStartObject("result"u8);
                        w.WriteString("resultType"u8, "complete"u8);
                        WriteTaskFields(w, s.Task, detailed: true);
                        s.Documents.WriteResultMeta(w);
                        w.WriteEndObject();
                        w.WriteEndObject();
                    });
                    return McpProcessResult.Responded;

                case "tasks/update":
                    if (!TryReadAnswers(p.InputResponses.Span, out var answers, out string? problem))
                    {
                        WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams, problem!);
                        return McpProcessResult.Responded;
                    }

                    (task, bool resumed) = await ApplyAnswersAsync(taskId, answers, caller, cancellationToken).ConfigureAwait(false);
                    if (task is null || !McpCallerIdentity.MayAccess(task, caller))
                    {
                        break;
                    }

                    if (resumed)
                    {
                        StartTaskRun(taskId);
                    }

                    WriteResult(response, id.Span, _runtime.Documents.EmptyCompleteResult);
                    return McpProcessResult.Responded;

                default:
                    var (cancelled, _) = await ChangeTaskAsync(taskId, t => t.IsTerminal || t.CancelRequested || !McpCallerIdentity.MayAccess(t, caller) ? null : t.Status == McpTaskStatus.Working
                        ? t with { CancelRequested = true, StatusMessage = "cancelling" }
                        : t with { CancelRequested = true, Status = McpTaskStatus.Cancelled, StatusMessage = "cancelled", InputRequests = default }, cancellationToken).ConfigureAwait(false);
                    if (cancelled is null || !McpCallerIdentity.MayAccess(cancelled, caller))
                    {
                        break;
                    }

                    if (_runningTasks.TryGetValue(taskId, out var running))
                    {
                        running.Cancel();
                    }

                    // Cancelling is cooperative and idempotent: the same ack for working and already-ended tasks.
                    WriteResult(response, id.Span, _runtime.Documents.EmptyCompleteResult);
                    return McpProcessResult.Responded;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogTaskStoreFailed(_runtime.Logger, taskId, ex);
            WriteError(response, id.Span, McpProtocol.ErrorCodes.InternalError, $"The task store is unavailable: {StoreProblem(ex)} The task is not lost; try again.");
            return McpProcessResult.Responded;
        }

        WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams, $"Unknown task '{taskId}': it does not exist or has expired.", w =>
        {
            w.WriteStartObject();
            w.WriteString("taskId"u8, taskId);
            w.WriteEndObject();
        });
        return McpProcessResult.Responded;
    }

    /// <summary>
    /// Adds the answers to open questions (others are ignored), removes those questions, and resumes the task once
    /// none is left. Applied before the update is acknowledged, so the next tasks/get already shows it.
    /// </summary>
    private async Task<(McpTaskRecord? Task, bool Resumed)> ApplyAnswersAsync(string taskId, System.Collections.Generic.Dictionary<string, byte[]> answers, string? caller, CancellationToken cancellationToken)
    {
        bool resumed = false;
        var (task, _) = await ChangeTaskAsync(taskId, t =>
        {
            resumed = false;
            if (t.Status != McpTaskStatus.InputRequired || t.InputRequests.IsEmpty || !McpCallerIdentity.MayAccess(t, caller))
            {
                return null;
            }

            var open = JsonUtf8.ReadMembers(t.InputRequests.Span);
            var known = JsonUtf8.ReadMembers(t.Answers.Span);
            bool any = false;
            foreach (var (key, answer) in answers)
            {
                if (open.Remove(key))
                {
                    known[key] = answer;
                    any = true;
                }
            }

            if (!any)
            {
                return null;
            }

            resumed = open.Count == 0;
            return t with
            {
                InputRequests = open.Count == 0 ? default : JsonUtf8.WriteMembers(open),
                Answers = JsonUtf8.WriteMembers(known),
                Status = resumed ? McpTaskStatus.Working : McpTaskStatus.InputRequired,
                StatusMessage = resumed ? "resuming" : t.StatusMessage,
                LeaseExpiresAt = resumed ? Time.GetUtcNow() + Options.Tasks.LeaseDuration : null,
            };
        }, cancellationToken).ConfigureAwait(false);
        return (task, resumed);
    }

    private static bool TryReadAnswers(ReadOnlySpan<byte> json, out System.Collections.Generic.Dictionary<string, byte[]> answers, out string? problem)
    {
        answers = new(StringComparer.Ordinal);
        problem = null;
        if (json.IsEmpty)
        {
            problem = "Missing params.inputResponses: the answers to the task's inputRequests, by key.";
            return false;
        }

        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            problem = "Invalid params.inputResponses: expected an object mapping each inputRequests key to its response.";
            return false;
        }

        answers = JsonUtf8.ReadMembers(json);
        return true;
    }

    /// <summary>The task's fields; the detailed form (tasks/get) adds open inputRequests, the result or the error.</summary>
    private static void WriteTaskFields(Utf8JsonWriter w, McpTaskRecord task, bool detailed)
    {
        w.WriteString("taskId"u8, task.TaskId);
        w.WriteString("status"u8, task.Status switch
        {
            McpTaskStatus.Working => "working"u8,
            McpTaskStatus.InputRequired => "input_required"u8,
            McpTaskStatus.Completed => "completed"u8,
            McpTaskStatus.Failed => "failed"u8,
            _ => "cancelled"u8,
        });
        if (task.StatusMessage is { } message)
        {
            w.WriteString("statusMessage"u8, message);
        }

        w.WriteString("createdAt"u8, Iso(task.CreatedAt));
        w.WriteString("lastUpdatedAt"u8, Iso(task.LastUpdatedAt));
        w.WriteNumber("ttlMs"u8, task.TimeToLiveMs);
        w.WriteNumber("pollIntervalMs"u8, task.PollIntervalMs);
        if (!detailed)
        {
            return;
        }

        if (task.Status == McpTaskStatus.InputRequired && !task.InputRequests.IsEmpty)
        {
            w.WritePropertyName("inputRequests"u8);
            w.WriteRawValue(task.InputRequests.Span, skipInputValidation: true);
        }
        else if (task.Status == McpTaskStatus.Completed && !task.Result.IsEmpty)
        {
            // What tools/call would have returned: a complete CallToolResult.
            w.WriteStartObject("result"u8);
            w.WriteString("resultType"u8, "complete"u8);
            WriteMembers(w, task.Result.Span);
            w.WriteEndObject();
        }
        else if (task.Status == McpTaskStatus.Failed && !task.Error.IsEmpty)
        {
            w.WritePropertyName("error"u8);
            w.WriteRawValue(task.Error.Span, skipInputValidation: true);
        }
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "The task store failed for {What}.")]
    private static partial void LogTaskStoreFailed(ILogger logger, string what, Exception exception);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "A stopping task run could not hand its task back; another instance resumes it once its lease lapses.")]
    private static partial void LogTaskHandBackFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "The lease of task {TaskId} could not be renewed; trying again every tick until it runs out.")]
    private static partial void LogTaskLeaseRenewalFailed(ILogger logger, string taskId, Exception exception);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "Task {TaskId} lost its lease (not renewed within {Lease}, or taken over by another instance); its run is stopped so the task is not run twice.")]
    private static partial void LogTaskLeaseLost(ILogger logger, string taskId, TimeSpan lease);

    [LoggerMessage(EventId = 25, Level = LogLevel.Information, Message = "The task store answers again for task {TaskId}.")]
    private static partial void LogTaskStoreRecovered(ILogger logger, string taskId);

    [LoggerMessage(EventId = 26, Level = LogLevel.Warning, Message = "The outcome of task {TaskId} could not be recorded yet; trying again until the store answers.")]
    private static partial void LogTaskOutcomeDelayed(ILogger logger, string taskId, Exception exception);

    [LoggerMessage(EventId = 27, Level = LogLevel.Error, Message = "The outcome of task {TaskId} was not recorded before this instance stopped; the sweep resumes or fails the task once its lease lapses.")]
    private static partial void LogTaskOutcomeLost(ILogger logger, string taskId);

    [LoggerMessage(EventId = 28, Level = LogLevel.Information, Message = "A task for tool {Tool} was refused: the limit {Option} ({Limit}) is reached.")]
    private static partial void LogTaskLimitReached(ILogger logger, string tool, string option, int limit);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "Task {TaskId} failed unexpectedly.")]
    private static partial void LogTaskFailed(ILogger logger, string taskId, Exception exception);
}
