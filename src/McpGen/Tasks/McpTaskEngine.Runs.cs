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

// Runs: the sweep, one run under its lease, outcome recording and hand-back, store changes.
internal sealed partial class McpTaskEngine
{
    /// <summary>
    /// Takes over tasks whose instance stopped: a task never started runs; one that was running runs again when its
    /// tool is idempotent and attempts remain, otherwise it fails saying why; one whose cancel was requested ends
    /// cancelled. Every instance sweeps now and then, so no task stays working forever.
    /// </summary>
    internal async Task SweepAsync(CancellationToken cancellationToken)
    {
        var lapsed = await _store.FindLapsedLeasesAsync(_runtime.Time.GetUtcNow(), 100, cancellationToken).ConfigureAwait(false);
        foreach (var taskId in lapsed)
        {
            var task = await _store.GetAsync(taskId, cancellationToken).ConfigureAwait(false);
            if (task is not { Status: McpTaskStatus.Working } || task.LeaseExpiresAt > _runtime.Time.GetUtcNow())
            {
                continue;
            }

            var tool = _runtime.Definition.FindTool(System.Text.Encoding.UTF8.GetBytes(task.ToolName));
            int maxAttempts = Math.Max(1, tool?.TaskPolicy?.MaxAttempts ?? _runtime.Options.Tasks.MaxAttempts);

            // A run that delegated is a replay: its remote calls come back from its links, so running it again repeats
            // none of them (docs/delegation.md). Other runs repeat everything, which only an idempotent tool allows.
            bool delegated = task.Links is { Count: > 0 };
            bool resumable = delegated || tool?.Annotations?.Idempotent == true;
            if (task.CancelRequested)
            {
                await FinishTaskAsync(taskId, McpTaskStatus.Cancelled).ConfigureAwait(false);
                await CancelChildrenAsync(task).ConfigureAwait(false);
            }
            else if (task.Attempts == 0 || (resumable && task.Attempts < maxAttempts))
            {
                StartMcpTaskRun(taskId);
            }
            else
            {
                string why = resumable
                    ? $"all {maxAttempts} attempts were used"
                    : $"tool '{task.ToolName}' is not marked idempotent, so it is not run again";
                var error = ErrorJson(McpProtocol.ErrorCodes.InternalError, $"The instance running this task stopped before it finished (attempt {task.Attempts}); {why}.");
                await ChangeTaskAsync(taskId, t => t.Status != McpTaskStatus.Working || t.LeaseExpiresAt > _runtime.Time.GetUtcNow() ? null : t with
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
        var interval = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(100).Ticks, _runtime.Options.Tasks.LeaseDuration.Ticks / 2));
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, stopping).ConfigureAwait(false);
                await SweepAsync(stopping).ConfigureAwait(false);
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

    private void StartMcpTaskRun(string taskId) => _executor.Start(taskId, stopping => RunTaskAsync(taskId, stopping));

    /// <summary>
    /// One run of a task: claim it under a lease, run the tool with the answers received so far, and record what came
    /// of it. The lease is renewed about once a second, which is also when a cancel requested on another instance is seen.
    /// </summary>
    private async Task RunTaskAsync(string taskId, CancellationToken stopping)
    {
        var leaseDuration = _runtime.Options.Tasks.LeaseDuration;
        var claimed = await ChangeTaskAsync(taskId, t =>
            t.Status == McpTaskStatus.Working && !t.CancelRequested && (t.LeaseOwner is null || t.LeaseExpiresAt <= _runtime.Time.GetUtcNow())
                ? t with { LeaseOwner = InstanceId, LeaseExpiresAt = _runtime.Time.GetUtcNow() + leaseDuration, Attempts = t.Attempts + 1, StatusMessage = "running" }
                : null, CancellationToken.None).ConfigureAwait(false);
        if (claimed is not { Changed: true, Task: { } task })
        {
            if (claimed is { Task.CancelRequested: true, Task.Status: McpTaskStatus.Working })
            {
                await ChangeTaskAsync(taskId, t => t.IsTerminal ? null : t with { Status = McpTaskStatus.Cancelled, StatusMessage = "cancelled", LeaseOwner = null, LeaseExpiresAt = null }, CancellationToken.None).ConfigureAwait(false);
            }

            return;
        }

        var tool = _runtime.Definition.FindTool(System.Text.Encoding.UTF8.GetBytes(task.ToolName));
        if (tool is null)
        {
            await FinishTaskAsync(taskId, McpTaskStatus.Failed, error: ErrorJson(McpProtocol.ErrorCodes.InternalError, $"Tool '{task.ToolName}' no longer exists on this server.")).ConfigureAwait(false);
            return;
        }

        using var run = new McpTaskRun(tool.TaskPolicy?.Timeout ?? _runtime.Options.Tasks.Timeout, stopping);

        // The run continues the trace of the request that created the task, and its remote calls continue the run's.
        using var activity = StartRunActivity(task);
        var context = new McpTaskRunContext(this, run, task);
        McpTaskRunContext.SetCurrent(context);
        try
        {
            await RecordRunAsync(taskId, run, InvokeTaskAsync(tool, task, context, run.Token)).ConfigureAwait(false);
        }
        finally
        {
            McpTaskRunContext.SetCurrent(null);
        }
    }

    private static System.Diagnostics.Activity? StartRunActivity(McpTaskRecord task)
    {
        if (!McpTelemetry.Source.HasListeners())
        {
            return null;
        }

        System.Diagnostics.ActivityContext.TryParse(task.TraceParent, null, isRemote: true, out var parent);
        var activity = McpTelemetry.Source.StartActivity("task run " + task.ToolName, System.Diagnostics.ActivityKind.Internal, parent);
        activity?.SetTag("mcp.task.id", task.TaskId);
        activity?.SetTag("gen_ai.tool.name", task.ToolName);
        return activity;
    }


    /// <summary>Waits for a run under its renewed lease and records what came of it.</summary>
    private async Task RecordRunAsync(string taskId, McpTaskRun run, Task<TaskOutcome> running)
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
            await ChangeTaskAsync(taskId, t => t.IsTerminal || t.LeaseOwner != InstanceId ? null : t with { LeaseOwner = null, LeaseExpiresAt = _runtime.Time.GetUtcNow(), StatusMessage = "interrupted; waiting to be resumed" }, CancellationToken.None).ConfigureAwait(false);
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

    private Task<TaskOutcome> InvokeTaskAsync(McpToolDescriptor tool, McpTaskRecord task, McpTaskRunContext context, CancellationToken cancellationToken) =>
        InvokeIntoObjectAsync(tool, (w, services) => context.Call = new McpToolCall(tool, task.Arguments, w, null, McpProtocol.LatestVersion, default, task.ClientCapabilities, services, cancellationToken)
        {
            Events = _runtime.Events,
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
            var call = createCall(w, scope?.ServiceProvider ?? _runtime.Services);
            var run = await McpHandlerInvocation.InvokeAsync(call, static c => c.Tool.Handler(c), scope, cancellationToken).ConfigureAwait(false);
            string? errorText = null;
            switch (run.Outcome)
            {
                case McpHandlerOutcome.Cancelled:
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(run.Exception!);
                    break;
                case McpHandlerOutcome.InputRequired:
                    return new TaskOutcome(McpTaskStatus.InputRequired, InputRequests: McpInputReplies.PendingRequestsJson(run.Input!), Input: run.Input);
                case McpHandlerOutcome.InvalidInputResponse:
                    return new TaskOutcome(McpTaskStatus.Failed, Error: ErrorJson(McpProtocol.ErrorCodes.InvalidParams, run.Exception!.Message));
                case McpHandlerOutcome.MissingCapability:
                    return new TaskOutcome(McpTaskStatus.Failed, Error: ErrorJson(McpProtocol.ErrorCodes.MissingRequiredClientCapability, run.Exception!.Message));
                case McpHandlerOutcome.Failed when run.Exception is McpLinkFailedException link:
                    // A delegated call failed for good: the task fails, naming the link (server, tool, child task, remote error).
                    return new TaskOutcome(McpTaskStatus.Failed, Error: LinkErrorJson(link));
                case McpHandlerOutcome.Failed when run.Exception is McpProtocolException protocol:
                    // A JSON-RPC error from the call: the task failed (a tool error would have been a completed isError result).
                    return new TaskOutcome(McpTaskStatus.Failed, Error: ErrorJson((int)protocol.ErrorCode, protocol.Message));
                case McpHandlerOutcome.Failed:
                    errorText = McpToolErrors.Text(_runtime.Logger, tool, run.Exception!);
                    break;
            }

            if (errorText is not null)
            {
                scratch.Restart();
                w.WriteStartObject();
                Generated.McpToolResults.WriteText(w, errorText);
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

    /// <summary>The task's error for a failed link: the message names it, and <c>data</c> has its parts for programs.</summary>
    private static byte[] LinkErrorJson(McpLinkFailedException failure)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, JsonScratch.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("code"u8, McpProtocol.ErrorCodes.InternalError);
            w.WriteString("message"u8, failure.Message);
            w.WriteStartObject("data"u8);
            w.WriteString("server"u8, failure.Link.Server);
            w.WriteString("tool"u8, failure.Link.Tool);
            if (failure.Link.ChildTaskId is { } child)
            {
                w.WriteString("childTaskId"u8, child);
            }

            if (failure.RemoteErrorCode is { } code)
            {
                w.WriteNumber("remoteCode"u8, code);
            }

            w.WriteNumber("attempts"u8, failure.Link.Attempts);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
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
    private async Task RenewLeaseAsync(string taskId, McpTaskRun run, CancellationToken stop)
    {
        var lease = _runtime.Options.Tasks.LeaseDuration;
        var interval = TimeSpan.FromTicks(Math.Min(lease.Ticks / 3, TimeSpan.FromSeconds(1).Ticks));

        // The store's deadline is the time the last successful renewal was computed plus the lease; stop a tenth of a
        // lease earlier so the run has stopped before the lease lapses anywhere.
        var margin = TimeSpan.FromTicks(lease.Ticks / 10);
        var heldUntil = _runtime.Time.GetUtcNow() + lease - margin;
        bool failing = false;
        while (true)
        {
            // Every run ends by stopping this loop: wait without throwing, so a run costs no exception.
            await Task.Delay(interval, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stop.IsCancellationRequested)
            {
                return;
            }

            var attemptAt = _runtime.Time.GetUtcNow();
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
            var current = await _store.GetAsync(taskId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return (null, false);
            }

            var next = change(current);
            if (next is null)
            {
                return (current, false);
            }

            var now = _runtime.Time.GetUtcNow();
            next = next with { LastUpdatedAt = now, TimeToLiveMs = KeptUntilMs(next, now) };
            if (next.IsTerminal && next.SealedCallerToken is not null)
            {
                // A finished task keeps no credential: its result outlives any need to call on the caller's behalf.
                next = next with { SealedCallerToken = null };
            }
            if (await _store.TryReplaceAsync(next, current.Version, cancellationToken).ConfigureAwait(false))
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
        var tool = _runtime.Definition.FindTool(System.Text.Encoding.UTF8.GetBytes(task.ToolName));
        long timeToLive = McpServerOptions.ToMilliseconds(tool?.TaskPolicy?.TimeToLive ?? _runtime.Options.Tasks.TimeToLive);
        long elapsed = Math.Max(0, (long)(now - task.CreatedAt).TotalMilliseconds);
        return Math.Max(task.TimeToLiveMs, elapsed + timeToLive);
    }
}
