using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;

namespace McpGen;

/// <summary>
/// The run of a task in progress on this asynchronous flow, as a client library sees it: what it needs to make the
/// remote calls the run makes durable links of the task (agent-to-agent delegation). McpGen's clients use it by
/// themselves; tool code does not need to.
/// </summary>
/// <remarks>
/// <para>
/// A run is a replay: a task resumed on another instance (its instance died, or it waited for input) runs its tool
/// again from the top. Each remote call finds its link by <see cref="NextLinkKey"/>: a completed one is answered from
/// <see cref="McpChildLink.Result"/>, a running one is re-attached by its child task id, and only a new one is sent.
/// Every change is recorded (<see cref="RecordLinkAsync"/>) in the task's record before the run goes on.
/// </para>
/// <para>Runs of tasks that began as a request (<see cref="McpToolCall.RunAsTaskAsync"/>) have no context.</para>
/// </remarks>
public sealed class McpTaskRunContext
{
    private static readonly AsyncLocal<McpTaskRunContext?> s_current = new();

    private readonly McpTaskEngine _engine;
    private readonly McpTaskRun _run;
    private readonly Dictionary<string, McpChildLink> _links;
    private readonly Dictionary<string, int> _occurrences = new(StringComparer.Ordinal);
    private readonly ReadOnlyMemory<byte> _callerCapabilities;
    private byte[]? _childCapabilities;
    private readonly string? _sealedCallerToken;

    internal McpTaskRunContext(McpTaskEngine engine, McpTaskRun run, McpTaskRecord task)
    {
        _engine = engine;
        _run = run;
        TaskId = task.TaskId;
        ToolName = task.ToolName;
        CreatedBy = task.CreatedBy;
        TraceParent = task.TraceParent;
        _callerCapabilities = task.ClientCapabilities;
        _sealedCallerToken = task.SealedCallerToken;
        TimeToLive = TimeSpan.FromMilliseconds(task.TimeToLiveMs);
        _links = task.Links is { } links ? new(links, StringComparer.Ordinal) : new(StringComparer.Ordinal);
    }

    /// <summary>The run on this asynchronous flow, or <see langword="null"/> outside a task's run.</summary>
    public static McpTaskRunContext? Current => s_current.Value;

    internal static void SetCurrent(McpTaskRunContext? context) => s_current.Value = context;

    /// <summary>The task being run: the parent of every call the run makes.</summary>
    public string TaskId { get; }

    /// <summary>The tool the task runs.</summary>
    public string ToolName { get; }

    /// <summary>Who created the task (issuer and subject), or <see langword="null"/> for an anonymous caller: on whose behalf the run calls.</summary>
    public string? CreatedBy { get; }

    /// <summary>
    /// The access token of the caller who created the task, when the server keeps it (<see cref="McpTaskOptions.KeepCallerToken"/>):
    /// what a client exchanges (RFC 8693) for a token to call another server on the caller's behalf. <see langword="null"/>
    /// when none was kept or it cannot be opened (the keys changed).
    /// </summary>
    public string? CallerAccessToken => _sealedCallerToken is { } sealedToken && _engine.OpenSealed(sealedToken) is { } token ? token : null;

    /// <summary>The W3C <c>traceparent</c> of the request that created the task, for the run's calls to continue its trace.</summary>
    public string? TraceParent { get; }

    /// <summary>
    /// How long the task is kept from its creation (<c>ttlMs</c>; extended while it changes). A child kept for less may
    /// expire while this task still needs its result (a long wait for input, a resume after an outage).
    /// </summary>
    public TimeSpan TimeToLive { get; }

    /// <summary>
    /// Whether the run is being cancelled for good (a client's <c>tasks/cancel</c>, on any instance, or its timeout), so
    /// its running children must be cancelled too. <see langword="false"/> when the run stops because this instance
    /// stops or lost the task's lease: the task is resumed elsewhere and re-attaches to its children.
    /// </summary>
    public bool CancelsChildren => _run.CancelledByClient || _run.TimedOut;

    /// <summary>The run's cancellation: a client's cancel, the timeout, this instance stopping or losing the lease.</summary>
    public CancellationToken RunCancellation => _run.Token;

    /// <summary>
    /// The client capabilities the run's calls declare, UTF-8 JSON: those of the client that created the task (so a
    /// child may ask what that client can answer, passed through this task) plus the tasks extension (so a remote
    /// tool may run as a task the run awaits durably).
    /// </summary>
    public ReadOnlyMemory<byte> ChildCapabilities => _childCapabilities ??= WithTasksExtension(_callerCapabilities.Span);

    private static byte[] WithTasksExtension(ReadOnlySpan<byte> capabilities)
    {
        var buffer = new ArrayBufferWriter<byte>(capabilities.Length + 64);
        using (var w = new Utf8JsonWriter(buffer, JsonScratch.WriterOptions))
        {
            w.WriteStartObject();
            bool wroteExtensions = false;
            var reader = new Utf8JsonReader(capabilities);
            if (!capabilities.IsEmpty && reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isExtensions = reader.ValueTextEquals("extensions"u8);
                    string name = reader.GetString()!;
                    reader.Read();
                    int start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    var value = capabilities[start..(int)reader.BytesConsumed];
                    if (isExtensions && value.Length > 0 && value[0] == (byte)'{')
                    {
                        wroteExtensions = true;
                        w.WriteStartObject("extensions"u8);
                        var inner = new Utf8JsonReader(value);
                        inner.Read();
                        while (inner.Read() && inner.TokenType == JsonTokenType.PropertyName)
                        {
                            bool isTasks = inner.ValueTextEquals(McpTaskEngine.TasksExtension);
                            string extension = inner.GetString()!;
                            inner.Read();
                            int from = (int)inner.TokenStartIndex;
                            inner.Skip();
                            if (!isTasks)
                            {
                                w.WritePropertyName(extension);
                                w.WriteRawValue(value[from..(int)inner.BytesConsumed], skipInputValidation: true);
                            }
                        }

                        w.WriteStartObject(McpTaskEngine.TasksExtension);
                        w.WriteEndObject();
                        w.WriteEndObject();
                    }
                    else if (!isExtensions)
                    {
                        w.WritePropertyName(name);
                        w.WriteRawValue(value, skipInputValidation: true);
                    }
                }
            }

            if (!wroteExtensions)
            {
                w.WriteStartObject("extensions"u8);
                w.WriteStartObject(McpTaskEngine.TasksExtension);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The links recorded so far, by key.</summary>
    public IReadOnlyCollection<McpChildLink> Links
    {
        get
        {
            lock (_links)
            {
                return [.. _links.Values];
            }
        }
    }

    /// <summary>
    /// The key of the next call with this <paramref name="callDigest"/> (a digest of server, tool and arguments):
    /// the digest and how many calls with the same digest the run made before. Runs that make the same calls get the
    /// same keys, even when calls run in parallel.
    /// </summary>
    /// <param name="callDigest">Identifies the call: equal for equal server, tool and arguments.</param>
    /// <returns>The link key.</returns>
    public string NextLinkKey(string callDigest)
    {
        ArgumentException.ThrowIfNullOrEmpty(callDigest);
        lock (_occurrences)
        {
            int occurrence = _occurrences.GetValueOrDefault(callDigest);
            _occurrences[callDigest] = occurrence + 1;
            return occurrence == 0 ? callDigest : callDigest + "#" + occurrence.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The link recorded under <paramref name="key"/> by this run or an earlier one, or <see langword="null"/>.</summary>
    /// <param name="key">From <see cref="NextLinkKey"/>.</param>
    public McpChildLink? FindLink(string key)
    {
        lock (_links)
        {
            return _links.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// Records <paramref name="link"/> in the task's record and returns once the store has it; while the store cannot be
    /// reached it keeps trying, for as long as the run holds the task. When the task is no longer this run's (cancelled,
    /// expired, or taken over by another instance) the run is stopped and this throws <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <param name="link">The link as it is now.</param>
    /// <returns>A task that completes when the link is durable.</returns>
    public async ValueTask RecordLinkAsync(McpChildLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        await _engine.RecordLinkAsync(TaskId, _run, link).ConfigureAwait(false);
        lock (_links)
        {
            _links[link.Key] = link;
        }
    }

    /// <summary>Writes the audit event of one delegation hop, when the server keeps an audit trail.</summary>
    /// <param name="link">The link the event is about.</param>
    /// <param name="outcome">How the hop went: <see cref="McpAuditOutcome.TaskCreated"/> when the child task was created, then how it ended.</param>
    /// <param name="duration">How long the hop took so far.</param>
    /// <param name="errorCode">The JSON-RPC error code, for errors.</param>
    /// <param name="errorMessage">The error message, for errors.</param>
    /// <returns>A task that completes when the sink has the event.</returns>
    public ValueTask AuditHopAsync(McpChildLink link, McpAuditOutcome outcome, TimeSpan duration, int? errorCode = null, string? errorMessage = null)
    {
        ArgumentNullException.ThrowIfNull(link);
        return _engine.AuditHopAsync(this, link, outcome, duration, errorCode, errorMessage);
    }

    /// <summary>
    /// Passes a child task's questions up to the parent's client (input pass-through). When the parent's client has
    /// answered every question already (its answers came with <c>tasks/update</c> of the parent), returns them as the
    /// child's <c>inputResponses</c> object; otherwise throws the exception that ends this run with
    /// <c>input_required</c>, asking the parent's client the child's questions under keys prefixed by
    /// <paramref name="keyPrefix"/>. Let that exception propagate.
    /// </summary>
    /// <param name="keyPrefix">Unique to the child task, so its keys cannot meet another child's.</param>
    /// <param name="inputRequests">The child's <c>inputRequests</c>: an object of key → <c>{method, params}</c>.</param>
    /// <returns>The answers, an object of the child's keys → response, UTF-8 JSON.</returns>
    /// <exception cref="McpInputRequiredException">Some question has no answer yet.</exception>
    public byte[] ForwardInputRequests(string keyPrefix, ReadOnlySpan<byte> inputRequests)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        var input = Call?.Input ?? throw new InvalidOperationException("This run cannot ask its client for input.");
        var questions = ReadQuestions(inputRequests);
        var answers = new ArrayBufferWriter<byte>(256);
        bool complete = true;
        using (var w = new Utf8JsonWriter(answers, JsonScratch.WriterOptions))
        {
            w.WriteStartObject();
            foreach (var (key, method, parameters) in questions)
            {
                if (input.Round.TryGetAnswer(keyPrefix + key, out byte[] answer))
                {
                    w.WritePropertyName(key);
                    w.WriteRawValue(answer, skipInputValidation: true);
                }
                else
                {
                    complete = false;
                    input.Forward(keyPrefix + key, method, parameters);
                }
            }

            w.WriteEndObject();
        }

        return complete ? answers.WrittenSpan.ToArray() : throw input.InputRequired();
    }

    /// <summary>The tool call of this run, once the engine made it (input pass-through asks through its <see cref="McpRequestContext.Input"/>).</summary>
    internal McpToolCall? Call { get; set; }

    private static List<(string Key, string Method, byte[] Params)> ReadQuestions(ReadOnlySpan<byte> json)
    {
        var questions = new List<(string, string, byte[])>();
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("inputRequests is not a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            reader.Read();
            string? method = null;
            byte[] parameters = "{}"u8.ToArray();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isMethod = reader.ValueTextEquals("method"u8);
                    bool isParams = !isMethod && reader.ValueTextEquals("params"u8);
                    reader.Read();
                    int start = (int)reader.TokenStartIndex;
                    if (isMethod && reader.TokenType == JsonTokenType.String)
                    {
                        method = reader.GetString();
                    }
                    else
                    {
                        reader.Skip();
                        if (isParams)
                        {
                            parameters = json[start..(int)reader.BytesConsumed].ToArray();
                        }
                    }
                }
            }
            else
            {
                reader.Skip();
            }

            questions.Add((key, method ?? throw new JsonException($"inputRequests[\"{key}\"] has no method."), parameters));
        }

        return questions;
    }
}
