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

// Serving: task creation for tools/call, and tasks/get, tasks/update, tasks/cancel.
internal sealed partial class McpTaskEngine
{
    /// <summary>Creates the task durably, starts its first run and answers with the flat <c>CreateTaskResult</c>.</summary>
    internal async ValueTask<McpProcessResult> CreateTaskAsync(ReadOnlyMemory<byte> id, IBufferWriter<byte> response, McpToolDescriptor tool, ReadOnlyMemory<byte> arguments, McpRequestParams p, string? caller, string? callerToken, CancellationToken cancellationToken)
    {
        EnsureStarted(); // the sweep starts here unless a host started it already

        // Unclaimed until a run starts; if none does in time (this instance died), another instance will.
        var task = NewTask(tool, arguments.ToArray(), p.ClientCapabilities.ToArray(), answers: default, owner: null, caller) with
        {
            TraceParent = TraceParentOf(p.Meta.Span),
            SealedCallerToken = callerToken is null ? null : _runtime.StateProtector.Protect(System.Text.Encoding.UTF8.GetBytes(callerToken)),
        };

        // Without a stored task there is nothing to poll: say so instead of returning a handle that resolves nowhere.
        if (await TryStoreNewTaskAsync(task, tool, response, id, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        StartMcpTaskRun(task.TaskId);
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
        EnsureStarted(); // the sweep starts here unless a host started it already

        var starter = new McpTaskStarter();
        var run = new McpTaskRun(tool.TaskPolicy?.Timeout ?? _runtime.Options.Tasks.Timeout, CancellationToken.None);
        var requestLink = requestToken.Register(static r => ((McpTaskRun)r!).Cancel(), run);

        // The handler may outlive the request, whose message buffer is then reused: it works on copies.
        byte[] argumentsCopy = arguments.ToArray(), meta = p.Meta.ToArray(), capabilities = p.ClientCapabilities.ToArray();
        var handler = InvokeIntoObjectAsync(tool, (w, services) => new McpToolCall(tool, argumentsCopy, w, null, McpProtocol.LatestVersion, meta, capabilities, services, run.Token)
        {
            Events = _runtime.Events,
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
            _ = handler.ContinueWith(static (_, r) => ((McpTaskRun)r!).Dispose(), run, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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
            var engine = (McpTaskEngine)p!;
            if (engine._runsStartedByHandlers.TryRemove(t, out var finished))
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
            created = await _store.CreateAsync(task, new McpTaskLimits(_runtime.Options.Tasks.MaxActiveTasks, _runtime.Options.Tasks.MaxActiveTasksPerCaller, _runtime.Options.Tasks.MaxFinishedTasksPerCaller), cancellationToken).ConfigureAwait(false);
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
        int limit = ofCaller ? _runtime.Options.Tasks.MaxActiveTasksPerCaller : _runtime.Options.Tasks.MaxActiveTasks;
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
        var now = _runtime.Time.GetUtcNow();
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
            TimeToLiveMs = Math.Max(1, McpServerOptions.ToMilliseconds(policy?.TimeToLive ?? _runtime.Options.Tasks.TimeToLive)),
            PollIntervalMs = Math.Max(1, McpServerOptions.ToMilliseconds(policy?.PollInterval ?? _runtime.Options.Tasks.PollInterval)),
            Attempts = owner is null ? 0 : 1,
            LeaseOwner = owner,
            LeaseExpiresAt = now + _runtime.Options.Tasks.LeaseDuration,
            CreatedBy = createdBy,
        };
    }

    /// <summary>
    /// The trace a task's runs continue: the request's span when something traces it, else the <c>traceparent</c> the
    /// client sent in <c>_meta</c>, else none.
    /// </summary>
    private static string? TraceParentOf(ReadOnlySpan<byte> meta)
    {
        if (System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C } current)
        {
            return current.Id;
        }

        if (meta.IsEmpty)
        {
            return null;
        }

        var reader = new Utf8JsonReader(meta);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isTraceParent = reader.ValueTextEquals("traceparent"u8);
            reader.Read();
            if (isTraceParent && reader.TokenType == JsonTokenType.String)
            {
                string value = reader.GetString()!;
                return System.Diagnostics.ActivityContext.TryParse(value, null, out _) ? value : null;
            }

            reader.Skip();
        }

        return null;
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
                    WriteResultStart(w, s.Id);
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


    /// <summary>tasks/get, tasks/update and tasks/cancel: the extension is checked before the task is looked up.</summary>
    internal async ValueTask<McpProcessResult> ServeAsync(ReadOnlyMemory<byte> id, IBufferWriter<byte> response, ReadOnlyMemory<byte> method, McpRequestParams p, string? caller, CancellationToken cancellationToken)
    {
        EnsureStarted(); // the sweep starts here unless a host started it already

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
                    task = await _store.GetAsync(taskId, cancellationToken).ConfigureAwait(false);
                    if (task is null || !McpCallerIdentity.MayAccess(task, caller))
                    {
                        break; // another caller's task is answered as unknown: its existence is not disclosed
                    }

                    JsonScratch.WriteTo(response, (Id: id.ToArray(), Task: task, Documents: _runtime.Documents), static (w, s) =>
                    {
                        WriteResultStart(w, s.Id);
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
                        StartMcpTaskRun(taskId);
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
                    else if (cancelled.Status == McpTaskStatus.Cancelled)
                    {
                        // No run to cancel its children (it waited for input): cancel them from here, after the ack.
                        _ = CancelChildrenAsync(cancelled);
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
                LeaseExpiresAt = resumed ? _runtime.Time.GetUtcNow() + _runtime.Options.Tasks.LeaseDuration : null,
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
}
