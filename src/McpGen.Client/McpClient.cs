using System;
using System.Diagnostics;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client.Internal;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

// Logging levels and sampling/roots types are deprecated in 2026-07-28 but still part of the protocol the client speaks.
#pragma warning disable MCP9005

namespace McpGen.Client;

/// <summary>
/// A client of one MCP server. It speaks 2026-07-28 (stateless: <c>server/discover</c>, per-request <c>_meta</c>,
/// <c>input_required</c> rounds) and falls back to 2025-11-25 (<c>initialize</c>, a session) for servers that do not know
/// <c>server/discover</c>. Thread-safe: many requests may be in flight at once.
/// </summary>
public sealed partial class McpClient : IAsyncDisposable, IMcpClientPeer
{
    private readonly McpClientTransport _transport;
    private readonly McpClientOptions _options;
    private readonly object _gate = new();
    private readonly ILogger? _logger;

    // The _meta members every 2026-07-28 request repeats, encoded once.
    private readonly byte[] _capabilitiesJson;
    private readonly byte[] _clientInfoJson;
    private readonly JsonEncodedText? _logLevel;

    private long _nextId;
    private volatile McpSession? _session;
    private Task<McpSession>? _connecting;
    private volatile McpServerDescription? _description;
    private int _disposed;

    private McpClient(McpClientTransport transport, McpClientOptions? options)
    {
        _transport = transport;
        _options = options ?? new McpClientOptions();
        if (_options.MaxInputRounds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.MaxInputRounds, "MaxInputRounds must be at least 1.");
        }

        _logger = _options.LoggerFactory?.CreateLogger<McpClient>();
        _capabilitiesJson = WriteCapabilities(_options);
        _clientInfoJson = JsonSerializer.SerializeToUtf8Bytes(_options.ClientInfo, ClientJson.Implementation);
        _logLevel = _options.LogLevel is { } level ? JsonEncodedText.Encode(LogLevelName(level)) : null;
        transport.Attach(this);
    }

    /// <summary>Creates a client of the server at <paramref name="endpoint"/> over Streamable HTTP, with its own <see cref="HttpClient"/>.</summary>
    /// <param name="endpoint">The server's MCP endpoint, e.g. <c>https://example.com/mcp</c>.</param>
    /// <param name="options">How the client introduces itself and answers the server; defaults when null.</param>
    /// <returns>The client; dispose it to end a 2025-11-25 session and release the connection.</returns>
    public static McpClient Create(Uri endpoint, McpClientOptions? options = null) =>
        new(new McpHttpClientTransport(CreateHttpClient(), endpoint, ownsHttpClient: true), options);

    /// <summary>
    /// The client's own <see cref="HttpClient"/>: no overall timeout (a tool that answers after minutes is ended by the
    /// caller's token, not after HttpClient's default 100 s), no redirects (a POST is not replayed elsewhere), no cookies (MCP is
    /// stateless), and connections renewed every few minutes so DNS changes are seen. Dropping the redirect and cookie
    /// handlers also saves about 460 B per call (docs/performance.md).
    /// </summary>
    private static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    /// <summary>Creates a client of the server at <paramref name="endpoint"/> over Streamable HTTP through <paramref name="httpClient"/>
    /// (which the client does not dispose).</summary>
    /// <param name="httpClient">Sends the requests; its handlers add authentication, resilience, proxies.</param>
    /// <param name="endpoint">The server's MCP endpoint; relative URIs resolve against <see cref="HttpClient.BaseAddress"/>.</param>
    /// <param name="options">How the client introduces itself and answers the server; defaults when null.</param>
    /// <returns>The client.</returns>
    public static McpClient Create(HttpClient httpClient, Uri endpoint, McpClientOptions? options = null) =>
        new(new McpHttpClientTransport(httpClient, endpoint), options);

    /// <summary>Creates a client over <paramref name="transport"/>, which the client owns and disposes.</summary>
    /// <param name="transport">How to reach the server.</param>
    /// <param name="options">How the client introduces itself and answers the server; defaults when null.</param>
    /// <returns>The client.</returns>
    public static McpClient Create(McpClientTransport transport, McpClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return new(transport, options);
    }

    /// <summary>Starts the server as a child process and creates a client that speaks to it over stdio.</summary>
    /// <param name="server">The command to run.</param>
    /// <param name="options">How the client introduces itself and answers the server; defaults when null.</param>
    /// <returns>The client; dispose it to stop the process.</returns>
    /// <exception cref="McpClientException">The process could not be started.</exception>
    public static McpClient CreateStdio(McpStdioServerOptions server, McpClientOptions? options = null) =>
        new(new McpStdioClientTransport(server, options?.LoggerFactory), options);

    /// <summary>The transport the client speaks through.</summary>
    public McpClientTransport Transport => _transport;

    /// <summary>The revision agreed with the server, or <see langword="null"/> before the first request.</summary>
    public string? ProtocolVersion => _session?.ProtocolVersion;

    /// <summary>
    /// Sends one request and reads its result; the building block of generated clients and of the methods of this class.
    /// </summary>
    /// <remarks>
    /// The client writes the JSON-RPC envelope and calls <paramref name="writeParams"/> inside the <c>params</c> object;
    /// it then adds <c>inputResponses</c> and <c>requestState</c> (input rounds) and <c>_meta</c> (2026-07-28). A JSON-RPC
    /// error becomes <see cref="McpRemoteException"/>; an <c>input_required</c> result is answered with the handlers of
    /// <see cref="McpClientOptions"/> and the request sent again, up to <see cref="McpClientOptions.MaxInputRounds"/> rounds;
    /// a complete result is passed to <paramref name="readResult"/>.
    /// </remarks>
    /// <typeparam name="TArgs">What the params are written from.</typeparam>
    /// <typeparam name="TResult">What the result becomes.</typeparam>
    /// <param name="method">The JSON-RPC method, e.g. <c>tools/call</c>.</param>
    /// <param name="name">The tool or prompt name or resource URI the request targets (the <c>Mcp-Name</c> header), or null.</param>
    /// <param name="args">Passed to <paramref name="writeParams"/>.</param>
    /// <param name="writeParams">Writes the members of <c>params</c>.</param>
    /// <param name="readResult">Reads the complete result.</param>
    /// <param name="cancellationToken">Cancels the request (the server is told).</param>
    /// <returns>What <paramref name="readResult"/> returned.</returns>
    /// <exception cref="McpRemoteException">The server answered with a JSON-RPC error.</exception>
    /// <exception cref="McpClientException">The transport failed, or the server asked for input too many times or for input no handler answers.</exception>
    public ValueTask<TResult> SendRequestAsync<TArgs, TResult>(
        string method,
        string? name,
        TArgs args,
        McpParamsWriter<TArgs> writeParams,
        McpResultReader<TResult> readResult,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(writeParams);
        ArgumentNullException.ThrowIfNull(readResult);
        if (name is not null && _options.Delegation.Enabled && McpTaskRunContext.Current is { } run && method == McpProtocol.Methods.ToolsCall)
        {
            // Made from a task's run: a durable link of that task (docs/delegation.md).
            return SendLinkedAsync(run, name, args, writeParams, readResult, cancellationToken);
        }

        return SendCoreAsync(method, name, args, writeParams, readResult, cancellationToken);
    }

    private async ValueTask<TResult> SendCoreAsync<TArgs, TResult>(
        string method,
        string? name,
        TArgs args,
        McpParamsWriter<TArgs> writeParams,
        McpResultReader<TResult> readResult,
        CancellationToken cancellationToken,
        Action<long>? onRequestId = null)
    {
        var session = _session ?? await ConnectAsync(cancellationToken).ConfigureAwait(false);
        byte[]? inputResponses = null;
        byte[]? requestState = null;
        for (int round = 1; ; round++)
        {
            var (response, result) = await ExchangeAsync(session, method, name, args, writeParams, inputResponses, requestState, cancellationToken, onRequestId).ConfigureAwait(false);
            McpRemoteTask? task;
            ReadOnlyMemory<byte> inputRequests;
            using (response)
            {
                var resultJson = response.WrittenMemory[result];
                if (ReadRound(resultJson, round, method, name, out task, out requestState, out inputRequests) == RoundAnswer.Complete)
                {
                    return readResult(resultJson.Span);
                }
            }

            if (task is not null)
            {
                return await WaitForTaskAsync(task, readResult, cancellationToken).ConfigureAwait(false);
            }

            inputResponses = inputRequests.IsEmpty ? null : await AnswerInputRequestsAsync(inputRequests, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What a server answered one round of a request with.</summary>
    private enum RoundAnswer
    {
        /// <summary>The complete result.</summary>
        Complete,

        /// <summary>A task (tasks extension): the result comes from <c>tasks/get</c>.</summary>
        Task,

        /// <summary><c>input_required</c>: questions to answer, and the state to send back with the answers.</summary>
        InputRequired,
    }

    /// <summary>Reads what a round's result is; for a task or an input round, what the next step needs (copied out of the response).</summary>
    private RoundAnswer ReadRound(ReadOnlyMemory<byte> resultJson, int round, string method, string? name, out McpRemoteTask? task, out byte[]? requestState, out ReadOnlyMemory<byte> inputRequests)
    {
        task = null;
        requestState = null;
        inputRequests = default;
        var parts = McpResultParts.Read(resultJson.Span, out string? otherType);
        if (otherType == "task")
        {
            task = McpRemoteTask.Read(resultJson.Span);
            return RoundAnswer.Task;
        }

        if (otherType is not null)
        {
            throw new McpClientException($"The MCP server answered {method} with resultType '{otherType}', which this client does not handle.");
        }

        if (!parts.IsInputRequired)
        {
            return RoundAnswer.Complete;
        }

        if (round > _options.MaxInputRounds)
        {
            throw new McpClientException($"The MCP server still asked for input after {_options.MaxInputRounds} rounds of {method}{(name is null ? "" : " '" + name + "'")}; giving up (McpClientOptions.MaxInputRounds).");
        }

        // The state goes back exactly as it came: the server may have sealed it.
        requestState = parts.RequestState.End.Value > 0 ? resultJson[parts.RequestState].ToArray() : null;
        inputRequests = parts.InputRequests.End.Value > 0 ? resultJson[parts.InputRequests].ToArray() : default;
        return RoundAnswer.InputRequired;
    }

    /// <summary>Sends one request (one round) and returns the response with the range of its <c>result</c>; errors throw.</summary>
    /// <remarks>Pooled: its state machine is reused across calls (it is always awaited once, here).</remarks>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(PooledByteBuffer Response, Range Result)> ExchangeAsync<TArgs>(
        McpSession session,
        string method,
        string? name,
        TArgs args,
        McpParamsWriter<TArgs> writeParams,
        byte[]? inputResponses,
        byte[]? requestState,
        CancellationToken cancellationToken,
        Action<long>? onRequestId = null)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        long id = Interlocked.Increment(ref _nextId);
        onRequestId?.Invoke(id);
        PooledByteBuffer response;
        using (var body = WriteRequest(session, id, method, args, writeParams, inputResponses, requestState))
        {
            try
            {
                response = await _transport.SendRequestAsync(new McpTransportRequest(id, body.WrittenMemory, method, name, session.ProtocolVersion, IsRetryable(method, name)), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or HttpRequestException or System.IO.IOException)
            {
                // An aborted exchange surfaces as whatever the stream threw; the caller asked for it, so it is a cancellation.
                if (session.IsLegacy || !_transport.CancelsByDisconnect)
                {
                    await SendCancelledAsync(session, id).ConfigureAwait(false);
                }

                throw e as OperationCanceledException ?? new OperationCanceledException($"The {method} request was cancelled.", e, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or System.IO.IOException or Polly.ExecutionRejectedException)
            {
                // Polly's rejections (a resilience handler's timeout, an open circuit) are the same: no answer came.
                throw new McpClientException($"Could not reach the MCP server for {method}: {e.Message}", e);
            }
        }

        var parts = JsonRpcMessageParts.Read(response.WrittenSpan);
        if (parts.Kind != JsonRpcKind.Response || parts.IsError)
        {
            try
            {
                throw parts.IsError
                    ? ReadError(response.WrittenSpan[parts.Error], method, name)
                    : new McpClientException($"The MCP server answered {method} with something that is not a JSON-RPC response.");
            }
            finally
            {
                response.Dispose();
            }
        }

        return (response, parts.Result);
    }

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The whole request message: envelope, the caller's params, the round's answers and state, and <c>_meta</c>.</summary>
    private PooledByteBuffer WriteRequest<TArgs>(McpSession session, long id, string method, TArgs args, McpParamsWriter<TArgs> writeParams, byte[]? inputResponses, byte[]? requestState)
    {
        var buffer = new PooledByteBuffer();

        // Taken from the thread while in use, so a writeParams that (oddly) sends a request of its own gets another writer.
        var w = t_writer;
        t_writer = null;
        if (w is null)
        {
            w = new Utf8JsonWriter(buffer);
        }
        else
        {
            w.Reset(buffer);
        }

        try
        {
            w.WriteStartObject();
            w.WriteString("jsonrpc"u8, "2.0"u8);
            w.WriteNumber("id"u8, id);
            w.WriteString("method"u8, method);
            w.WritePropertyName("params"u8);
            w.WriteStartObject();
            writeParams(w, args);
            if (inputResponses is not null)
            {
                w.WritePropertyName("inputResponses"u8);
                w.WriteRawValue(inputResponses, skipInputValidation: true);
            }

            if (requestState is not null)
            {
                w.WritePropertyName("requestState"u8);
                w.WriteRawValue(requestState, skipInputValidation: true);
            }

            WriteMeta(w, session, id);
            w.WriteEndObject();
            w.WriteEndObject();
            w.Flush();
        }
        catch
        {
            // A writer left mid-message is not reused.
            buffer.Dispose();
            throw;
        }

        w.Reset(NullBufferWriter.Instance);
        t_writer = w;
        return buffer;
    }

    private void WriteMeta(Utf8JsonWriter w, McpSession session, long id)
    {
        bool progress = _options.Notifications is not null;
        if (session.IsLegacy)
        {
            // 2025-11-25 carries version, capabilities and identity in the session, not per request.
            if (progress)
            {
                w.WritePropertyName("_meta"u8);
                w.WriteStartObject();
                w.WriteNumber("progressToken"u8, id);
                w.WriteEndObject();
            }

            return;
        }

        w.WritePropertyName("_meta"u8);
        w.WriteStartObject();
        w.WriteString(MetaProtocolVersion, session.ProtocolVersion);
        // From a task's run (with delegation on), the call declares what the task's own client can answer, since the
        // child's questions are passed up to it, and the tasks extension, since the run awaits child tasks durably.
        var run = _options.Delegation.Enabled ? McpTaskRunContext.Current : null;
        w.WritePropertyName(MetaClientCapabilities);
        w.WriteRawValue(run is null ? _capabilitiesJson : run.ChildCapabilities.Span, skipInputValidation: true);
        WriteTraceContext(w, run);
        w.WritePropertyName(MetaClientInfo);
        w.WriteRawValue(_clientInfoJson, skipInputValidation: true);
        if (_logLevel is { } level)
        {
            w.WriteString(MetaLogLevel, level);
        }

        if (progress)
        {
            w.WriteNumber("progressToken"u8, id);
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// W3C Trace Context in <c>_meta</c>, as the OpenTelemetry MCP conventions propagate it: the current span, else the
    /// trace of the task whose run makes the call. One trace then spans a whole chain of delegated tasks.
    /// </summary>
    private static void WriteTraceContext(Utf8JsonWriter w, McpTaskRunContext? run)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            w.WriteString("traceparent"u8, activity.Id);
            if (activity.TraceStateString is { Length: > 0 } state)
            {
                w.WriteString("tracestate"u8, state);
            }
        }
        else if (run?.TraceParent is { } traceParent)
        {
            w.WriteString("traceparent"u8, traceParent);
        }
    }

    private static readonly JsonEncodedText MetaProtocolVersion = JsonEncodedText.Encode(McpProtocol.MetaKeys.ProtocolVersion);
    private static readonly JsonEncodedText MetaClientCapabilities = JsonEncodedText.Encode(McpProtocol.MetaKeys.ClientCapabilities);
    private static readonly JsonEncodedText MetaClientInfo = JsonEncodedText.Encode(McpProtocol.MetaKeys.ClientInfo);
    private static readonly JsonEncodedText MetaLogLevel = JsonEncodedText.Encode(McpProtocol.MetaKeys.LogLevel);

    private static byte[] WriteCapabilities(McpClientOptions options)
    {
        using var buffer = new PooledByteBuffer(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (options.Elicitation is not null)
            {
                // An empty object declares form mode only.
                w.WriteStartObject("elicitation"u8);
                w.WriteEndObject();
            }

            if (options.Sampling is not null)
            {
                w.WriteStartObject("sampling"u8);
                w.WriteEndObject();
            }

            if (options.Roots is not null)
            {
                w.WriteStartObject("roots"u8);
                w.WriteEndObject();
            }

            if (options.EnableTasks)
            {
                w.WriteStartObject("extensions"u8);
                w.WriteStartObject("io.modelcontextprotocol/tasks"u8);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string LogLevelName(LoggingLevel level) => level switch
    {
        LoggingLevel.Debug => "debug",
        LoggingLevel.Info => "info",
        LoggingLevel.Notice => "notice",
        LoggingLevel.Warning => "warning",
        LoggingLevel.Error => "error",
        LoggingLevel.Critical => "critical",
        LoggingLevel.Alert => "alert",
        _ => "emergency",
    };

    private static McpRemoteException ReadError(ReadOnlySpan<byte> error, string method, string? name)
    {
        int code = 0;
        string message = "(no message)";
        JsonElement? data = null;
        try
        {
            var reader = new Utf8JsonReader(error);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("code"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && !reader.TryGetInt32(out code))
                    {
                        code = 0;
                    }

                    reader.Skip();
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    message = reader.TokenType == JsonTokenType.String ? reader.GetString()! : message;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("data"u8))
                {
                    reader.Read();
                    data = JsonElement.ParseValue(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            message = "(malformed error) " + Encoding.UTF8.GetString(error);
        }

        return new McpRemoteException(code, message, data, method, name);
    }

    private async ValueTask SendCancelledAsync(McpSession session, long id)
    {
        using var buffer = new PooledByteBuffer(160);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("jsonrpc"u8, "2.0"u8);
            w.WriteString("method"u8, McpProtocol.Methods.CancelledNotification);
            w.WriteStartObject("params"u8);
            w.WriteNumber("requestId"u8, id);
            w.WriteString("reason"u8, "The client cancelled the request."u8);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        try
        {
            await _transport.SendNotificationAsync(buffer.WrittenMemory, McpProtocol.Methods.CancelledNotification, session.ProtocolVersion, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is McpClientException or HttpRequestException or System.IO.IOException or ObjectDisposedException)
        {
            // Best effort: the request is abandoned either way.
        }
    }

    /// <summary>Ends a 2025-11-25 session (HTTP DELETE), then releases the transport (a stdio server process is stopped).</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_session is { IsLegacy: true } session)
        {
            await _transport.EndSessionAsync(session.ProtocolVersion).ConfigureAwait(false);
        }

        await _transport.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The revision spoken with the server, fixed by the first exchange.</summary>
    private sealed record McpSession(string ProtocolVersion, bool IsLegacy);

    /// <summary>Detaches the cached writer from a request's buffer once the message is written.</summary>
    private sealed class NullBufferWriter : System.Buffers.IBufferWriter<byte>
    {
        public static readonly NullBufferWriter Instance = new();

        public void Advance(int count) => throw new InvalidOperationException();

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException();

        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException();
    }
}
