using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGen;

// Delegation: the links a run records in its task, their audit, and cancelling children of a task cancelled between runs.
internal sealed partial class McpTaskEngine
{
    /// <summary>
    /// Writes a link into the task's record while this run holds the task. An unreachable store is tried again (the run
    /// waits: going on without the link would make a resumed run call again); a task that is no longer this run's stops
    /// the run and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    internal async Task RecordLinkAsync(string taskId, McpTaskRun run, McpChildLink link)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            run.Token.ThrowIfCancellationRequested();
            try
            {
                var (task, changed) = await ChangeTaskAsync(taskId, t =>
                {
                    if (t.IsTerminal || t.LeaseOwner != InstanceId)
                    {
                        return null;
                    }

                    var links = t.Links is { } existing ? new Dictionary<string, McpChildLink>(existing, StringComparer.Ordinal) : new Dictionary<string, McpChildLink>(StringComparer.Ordinal);
                    links[link.Key] = link;
                    return t with { Links = links };
                }, run.Token).ConfigureAwait(false);
                if (changed)
                {
                    return;
                }

                if (task is null || task.IsTerminal || task.CancelRequested)
                {
                    run.Cancel();
                }
                else
                {
                    run.LoseLease();
                }

                throw new OperationCanceledException($"Task '{taskId}' is no longer this run's; the link to {link.Tool} on {link.Server} was not recorded.", run.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogLinkRecordDelayed(_runtime.Logger, taskId, link.Tool, ex);
            }

            await Task.Delay(delay, run.Token).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_outcomeRetryCap.Ticks));
        }
    }

    /// <summary>Opens a value sealed with the <c>requestState</c> keys (the caller's token), or <see langword="null"/>.</summary>
    internal string? OpenSealed(string sealedValue) =>
        _runtime.StateProtector.TryUnprotect(sealedValue, out byte[] plaintext) ? System.Text.Encoding.UTF8.GetString(plaintext) : null;

    /// <summary>One audit event per delegation hop: the parent task, the child task, the remote server, on whose behalf.</summary>
    internal async ValueTask AuditHopAsync(McpTaskRunContext context, McpChildLink link, McpAuditOutcome outcome, TimeSpan duration, int? errorCode, string? errorMessage)
    {
        if (_runtime.Services.GetService<IMcpAuditSink>() is not { } sink)
        {
            return;
        }

        var activity = System.Diagnostics.Activity.Current;
        var auditEvent = new McpAuditEvent
        {
            Timestamp = _runtime.Time.GetUtcNow() - duration,
            Method = McpProtocol.Methods.ToolsCall,
            Target = link.Tool,
            RequestId = link.Key,
            Caller = context.CreatedBy,
            Outcome = outcome,
            ErrorCode = errorCode,
            ErrorMessage = errorMessage,
            Duration = duration,
            TraceId = activity?.TraceId.ToString(),
            SpanId = activity?.SpanId.ToString(),
            RemoteServer = link.Server,
            ParentTaskId = context.TaskId,
            ChildTaskId = link.ChildTaskId,
        };
        try
        {
            await sink.WriteAsync(auditEvent, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogHopAuditFailed(_runtime.Logger, link.Tool, ex);
        }
    }

    /// <summary>
    /// Cancels the children still running of a task cancelled while no run of it was in progress, through the
    /// registered <see cref="IMcpChildTaskCanceller"/>; best effort (a child also ends by its own time to live).
    /// </summary>
    private async Task CancelChildrenAsync(McpTaskRecord task)
    {
        if (task.Links is not { Count: > 0 } links || _runtime.Services.GetService<IMcpChildTaskCanceller>() is not { } canceller)
        {
            return;
        }

        foreach (var link in links.Values)
        {
            if (link is not { State: McpChildLinkState.Running, ChildTaskId: not null })
            {
                continue;
            }

            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                if (!await canceller.CancelChildAsync(link, timeout.Token).ConfigureAwait(false))
                {
                    LogChildNotCancelled(_runtime.Logger, link.ChildTaskId!, link.Server, task.TaskId, null);
                }
            }
            catch (Exception ex)
            {
                LogChildNotCancelled(_runtime.Logger, link.ChildTaskId!, link.Server, task.TaskId, ex);
            }
        }
    }

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning, Message = "The link of task {TaskId} to {Tool} could not be recorded yet; trying again while the run holds the task.")]
    private static partial void LogLinkRecordDelayed(ILogger logger, string taskId, string tool, Exception exception);

    [LoggerMessage(EventId = 33, Level = LogLevel.Error, Message = "The audit sink failed for a delegation hop to {Tool}.")]
    private static partial void LogHopAuditFailed(ILogger logger, string tool, Exception exception);

    [LoggerMessage(EventId = 34, Level = LogLevel.Warning, Message = "Child task {ChildTaskId} on {Server} of cancelled task {TaskId} could not be cancelled; it ends by its own time to live.")]
    private static partial void LogChildNotCancelled(ILogger logger, string childTaskId, string server, string taskId, Exception? exception);
}
