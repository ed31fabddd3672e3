using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen.Client;

// The tasks extension (io.modelcontextprotocol/tasks): a call the server turned into a task is awaited by polling.
public sealed partial class McpClient
{
    private static readonly McpParamsWriter<string> WriteTaskId = static (w, taskId) => w.WriteString("taskId"u8, taskId);
    private static readonly McpParamsWriter<(string TaskId, byte[] Responses)> WriteTaskUpdate = static (w, update) =>
    {
        w.WriteString("taskId"u8, update.TaskId);
        w.WritePropertyName("inputResponses"u8);
        w.WriteRawValue(update.Responses, skipInputValidation: true);
    };

    private static readonly McpResultReader<McpRemoteTask> ReadTask = static json => McpRemoteTask.Read(json);

    /// <summary>
    /// Waits for a task of the server to end, as a call the server turned into a task is awaited: polls
    /// <c>tasks/get</c> at the task's <c>pollIntervalMs</c>, answers its input requests with the handlers of
    /// <see cref="McpClientOptions"/> through <c>tasks/update</c>, and sends <c>tasks/cancel</c> when
    /// <paramref name="cancellationToken"/> fires. Use it to re-attach to a task started earlier (its id was kept).
    /// </summary>
    /// <typeparam name="TResult">What the result becomes.</typeparam>
    /// <param name="taskId">The task's id.</param>
    /// <param name="readResult">Reads the task's result (what the original request would have returned).</param>
    /// <param name="cancellationToken">Cancels the wait and the task.</param>
    /// <returns>What <paramref name="readResult"/> returned.</returns>
    /// <exception cref="McpRemoteException">The task failed (its JSON-RPC error), or the server does not know it.</exception>
    /// <exception cref="McpTaskCancelledException">The task was cancelled on the server.</exception>
    public ValueTask<TResult> WaitForTaskAsync<TResult>(string taskId, McpResultReader<TResult> readResult, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentNullException.ThrowIfNull(readResult);
        return WaitForTaskAsync(new McpRemoteTask(taskId, "working", null, null), readResult, cancellationToken);
    }

    /// <summary>The task's current state (<c>tasks/get</c>).</summary>
    /// <param name="taskId">The task's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The task's status, message and poll interval.</returns>
    public ValueTask<McpRemoteTask> GetTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        return SendRequestAsync("tasks/get", taskId, taskId, WriteTaskId, ReadTask, cancellationToken);
    }

    /// <summary>Asks the server to cancel a task (<c>tasks/cancel</c>); cooperative, so the task may still finish.</summary>
    /// <param name="taskId">The task's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the server acknowledged.</returns>
    public async ValueTask CancelTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        await SendRequestAsync("tasks/cancel", taskId, taskId, WriteTaskId, static _ => true, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<TResult> WaitForTaskAsync<TResult>(McpRemoteTask task, McpResultReader<TResult> readResult, CancellationToken cancellationToken, ChildCall? child = null)
    {
        string taskId = task.TaskId;
        var interval = task.PollInterval ?? DefaultPollInterval;
        long? failingSince = null;
        try
        {
            while (true)
            {
                await Task.Delay(interval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                McpRemoteTask state;
                McpTaskOutcome outcome;
                try
                {
                    (state, outcome) = await SendRequestAsync("tasks/get", taskId, taskId, WriteTaskId, static json => (McpRemoteTask.Read(json), McpTaskOutcome.Read(json)), cancellationToken).ConfigureAwait(false);
                    failingSince = null;
                }
                catch (McpClientException e) when (child is not null && !cancellationToken.IsCancellationRequested && IsTransientPollFailure(e) &&
                                                   (failingSince is null ? _options.Delegation.PollFailureTimeout > TimeSpan.Zero : _options.TimeProvider.GetElapsedTime(failingSince.Value) < _options.Delegation.PollFailureTimeout))
                {
                    // The poll failed, not the child: its server is unreachable, or its task store is (a Redis restart
                    // answers -32603 "try again"). The child may be working still; polling on (backing off) waits for
                    // it rather than failing a call that may have had its effect, or sending it again.
                    failingSince ??= _options.TimeProvider.GetTimestamp();
                    interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, Math.Max(_options.Delegation.MaxRetryDelay.Ticks, interval.Ticks)));
                    continue;
                }

                interval = state.PollInterval ?? interval;
                switch (state.Status)
                {
                    case "completed":
                        return readResult(outcome.Result ?? throw new McpClientException($"The MCP server reported task '{taskId}' completed without a result."));
                    case "failed":
                        throw outcome.Error is { } error
                            ? ReadError(error, "tools/call", taskId)
                            : new McpClientException($"The MCP server reported task '{taskId}' failed without an error.");
                    case "cancelled":
                        throw new McpTaskCancelledException(taskId, state.StatusMessage);
                    case "input_required" when outcome.InputRequests is { } requests:
                        // A child of a task's run asks the parent's client (input pass-through); others answer here.
                        byte[] responses = child is not null
                            ? child.Run.ForwardInputRequests(child.InputKeyPrefix, requests)
                            : await AnswerInputRequestsAsync(requests, cancellationToken).ConfigureAwait(false);
                        await SendRequestAsync("tasks/update", taskId, (taskId, responses), WriteTaskUpdate, static _ => true, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && child is { Run.CancelsChildren: false })
        {
            // A task's run stopped without being cancelled (its instance stops or lost the task): the task is resumed
            // elsewhere and re-attaches to this child, which must go on working.
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up: the task should not keep working on the server. Best effort, without the fired token.
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await CancelTaskAsync(taskId, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is McpClientException or OperationCanceledException)
            {
            }

            throw;
        }
    }

    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A <c>tasks/get</c> that failed without saying anything of the task: no answer (transport), or a server error
    /// (-32603, -32000…-32019) such as its task store being unavailable. An unknown task (-32602) is an answer.
    /// </summary>
    private static bool IsTransientPollFailure(McpClientException e) =>
        e is not McpTaskCancelledException && (e is not McpRemoteException remote || remote.Code is McpProtocol.ErrorCodes.InternalError or (<= -32000 and >= -32019));

    /// <summary>The parts of a <c>tasks/get</c> answer that outlive its buffer: the result, error or input requests.</summary>
    private readonly record struct McpTaskOutcome(byte[]? Result, byte[]? Error, byte[]? InputRequests)
    {
        public static McpTaskOutcome Read(ReadOnlySpan<byte> json)
        {
            byte[]? result = null, error = null, inputRequests = null;
            var reader = new Utf8JsonReader(json);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    ref byte[]? target = ref result;
                    bool keep = true;
                    if (reader.ValueTextEquals("result"u8))
                    {
                        target = ref result;
                    }
                    else if (reader.ValueTextEquals("error"u8))
                    {
                        target = ref error;
                    }
                    else if (reader.ValueTextEquals("inputRequests"u8))
                    {
                        target = ref inputRequests;
                    }
                    else
                    {
                        keep = false;
                    }

                    reader.Read();
                    int start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    if (keep)
                    {
                        target = json[start..(int)reader.BytesConsumed].ToArray();
                    }
                }
            }

            return new McpTaskOutcome(result, error, inputRequests);
        }
    }
}

/// <summary>A task of the remote server (tasks extension): its id, status and how often to poll it.</summary>
/// <param name="TaskId">The task's id.</param>
/// <param name="Status"><c>working</c>, <c>input_required</c>, <c>completed</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="StatusMessage">What the server says about it, if anything.</param>
/// <param name="PollInterval">How often the server asks to be polled, if it said.</param>
public sealed record McpRemoteTask(string TaskId, string Status, string? StatusMessage, TimeSpan? PollInterval)
{
    /// <summary>How long the server keeps the task and its result after creating it (<c>ttlMs</c>), if it said.</summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>Whether the task has ended (completed, failed or cancelled); a terminal status never changes.</summary>
    public bool IsTerminal => Status is "completed" or "failed" or "cancelled";

    internal static McpRemoteTask Read(ReadOnlySpan<byte> json)
    {
        string? taskId = null, status = null, message = null;
        TimeSpan? interval = null, timeToLive = null;
        var reader = new Utf8JsonReader(json);
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("taskId"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    taskId = reader.GetString();
                }
                else if (reader.ValueTextEquals("status"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    status = reader.GetString();
                }
                else if (reader.ValueTextEquals("statusMessage"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    message = reader.GetString();
                }
                else if (reader.ValueTextEquals("pollIntervalMs"u8) && reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long ms) && ms > 0)
                {
                    interval = TimeSpan.FromMilliseconds(ms);
                }
                else if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("ttlMs"u8) && reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long ttl) && ttl > 0)
                {
                    timeToLive = TimeSpan.FromMilliseconds(ttl);
                }
                else
                {
                    if (reader.TokenType == JsonTokenType.PropertyName)
                    {
                        reader.Read();
                    }

                    reader.Skip();
                }
            }
        }

        return new McpRemoteTask(
            taskId ?? throw new McpClientException("The MCP server described a task without a taskId."),
            status ?? throw new McpClientException($"The MCP server described task '{taskId}' without a status."),
            message,
            interval)
        {
            TimeToLive = timeToLive,
        };
    }
}

/// <summary>A remote task ended as <c>cancelled</c>.</summary>
public sealed class McpTaskCancelledException : McpClientException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="taskId">The task's id.</param>
    /// <param name="statusMessage">What the server said, if anything.</param>
    public McpTaskCancelledException(string taskId, string? statusMessage)
        : base($"The MCP server cancelled task '{taskId}'{(statusMessage is null ? "." : ": " + statusMessage)}")
    {
        TaskId = taskId;
    }

    /// <summary>The task's id.</summary>
    public string TaskId { get; }
}
