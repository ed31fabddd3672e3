using System;
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client.Internal;

namespace McpGen.Client;

// Agent-to-agent delegation: a tools/call made from a task's run becomes a durable link of that task (docs/delegation.md).
public sealed partial class McpClient
{
    /// <summary>
    /// A <c>tools/call</c> made from a task's run: answered from the link a previous run recorded when there is one,
    /// otherwise sent with every step recorded in the parent task before the run goes on (sending, the child task,
    /// the result or failure). Idempotent tools are retried with backoff; anything else that fails fails the parent,
    /// naming the link.
    /// </summary>
    private async ValueTask<TResult> SendLinkedAsync<TArgs, TResult>(McpTaskRunContext run, string name, TArgs args, McpParamsWriter<TArgs> writeParams, McpResultReader<TResult> readResult, CancellationToken cancellationToken)
    {
        string server = _transport.ServerAddress;
        string key = run.NextLinkKey(CallDigest(server, name, args, writeParams));
        var link = run.FindLink(key);
        long started = Stopwatch.GetTimestamp();
        var delegation = _options.Delegation;
        while (true)
        {
            switch (link?.State)
            {
                case McpChildLinkState.Completed:
                    // Just now, or by an earlier run (replay): the result is the memo.
                    return readResult(link.Result.Span);

                case McpChildLinkState.Failed:
                    throw LinkFailure(run, link, ReadLinkError(link));

                case McpChildLinkState.InputRequired:
                    // The remote server asked before acting; with the answers (or asking again) the call goes again.
                    byte[] answers = run.ForwardInputRequests(ChildCall.InputKeyPrefixOf(link), link.InputRequests.Span);
                    link = await SendChildAsync(run, link, args, writeParams, started, cancellationToken, (answers, link.RequestState.IsEmpty ? null : link.RequestState.ToArray())).ConfigureAwait(false);
                    continue;

                case McpChildLinkState.Running:
                    // Re-attach: the remote task exists; wait for it instead of calling again.
                    link = await AwaitChildAsync(run, link, started, cancellationToken).ConfigureAwait(false);
                    continue;

                case McpChildLinkState.Sending when !await IsIdempotentAsync(name, cancellationToken).ConfigureAwait(false):
                    // A run stopped between sending and recording the answer: the call may have run. Never twice.
                    link = await SettleAsync(run, link, started, McpProtocol.ErrorCodes.InternalError,
                        $"{Describe(run, link)} may have been sent before the run that sent it stopped, and the tool is not idempotent, so it is not sent again.").ConfigureAwait(false);
                    continue;
            }

            if (link is { State: McpChildLinkState.Sending or McpChildLinkState.Running } && link.Attempts >= delegation.MaxAttempts)
            {
                link = await SettleAsync(run, link, started, McpProtocol.ErrorCodes.InternalError,
                    $"{Describe(run, link)} failed on every one of its {link.Attempts} attempts: {ReadLinkError(link).Message}").ConfigureAwait(false);
                continue;
            }

            link = new McpChildLink
            {
                Key = key,
                Server = server,
                Tool = name,
                State = McpChildLinkState.Sending,
                Attempts = (link?.Attempts ?? 0) + 1,
                Error = link?.Error ?? default,
            };
            await run.RecordLinkAsync(link).ConfigureAwait(false);
            // Completed, failed, or back to sending for a retry: the next turn of the loop acts on it.
            link = await SendChildAsync(run, link, args, writeParams, started, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<McpChildLink> SendChildAsync<TArgs>(McpTaskRunContext run, McpChildLink link, TArgs args, McpParamsWriter<TArgs> writeParams, long started, CancellationToken cancellationToken, (byte[] Responses, byte[]? State)? resume = null)
    {
        var child = new ChildCall(run, link, started) { ResumeResponses = resume?.Responses, ResumeState = resume?.State };
        byte[] result;
        try
        {
            result = await SendChildCoreAsync(child, args, writeParams, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsLinkFailure(e, run, cancellationToken))
        {
            return await FailedAttemptAsync(run, child.Link, e, started, cancellationToken).ConfigureAwait(false);
        }

        return await CompleteAsync(run, child.Link, result, started).ConfigureAwait(false);
    }

    /// <summary>
    /// The rounds of a linked <c>tools/call</c>: as <see cref="SendCoreAsync"/>, but a task is recorded on the link before
    /// it is polled, and questions go up to the parent's client (kept on the link with the child's state) instead of
    /// being answered here. Returns the result's bytes, the link's memo.
    /// </summary>
    private async ValueTask<byte[]> SendChildCoreAsync<TArgs>(ChildCall child, TArgs args, McpParamsWriter<TArgs> writeParams, CancellationToken cancellationToken)
    {
        var session = _session ?? await ConnectAsync(cancellationToken).ConfigureAwait(false);

        // A link resumed in the middle of its input rounds starts with the answers and the state it was waiting for.
        byte[]? inputResponses = child.ResumeResponses;
        byte[]? requestState = child.ResumeState;
        for (int round = 1; ; round++)
        {
            var (response, result) = await ExchangeAsync(session, McpProtocol.Methods.ToolsCall, child.Link.Tool, args, writeParams, inputResponses, requestState, cancellationToken).ConfigureAwait(false);
            McpRemoteTask? task;
            ReadOnlyMemory<byte> inputRequests;
            using (response)
            {
                var resultJson = response.WrittenMemory[result];
                if (ReadRound(resultJson, round, McpProtocol.Methods.ToolsCall, child.Link.Tool, out task, out requestState, out inputRequests) == RoundAnswer.Complete)
                {
                    return resultJson.ToArray();
                }
            }

            if (task is not null)
            {
                await OnChildTaskCreatedAsync(child, task).ConfigureAwait(false);
                return await WaitForTaskAsync(task, static json => json.ToArray(), cancellationToken, child).ConfigureAwait(false);
            }

            // The questions go up to the task's client (input pass-through). The link keeps them and the state, so the
            // run that has the answers sends the call again instead of calling anew.
            child.Link = child.Link with { State = McpChildLinkState.InputRequired, InputRequests = inputRequests, RequestState = requestState };
            await child.Run.RecordLinkAsync(child.Link).ConfigureAwait(false);
            inputResponses = child.Run.ForwardInputRequests(child.InputKeyPrefix, inputRequests.Span);
        }
    }

    private async ValueTask<McpChildLink> AwaitChildAsync(McpTaskRunContext run, McpChildLink link, long started, CancellationToken cancellationToken)
    {
        var child = new ChildCall(run, link, started);
        byte[] result;
        try
        {
            result = await WaitForTaskAsync(new McpRemoteTask(link.ChildTaskId!, "working", null, null), static json => json.ToArray(), cancellationToken, child).ConfigureAwait(false);
        }
        catch (McpRemoteException e) when (e.Code == McpProtocol.ErrorCodes.InvalidParams && e.Method == "tasks/get")
        {
            // Reported, never silently re-run: the child's server has forgotten the task and its result.
            string kept = link.ChildExpiresAt is { } expires ? $" (kept from its creation until at least {expires.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)})" : "";
            return await SettleAsync(run, link, started, e.Code,
                $"{Describe(run, link)}: the remote server no longer knows the child task{kept}; its result expired before this task collected it, and the call is not made again. The server said: {e.RemoteMessage}").ConfigureAwait(false);
        }
        catch (Exception e) when (IsLinkFailure(e, run, cancellationToken))
        {
            return await FailedAttemptAsync(run, link, e, started, cancellationToken).ConfigureAwait(false);
        }

        return await CompleteAsync(run, link, result, started).ConfigureAwait(false);
    }

    /// <summary>A failure of the call itself, not of the run: the run's own cancellation and its input rounds pass through.</summary>
    private static bool IsLinkFailure(Exception e, McpTaskRunContext run, CancellationToken cancellationToken) =>
        e is McpClientException && !cancellationToken.IsCancellationRequested && !run.RunCancellation.IsCancellationRequested;

    /// <summary>
    /// One attempt failed: a retryable failure of an idempotent tool goes back to sending after a backoff (the loop
    /// sends it again, or gives up at the attempt limit); anything else settles the link as failed.
    /// </summary>
    private async ValueTask<McpChildLink> FailedAttemptAsync(McpTaskRunContext run, McpChildLink link, Exception e, long started, CancellationToken cancellationToken)
    {
        int? code = e is McpRemoteException remote ? remote.Code : null;
        string what = e switch
        {
            McpTaskCancelledException cancelled => $"the child task was cancelled on its server{(cancelled.Message.Contains(':', StringComparison.Ordinal) ? " (" + cancelled.Message[(cancelled.Message.IndexOf(':', StringComparison.Ordinal) + 2)..].TrimEnd('.') + ")" : "")}",
            McpRemoteException r => $"the server answered {r.Code} {r.RemoteMessage}",
            _ => e.Message,
        };
        bool retryable = e is not McpTaskCancelledException && IsRetryableFailure(code) && await IsIdempotentAsync(link.Tool, cancellationToken).ConfigureAwait(false);
        if (!retryable || link.Attempts >= _options.Delegation.MaxAttempts)
        {
            string why = !retryable ? "" : $" (attempt {link.Attempts} of {_options.Delegation.MaxAttempts})";
            return await SettleAsync(run, link, started, code ?? McpProtocol.ErrorCodes.InternalError, $"{Describe(run, link)} failed{why}: {what}").ConfigureAwait(false);
        }

        if (_logger is not null)
        {
            LogLinkRetried(_logger, link.Tool, link.Server, run.TaskId, link.Attempts, e);
        }

        var retry = link with { State = McpChildLinkState.Sending, Error = ErrorJson(code ?? McpProtocol.ErrorCodes.InternalError, what) };
        var delay = TimeSpan.FromTicks(Math.Min(_options.Delegation.RetryDelay.Ticks << Math.Min(link.Attempts - 1, 16), _options.Delegation.MaxRetryDelay.Ticks));
        await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);

        // Back to sending: the loop records the next attempt before it sends it.
        return retry;
    }

    /// <summary>Client errors (bad params, unknown tool, missing capability) come back the same however often they are sent.</summary>
    private static bool IsRetryableFailure(int? code) => code is null or McpProtocol.ErrorCodes.InternalError or (<= -32000 and >= -32019);

    private async ValueTask<McpChildLink> CompleteAsync(McpTaskRunContext run, McpChildLink link, byte[] result, long started)
    {
        var done = link with { State = McpChildLinkState.Completed, Result = result, Error = default, InputRequests = default, RequestState = default };
        await run.RecordLinkAsync(done).ConfigureAwait(false);
        await run.AuditHopAsync(done, McpToolResultJson.Read(result).IsError ? McpAuditOutcome.ToolError : McpAuditOutcome.Succeeded, Stopwatch.GetElapsedTime(started)).ConfigureAwait(false);
        return done;
    }

    /// <summary>Records the link as failed for good (a resumed run fails the same way) and audits it.</summary>
    private static async ValueTask<McpChildLink> SettleAsync(McpTaskRunContext run, McpChildLink link, long started, int code, string message)
    {
        var failed = link with { State = McpChildLinkState.Failed, Error = ErrorJson(code, message), Result = default, InputRequests = default, RequestState = default };
        await run.RecordLinkAsync(failed).ConfigureAwait(false);
        await run.AuditHopAsync(failed, McpAuditOutcome.Error, Stopwatch.GetElapsedTime(started), code, message).ConfigureAwait(false);
        return failed;
    }

    /// <summary>The remote server made the call a task: record the child before polling it, so a resumed run re-attaches.</summary>
    private async ValueTask OnChildTaskCreatedAsync(ChildCall child, McpRemoteTask task)
    {
        var link = child.Link with
        {
            State = McpChildLinkState.Running,
            ChildTaskId = task.TaskId,
            InputRequests = default,
            RequestState = default,
            ChildExpiresAt = task.TimeToLive is { } ttl ? _options.TimeProvider.GetUtcNow() + ttl : null,
        };
        await child.Run.RecordLinkAsync(link).ConfigureAwait(false);
        child.Link = link;
        if (task.TimeToLive is { } childTtl && childTtl < child.Run.TimeToLive && _logger is not null)
        {
            // Expiry coherence: the child's result may be gone before this task collects it; said now, reported then.
            LogShortChildTtl(_logger, task.TaskId, link.Server, childTtl, child.Run.TaskId, child.Run.TimeToLive);
        }

        await child.Run.AuditHopAsync(link, McpAuditOutcome.TaskCreated, Stopwatch.GetElapsedTime(child.Started)).ConfigureAwait(false);
    }

    private static McpLinkFailedException LinkFailure(McpTaskRunContext run, McpChildLink link, (int Code, string Message) error) =>
        new(link, run.TaskId, error.Message, error.Code == McpProtocol.ErrorCodes.InternalError ? null : error.Code);

    private static (int Code, string Message) ReadLinkError(McpChildLink link)
    {
        if (link.Error.IsEmpty)
        {
            return (McpProtocol.ErrorCodes.InternalError, $"The delegated call to '{link.Tool}' on {link.Server} failed.");
        }

        using var document = JsonDocument.Parse(link.Error);
        var root = document.RootElement;
        return (root.TryGetProperty("code", out var code) && code.TryGetInt32(out int c) ? c : McpProtocol.ErrorCodes.InternalError,
            root.TryGetProperty("message", out var message) ? message.GetString() ?? "" : "");
    }

    private static string Describe(McpTaskRunContext run, McpChildLink link) =>
        $"The delegated call of task {run.TaskId} to tool '{link.Tool}' on {link.Server}{(link.ChildTaskId is { } child ? " (child task " + child + ")" : "")}";

    private static byte[] ErrorJson(int code, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("code"u8, code);
            w.WriteString("message"u8, message);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Whether the remote tool may be sent twice: declared so by a typed client or <see cref="McpDelegationOptions.IdempotentTools"/>,
    /// or annotated <c>idempotentHint</c>/<c>readOnlyHint</c> in the server's <c>tools/list</c> (read once, when first needed).
    /// </summary>
    private async ValueTask<bool> IsIdempotentAsync(string tool, CancellationToken cancellationToken)
    {
        if (_options.Delegation.IdempotentTools.Contains(tool) || _retryableTools.TryGetValue(tool, out bool known) && known)
        {
            return true;
        }

        if (!_retryableTools.ContainsKey(tool) && Interlocked.Exchange(ref _listedForDelegation, 1) == 0)
        {
            try
            {
                await ListAllToolsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (McpClientException)
            {
                // Unknown stays "not idempotent": the safe answer.
            }
        }

        return _retryableTools.TryGetValue(tool, out known) && known;
    }

    private int _listedForDelegation;

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 41, Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "Child task {ChildTaskId} on {Server} is kept for {ChildTtl}, less than its parent task {TaskId} ({ParentTtl}); if the parent needs its result later than that, the chain fails saying the result expired.")]
    private static partial void LogShortChildTtl(Microsoft.Extensions.Logging.ILogger logger, string childTaskId, string server, TimeSpan childTtl, string taskId, TimeSpan parentTtl);

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 40, Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "The delegated call to {Tool} on {Server} from task {TaskId} failed (attempt {Attempt}); the tool is idempotent, so it is sent again.")]
    private static partial void LogLinkRetried(Microsoft.Extensions.Logging.ILogger logger, string tool, string server, string taskId, int attempt, Exception exception);

    /// <summary>SHA-256 of server, tool and the params the call writes: equal calls get equal digests.</summary>
    private static string CallDigest<TArgs>(string server, string tool, TArgs args, McpParamsWriter<TArgs> writeParams)
    {
        using var buffer = new PooledByteBuffer(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("server"u8, server);
            w.WriteString("tool"u8, tool);
            w.WritePropertyName("params"u8);
            w.WriteStartObject();
            writeParams(w, args);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexString(hash[..12]).ToLowerInvariant();
    }

    /// <summary>A call being made as a link: the run it belongs to and its link as recorded so far.</summary>
    private sealed class ChildCall(McpTaskRunContext run, McpChildLink link, long started)
    {
        public McpTaskRunContext Run { get; } = run;

        public McpChildLink Link { get; set; } = link;

        public long Started { get; } = started;

        /// <summary>The answers a link resumed in its input rounds sends with its first request.</summary>
        public byte[]? ResumeResponses { get; init; }

        /// <summary>The <c>requestState</c> a link resumed in its input rounds sends back.</summary>
        public byte[]? ResumeState { get; init; }

        /// <summary>Prefixes the child's question keys in the parent's input rounds: unique per attempt of the call.</summary>
        public string InputKeyPrefix => InputKeyPrefixOf(Link);

        public static string InputKeyPrefixOf(McpChildLink link) => link.Key + "." + link.Attempts.ToString(CultureInfo.InvariantCulture) + "/";
    }
}
