using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

/// <summary>What <see cref="McpRequestProcessor.ProcessAsync(JsonRpcMessage, IBufferWriter{byte}, McpConnection, CancellationToken)"/> did.</summary>
public enum McpProcessResult
{
    /// <summary>A response was written.</summary>
    Responded,

    /// <summary>The message needs no response (a notification, or a response from the client).</summary>
    NoResponse,

    /// <summary>The request was cancelled; by protocol no response is sent.</summary>
    Cancelled,

    /// <summary>
    /// An error response was written because the request itself is unacceptable: malformed message, incomplete
    /// <c>_meta</c>, headers that disagree with the body, an unsupported protocol version, or a client capability the
    /// request needs but did not declare. Streamable HTTP answers these with status 400.
    /// </summary>
    Rejected,

    /// <summary>A <c>-32601</c> response was written for a method not served under 2026-07-28; Streamable HTTP answers 404.</summary>
    MethodNotFound,

    /// <summary>
    /// An error response was written because the caller lacks scopes the tool, prompt or resource requires
    /// (<see cref="McpConnection.MissingScopes"/>); Streamable HTTP answers 403 with <c>WWW-Authenticate</c>
    /// <c>insufficient_scope</c> (401 when the caller sent no valid token).
    /// </summary>
    Forbidden,

    /// <summary>
    /// An error response was written because a 2025-11-25 request named a session (<c>Mcp-Session-Id</c>) this server
    /// did not issue, or one sealed with a key it no longer has; Streamable HTTP answers 404, after which the client
    /// starts a new session with <c>initialize</c>.
    /// </summary>
    UnknownSession,
}

/// <summary>
/// The stateless core of an McpGen server: one JSON-RPC message in, at most one response out. Nothing is kept between
/// 2026-07-28 requests; transports (stdio, HTTP, in-memory) are thin adapters around it. Thread-safe.
/// </summary>
public sealed partial class McpRequestProcessor
{
    private static readonly byte[] s_emptyArguments = "{}"u8.ToArray();
    private static readonly byte[] s_emptyObject = "{}"u8.ToArray();

    private readonly McpServerRuntime _runtime;
    private readonly McpTaskEngine _tasks;
    private readonly McpListenHub _listens;
    private readonly IMcpAuditSink? _audit;
    private readonly McpAuditOptions _auditOptions;

    /// <summary>Creates a processor.</summary>
    /// <param name="definition">The server to serve.</param>
    /// <param name="services">Services for tool classes and parameters; <see langword="null"/> for none.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    public McpRequestProcessor(McpServerDefinition definition, IServiceProvider? services = null, McpServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        _runtime = new McpServerRuntime(definition, services, options);
        Definition = definition;
        Options = _runtime.Options;
        Services = _runtime.Services;
        Events = _runtime.Events;
        _listens = new McpListenHub(_runtime);
        _tasks = new McpTaskEngine(_runtime);
        InitializeLegacySessions();
        _audit = Services.GetService<IMcpAuditSink>();
        _auditOptions = Services.GetService<McpAuditOptions>() ?? new McpAuditOptions();
    }

    /// <summary>Clock for requestState expiry; tests move it.</summary>
    internal TimeProvider Time
    {
        get => _runtime.Time;
        set => _runtime.Time = value;
    }

    /// <summary>The server being served.</summary>
    public McpServerDefinition Definition { get; }

    /// <summary>The options in effect.</summary>
    public McpServerOptions Options { get; }

    /// <summary>The root services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>
    /// The bus this server's listen streams are fed from: the <see cref="IMcpEventBus"/> registered in its services, or
    /// one of its own. Publish to it (or to the registered bus) to notify listening clients on every instance.
    /// </summary>
    public IMcpEventBus Events { get; }

    /// <summary>Parses and serves one message.</summary>
    /// <param name="utf8Message">The message bytes; must stay unchanged until the returned task completes.</param>
    /// <param name="response">Receives the response bytes (one JSON-RPC message, no newline).</param>
    /// <param name="connection">The connection the message came on.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public ValueTask<McpProcessResult> ProcessAsync(ReadOnlyMemory<byte> utf8Message, IBufferWriter<byte> response, McpConnection connection, CancellationToken cancellationToken = default) =>
        ProcessAsync(JsonRpcMessage.Parse(utf8Message), response, connection, cancellationToken);

    /// <summary>Serves one parsed message.</summary>
    /// <param name="message">The message; its bytes must stay unchanged until the returned task completes.</param>
    /// <param name="response">Receives the response bytes (one JSON-RPC message, no newline).</param>
    /// <param name="connection">The connection the message came on.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public ValueTask<McpProcessResult> ProcessAsync(JsonRpcMessage message, IBufferWriter<byte> response, McpConnection connection, CancellationToken cancellationToken = default) =>
        ProcessAsync(message, response, connection, headers: null, cancellationToken);

    /// <summary>Serves one parsed message that arrived with transport headers (Streamable HTTP).</summary>
    /// <param name="message">The message; its bytes must stay unchanged until the returned task completes.</param>
    /// <param name="response">Receives the response bytes (one JSON-RPC message, no newline).</param>
    /// <param name="connection">The connection the message came on.</param>
    /// <param name="headers">
    /// The request's headers: they select the era of a request without <c>_meta</c> (<c>MCP-Protocol-Version</c> naming
    /// an earlier revision) and are checked against the body under 2026-07-28. <see langword="null"/> on transports
    /// without headers.
    /// </param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public ValueTask<McpProcessResult> ProcessAsync(JsonRpcMessage message, IBufferWriter<byte> response, McpConnection connection, IMcpRequestHeaders? headers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(connection);
        switch (message.Kind)
        {
            case JsonRpcMessageKind.Invalid:
                WriteError(response, message.Id.Span, message.ErrorCode, message.ErrorMessage!);
                return new(McpProcessResult.Rejected);
            case JsonRpcMessageKind.Request:
                return IsObserved
                    ? ObserveRequestAsync(message, response, connection, headers, cancellationToken)
                    : ProcessRequestAsync(message, response, connection, headers, cancellationToken);
            case JsonRpcMessageKind.Response:
                // A legacy client answering a request a call sent it; it may come on another connection than the call.
                _runtime.ClientRequests.TryComplete(message);
                return new(McpProcessResult.NoResponse);
            default:
                // Notifications (initialized, cancelled — handled by the transport) need no answer.
                return new(McpProcessResult.NoResponse);
        }
    }

    private ValueTask<McpProcessResult> ProcessRequestAsync(JsonRpcMessage message, IBufferWriter<byte> response, McpConnection connection, IMcpRequestHeaders? headers, CancellationToken cancellationToken)
    {
        var id = message.Id.Span;
        McpRequestParams p;
        try
        {
            p = McpRequestParams.Read(message.Params);
        }
        catch (JsonException ex)
        {
            WriteError(response, id, McpProtocol.ErrorCodes.InvalidParams, "Invalid params: " + ex.Message);
            return new(McpProcessResult.Rejected);
        }

        // Era routing: a request naming a revision in _meta is stateless 2026-07-28. initialize, any request on a
        // connection that already initialized, and (HTTP) any request whose MCP-Protocol-Version header names an earlier
        // revision come from a legacy client. Everything else must carry the 2026 _meta.
        bool modern = !p.ProtocolVersion.IsEmpty;
        if (!modern)
        {
            if (message.IsMethod("initialize"u8))
            {
                return new(Initialize(id, response, connection, p, issueSession: headers is not null));
            }

            // Over Streamable HTTP a legacy client names its session: what it negotiated comes back from the sealed id.
            if (connection.LegacyProtocolVersion is null && headers?.GetHeader(McpLegacySession.Header) is { } sessionId && !TryOpenSession(connection, sessionId))
            {
                return Reject(response, id, McpProtocol.ErrorCodes.InvalidRequest, UnknownSessionMessage, McpProcessResult.UnknownSession);
            }

            if ((connection.LegacyProtocolVersion ?? LegacyVersionOf(headers)) is { } legacyVersion)
            {
                // Legacy clients get log entries from the level they set on this connection, or the configured default.
                int severity = connection.LegacyLogSeverity ?? (Options.LegacyClientLogLevel == LogLevel.None ? -1 : McpLogLevels.Of(Options.LegacyClientLogLevel));
                var log = severity >= 0 && connection.Notifications is { } legacySink && !message.IsMethod("logging/setLevel"u8)
                    ? new McpClientLogSink(severity, legacySink)
                    : null;
                if (connection.LegacySessionId is { } session)
                {
                    return RouteInSessionAsync(message, response, connection, p, legacyVersion, log, session, cancellationToken);
                }

                return log is not null
                    ? RouteWithClientLogAsync(message, response, connection, p, legacyVersion, log, cancellationToken)
                    : RouteAsync(message, response, connection, p, legacyVersion, cancellationToken);
            }
        }

        // 2026-07-28, in the order the protocol's validation rules resolve overlaps: _meta completeness, the version
        // header against the body, version support, the other mirrored headers, then method routing.
        if (!p.HasMeta)
        {
            return Reject(response, id, McpProtocol.ErrorCodes.InvalidParams,
                "Missing params._meta: every 2026-07-28 request carries \"io.modelcontextprotocol/protocolVersion\" and \"io.modelcontextprotocol/clientCapabilities\" in params._meta (or send initialize first to use an earlier revision).");
        }

        if (p.ProtocolVersion.IsEmpty)
        {
            return Reject(response, id, McpProtocol.ErrorCodes.InvalidParams, "Missing params._meta[\"io.modelcontextprotocol/protocolVersion\"].");
        }

        if (!p.HasClientCapabilities)
        {
            return Reject(response, id, McpProtocol.ErrorCodes.InvalidParams, "Missing params._meta[\"io.modelcontextprotocol/clientCapabilities\"] (send {} when the client has none).");
        }

        if (headers is not null)
        {
            string? versionHeader = headers.GetHeader(McpHeaders.ProtocolVersion);
            if (versionHeader is null)
            {
                return Reject(response, id, McpProtocol.ErrorCodes.HeaderMismatch, "Missing MCP-Protocol-Version header: it mirrors params._meta[\"io.modelcontextprotocol/protocolVersion\"].");
            }

            if (!McpHeaders.Matches(versionHeader, p.ProtocolVersion.Span, out _))
            {
                return Reject(response, id, McpProtocol.ErrorCodes.HeaderMismatch,
                    $"Header MCP-Protocol-Version ('{versionHeader.Trim()}') does not match params._meta[\"io.modelcontextprotocol/protocolVersion\"] ({Encoding.UTF8.GetString(p.ProtocolVersion.Span)}).");
            }
        }

        if (!p.ProtocolVersionIsString || !p.ProtocolVersion.Span.SequenceEqual("2026-07-28"u8))
        {
            WriteUnsupportedVersion(response, id, p);
            return new(McpProcessResult.Rejected);
        }

        if (headers is not null && McpHeaders.FindMismatch(headers, message.Method.Span, p, Definition) is { } mismatch)
        {
            return Reject(response, id, McpProtocol.ErrorCodes.HeaderMismatch, mismatch);
        }

        if (p.LogLevel is not null || p.LogLevelIsMalformed)
        {
            int severity = p.LogLevel is null ? -1 : McpLogLevels.Parse(p.LogLevel);
            if (severity < 0)
            {
                return Reject(response, id, McpProtocol.ErrorCodes.InvalidParams,
                    $"Invalid params._meta[\"{McpProtocol.MetaKeys.LogLevel}\"]: expected one of {string.Join(", ", McpLogLevels.Names)}{(p.LogLevel is null ? "" : $", got '{p.LogLevel}'")}.");
            }

            if (connection.Notifications is { } sink)
            {
                return RouteWithClientLogAsync(message, response, connection, p, McpProtocol.LatestVersion, new McpClientLogSink(severity, sink), cancellationToken);
            }
        }

        return RouteAsync(message, response, connection, p, McpProtocol.LatestVersion, cancellationToken);
    }

    /// <summary>Serves a request that asked for log messages: what handlers log while it runs goes to its stream, and stops with the response.</summary>
    private async ValueTask<McpProcessResult> RouteWithClientLogAsync(JsonRpcMessage message, IBufferWriter<byte> response, McpConnection connection, McpRequestParams p, string version, McpClientLogSink log, CancellationToken cancellationToken)
    {
        McpClientLoggerProvider.Current = log;
        try
        {
            return await RouteAsync(message, response, connection, p, version, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            log.Complete();
            McpClientLoggerProvider.Current = null;
        }
    }

    private static ValueTask<McpProcessResult> Reject(IBufferWriter<byte> response, ReadOnlySpan<byte> id, int code, string message, McpProcessResult result = McpProcessResult.Rejected)
    {
        WriteError(response, id, code, message);
        return new(result);
    }

    /// <summary>The earlier revision an HTTP request's <c>MCP-Protocol-Version</c> header names, or <see langword="null"/>.</summary>
    private static string? LegacyVersionOf(IMcpRequestHeaders? headers)
    {
        if (headers?.GetHeader(McpHeaders.ProtocolVersion) is not { } header)
        {
            return null;
        }

        var value = header.AsSpan().Trim(" \t");
        foreach (var version in McpProtocol.LegacyVersions)
        {
            if (value.SequenceEqual(version))
            {
                return version;
            }
        }

        return null;
    }

    /// <summary>Dispatches a request whose era and version are settled: only methods of advertised capabilities are served.</summary>
    private ValueTask<McpProcessResult> RouteAsync(JsonRpcMessage message, IBufferWriter<byte> response, McpConnection connection, McpRequestParams p, string version, CancellationToken cancellationToken)
    {
        bool modern = ReferenceEquals(version, McpProtocol.LatestVersion);
        var id = message.Id.Span;
        var method = message.Method.Span;
        if (method.SequenceEqual("tools/call"u8) && _runtime.Documents.HasTools)
        {
            return CallToolAsync(message.Id, response, connection, p, version, cancellationToken);
        }

        if (method.SequenceEqual("resources/read"u8) && _runtime.Documents.HasResources)
        {
            return ReadResourceAsync(message.Id, response, connection, p, version, cancellationToken);
        }

        if (method.SequenceEqual("prompts/get"u8) && _runtime.Documents.HasPrompts)
        {
            return GetPromptAsync(message.Id, response, connection, p, version, cancellationToken);
        }

        if (method.SequenceEqual("completion/complete"u8) && _runtime.Documents.HasCompletions)
        {
            return CompleteAsync(message.Id, response, connection, p, version, cancellationToken);
        }

        if (modern && method.SequenceEqual("subscriptions/listen"u8))
        {
            return _listens.ListenAsync(message.Id, response, connection, p, cancellationToken);
        }

        if (modern && _runtime.Documents.HasTasks && (method.SequenceEqual("tasks/get"u8) || method.SequenceEqual("tasks/update"u8) || method.SequenceEqual("tasks/cancel"u8)))
        {
            return _tasks.ServeAsync(message.Id, response, message.Method, p, McpCallerIdentity.Of(connection.User), cancellationToken);
        }

        if (method.SequenceEqual("resources/list"u8) && _runtime.Documents.HasResources)
        {
            return ListResourcesAsync(message.Id, response, connection, p, version, cancellationToken);
        }

        if (method.SequenceEqual("server/discover"u8))
        {
            WriteResult(response, id, _runtime.Documents.DiscoverResult);
        }
        else if (method.SequenceEqual("tools/list"u8) && _runtime.Documents.HasTools)
        {
            WriteList(response, id, p, _runtime.Documents.Tools, "tools/list", modern, connection.User);
        }
        else if (method.SequenceEqual("resources/templates/list"u8) && _runtime.Documents.HasResources)
        {
            WriteList(response, id, p, _runtime.Documents.ResourceTemplates, "resources/templates/list", modern, connection.User);
        }
        else if (method.SequenceEqual("prompts/list"u8) && _runtime.Documents.HasPrompts)
        {
            WriteList(response, id, p, _runtime.Documents.Prompts, "prompts/list", modern, connection.User);
        }
        else if (!modern && method.SequenceEqual("logging/setLevel"u8))
        {
            return new(SetLegacyLogLevel(id, response, connection, p));
        }
        else if (!modern && _runtime.Documents.HasResources && method.SequenceEqual("resources/subscribe"u8))
        {
            return new(_listens.ChangeLegacySubscription(id, response, connection, p, subscribe: true));
        }
        else if (!modern && _runtime.Documents.HasResources && method.SequenceEqual("resources/unsubscribe"u8))
        {
            return new(_listens.ChangeLegacySubscription(id, response, connection, p, subscribe: false));
        }
        else if (!modern && IsLegacyAcknowledgement(method))
        {
            // Legacy results stay bare ({}): no resultType, no _meta.
            WriteResult(response, id, s_emptyObject);
        }
        else
        {
            WriteMethodNotFound(response, id, method, modern);
            return new(modern ? McpProcessResult.MethodNotFound : McpProcessResult.Responded);
        }

        return new(McpProcessResult.Responded);
    }

    /// <summary>
    /// Legacy <c>logging/setLevel</c>: the level holds for the rest of the connection where the connection lasts (stdio);
    /// each Streamable HTTP request is its own connection, so there the configured default applies.
    /// </summary>
    private static McpProcessResult SetLegacyLogLevel(ReadOnlySpan<byte> id, IBufferWriter<byte> response, McpConnection connection, in McpRequestParams p)
    {
        int severity = p.Level is null ? -1 : McpLogLevels.Parse(p.Level);
        if (severity < 0)
        {
            WriteError(response, id, McpProtocol.ErrorCodes.InvalidParams, $"Invalid params.level: expected one of {string.Join(", ", McpLogLevels.Names)}.");
            return McpProcessResult.Responded;
        }

        connection.LegacyLogSeverity = severity;
        WriteResult(response, id, s_emptyObject);
        return McpProcessResult.Responded;
    }

    /// <summary>Legacy methods acknowledged with <c>{}</c> and nothing else: <c>ping</c>.</summary>
    private static bool IsLegacyAcknowledgement(ReadOnlySpan<byte> method) => method.SequenceEqual("ping"u8);

    private McpProcessResult Initialize(ReadOnlySpan<byte> id, IBufferWriter<byte> response, McpConnection connection, McpRequestParams p, bool issueSession)
    {
        // Answer with the requested revision when we speak it, else our newest legacy one (the client then decides).
        string version = McpProtocol.LatestLegacyVersion;
        foreach (var supported in McpProtocol.LegacyVersions)
        {
            if (string.Equals(supported, p.LegacyProtocolVersion, StringComparison.Ordinal))
            {
                version = supported;
                break;
            }
        }

        connection.LegacyProtocolVersion = version;
        connection.LegacyClientCapabilities = p.InitializeCapabilities.ToArray();
        if (issueSession)
        {
            // Streamable HTTP forgets the connection with this response: the session id carries what was negotiated.
            _runtime.WarnIfStateKeyIsEphemeral();
            connection.LegacySessionId = McpLegacySession.Seal(_runtime.StateProtector, version, p.InitializeCapabilities.Span, McpCallerIdentity.Of(connection.User));
        }
        JsonScratch.WriteTo(response, (Id: id.ToArray(), Version: version, Documents: _runtime.Documents, Definition.Instructions), static (w, state) =>
        {
            WriteResponseStart(w, state.Id);
            w.WriteStartObject("result"u8);
            w.WriteString("protocolVersion"u8, state.Version);
            w.WritePropertyName("capabilities"u8);
            w.WriteRawValue(state.Documents.LegacyCapabilitiesJson, skipInputValidation: true);
            w.WritePropertyName("serverInfo"u8);
            w.WriteRawValue(state.Documents.ServerInfoJson, skipInputValidation: true);
            if (state.Instructions is { } instructions)
            {
                w.WriteString("instructions"u8, instructions);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
        return McpProcessResult.Responded;
    }

    private void WriteList(IBufferWriter<byte> response, ReadOnlySpan<byte> id, McpRequestParams p, McpListPages pages, string method, bool modern, System.Security.Claims.ClaimsPrincipal? user)
    {
        if (!TryGetPage(response, id, p, method, out int page))
        {
            return;
        }

        // Without a filter the pages were serialized once; with one, the page is made for this request.
        var body = _runtime.Filter is null && (user is null || !pages.HasScopes)
            ? (page < pages.PageCount ? (modern ? pages.Modern[page] : pages.Legacy[page]) : null)
            : _runtime.Documents.FilteredPage(pages, _runtime.Filter, user, page, modern);
        if (body is null)
        {
            WriteInvalidCursor(response, id, method);
            return;
        }

        WriteResult(response, id, body);
    }

    /// <summary>
    /// Whether the caller holds every scope in <paramref name="scopes"/> (always on transports that do not authenticate);
    /// otherwise writes the error, records the scopes on the connection for the transport's challenge, and returns false.
    /// </summary>
    private static bool IsAuthorized(IBufferWriter<byte> response, ReadOnlySpan<byte> id, McpConnection connection, IReadOnlyList<string> scopes, string what)
    {
        if (McpScopes.HasAll(connection.User, scopes))
        {
            return true;
        }

        connection.MissingScopes = scopes;
        bool anonymous = connection.User!.Identity?.IsAuthenticated != true;
        string message = anonymous
            ? $"{what} requires authorization: send an access token granting {string.Join(" ", scopes)}."
            : $"{what} requires the scope(s) {string.Join(" ", scopes)}, which the caller's access token does not grant.";
        WriteError(response, id, McpProtocol.ErrorCodes.InvalidRequest, message, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("requiredScopes"u8);
            foreach (string scope in scopes)
            {
                w.WriteStringValue(scope);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        return false;
    }

    /// <summary>Reads <c>params.cursor</c> into a page index (0 without a cursor); writes the error when it is malformed.</summary>
    private static bool TryGetPage(IBufferWriter<byte> response, ReadOnlySpan<byte> id, McpRequestParams p, string method, out int page)
    {
        page = 0;
        if (p.HasCursor && (!p.CursorIsString || !McpServerDocuments.TryParseCursor(p.Cursor!, out page)))
        {
            WriteInvalidCursor(response, id, method);
            return false;
        }

        return true;
    }

    private static void WriteInvalidCursor(IBufferWriter<byte> response, ReadOnlySpan<byte> id, string method) =>
        WriteError(response, id, McpProtocol.ErrorCodes.InvalidParams, $"Invalid cursor: pass a nextCursor value from an earlier {method} result, or omit it for the first page.");

    private async ValueTask<McpProcessResult> CallToolAsync(ReadOnlyMemory<byte> id, IBufferWriter<byte> response, McpConnection connection, McpRequestParams p, string version, CancellationToken cancellationToken)
    {
        if (!p.HasName)
        {
            WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams, "Missing params.name: the name of the tool to call.");
            return McpProcessResult.Responded;
        }

        var tool = Definition.FindTool(p.Name.Span);
        if (tool is null || !_runtime.IsEnabled(McpPrimitiveKind.Tool, tool.Name))
        {
            WriteUnknownTool(response, id.Span, p.Name.Span);
            return McpProcessResult.Responded;
        }

        if (!IsAuthorized(response, id.Span, connection, tool.RequiredScopes, $"Tool '{tool.Name}'"))
        {
            return McpProcessResult.Forbidden;
        }

        if (p.HasArguments && p.ArgumentsToken != JsonTokenType.StartObject)
        {
            WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams,
                $"Invalid params.arguments for tool '{tool.Name}': expected an object mapping argument names to values, got {DescribeToken(p.ArgumentsToken)}.");
            return McpProcessResult.Responded;
        }

        bool modern = ReferenceEquals(version, McpProtocol.LatestVersion);
        if (!modern && tool.TaskSupport == McpTaskSupport.Required)
        {
            // 2025-11-25 answers a required-task tool called without a task with -32601; this server offers such
            // clients no tasks at all (the extension is 2026-07-28 only), so the tool cannot run for them.
            WriteError(response, id.Span, McpProtocol.ErrorCodes.MethodNotFound,
                $"Tool '{tool.Name}' runs only as a task, which needs protocol revision {McpProtocol.LatestVersion} with the {McpTaskEngine.TasksExtension} extension; a {version} client cannot call it.");
            return McpProcessResult.Responded;
        }

        var arguments = p.HasArguments ? p.Arguments : s_emptyArguments;
        McpInputRound? round = null;
        if (modern && p.IsInputRetry && !TryOpenInputRound(response, id.Span, McpProtocol.Methods.ToolsCall, tool.Name, arguments.Span, connection, p, out round))
        {
            return McpProcessResult.Responded;
        }

        // Tasks: the server decides per call, from the tool's support and this request's declared extension. A legacy
        // params.task is ignored; MRTR retries stay on the tools/call path.
        if (modern && tool.TaskSupport != McpTaskSupport.Forbidden)
        {
            bool tasks = McpTaskEngine.DeclaresTasks(p.ClientCapabilities.Span);
            if (!tasks && tool.TaskSupport == McpTaskSupport.Required)
            {
                McpTaskEngine.WriteMissingTasksExtension(response, id.Span, $"Tool '{tool.Name}'");
                return McpProcessResult.Rejected;
            }

            if (tasks && tool.StartsTaskInHandler)
            {
                McpInputRound? startRound = null;
                if (p.IsInputRetry && !TryOpenInputRound(response, id.Span, McpProtocol.Methods.ToolsCall, tool.Name, arguments.Span, connection, p, out startRound))
                {
                    return McpProcessResult.Responded;
                }

                return await _tasks.CallStartingTaskAsync(id, response, tool, arguments, p, startRound, McpCallerIdentity.Of(connection.User), cancellationToken).ConfigureAwait(false);
            }

            if (tasks && !p.IsInputRetry)
            {
                return await _tasks.CreateTaskAsync(id, response, tool, arguments, p, McpCallerIdentity.Of(connection.User), cancellationToken).ConfigureAwait(false);
            }
        }

        var progress = ProgressOf(p, connection);
        var scratch = JsonScratch.Rent();
        try
        {
            var w = scratch.Writer;
            WriteResponseStart(w, id.Span);
            w.WriteStartObject("result"u8);
            if (modern)
            {
                w.WriteString("resultType"u8, "complete"u8);
            }

            var scope = McpHandlerInvocation.CreateScope(_runtime.ScopeFactory, tool.UsesServices);
            var call = new McpToolCall(tool, arguments, w, progress, version, p.Meta, p.ClientInfo, modern ? p.ClientCapabilities : connection.LegacyClientCapabilities, scope?.ServiceProvider ?? Services, cancellationToken)
            {
                Events = Events,
                User = connection.User,
                InputRound = round,
                LegacyInput = modern ? null : LegacyInputOf(connection, cancellationToken),
            };
            var run = await McpHandlerInvocation.InvokeAsync(call, static c => c.Tool.Handler(c), scope, cancellationToken).ConfigureAwait(false);
            string? errorText = null;
            switch (run.Outcome)
            {
                case McpHandlerOutcome.Cancelled:
                    return McpProcessResult.Cancelled;
                case McpHandlerOutcome.InputRequired:
                    WriteInputRequired(response, id.Span, run.Input!, modern);
                    return McpProcessResult.Responded;
                case McpHandlerOutcome.InvalidInputResponse:
                    WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams, run.Exception!.Message);
                    return McpProcessResult.Responded;
                case McpHandlerOutcome.MissingCapability:
                    var missing = (McpMissingClientCapabilityException)run.Exception!;
                    WriteMissingCapability(response, id.Span, missing, modern ? null : LegacyCapabilityMessage(missing, connection));
                    return McpProcessResult.Rejected;
                case McpHandlerOutcome.Failed:
                    errorText = ToolErrorText(tool, run.Exception!);
                    break;
            }

            if (errorText is not null)
            {
                // The handler may have written part of a result: start the response again.
                scratch.Restart();
                WriteResponseStart(w, id.Span);
                w.WriteStartObject("result"u8);
                if (modern)
                {
                    w.WriteString("resultType"u8, "complete"u8);
                }

                Runtime.McpToolResults.WriteText(w, errorText);
                w.WriteBoolean("isError"u8, true);
                call.ResultMeta = null;
            }

            if (modern)
            {
                if (call.ResultMeta is { Count: > 0 } userMeta)
                {
                    w.WriteStartObject("_meta"u8);
                    foreach (var (key, value) in userMeta)
                    {
                        if (key != McpProtocol.MetaKeys.ServerInfo)
                        {
                            w.WritePropertyName(key);
                            if (value is null)
                            {
                                w.WriteNullValue();
                            }
                            else
                            {
                                value.WriteTo(w);
                            }
                        }
                    }

                    w.WritePropertyName(McpProtocol.MetaKeys.ServerInfo);
                    w.WriteRawValue(_runtime.Documents.ServerInfoJson, skipInputValidation: true);
                    w.WriteEndObject();
                }
                else
                {
                    _runtime.Documents.WriteResultMeta(w);
                }
            }
            else if (call.ResultMeta is { Count: > 0 } legacyMeta)
            {
                w.WritePropertyName("_meta"u8);
                legacyMeta.WriteTo(w);
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.Flush();
            response.Write(scratch.Buffer.WrittenSpan);
            return McpProcessResult.Responded;
        }
        finally
        {
            JsonScratch.Return(scratch);
        }
    }

    /// <summary>
    /// The text of the <c>isError</c> result a failed tool call answers with: argument problems name the tool, anything
    /// else is logged and its message passed on.
    /// </summary>
    private string ToolErrorText(McpToolDescriptor tool, Exception ex)
    {
        if (ex is McpArgumentException argument)
        {
            return $"Invalid arguments for tool '{tool.Name}': {argument.Message}";
        }

        LogToolFailed(_runtime.Logger, tool.Name, ex);
        return ex.Message;
    }

    /// <summary>Progress notifications for a request that asked for them (a <c>progressToken</c>) on a transport that can carry them.</summary>
    private static McpProgressReporter? ProgressOf(in McpRequestParams p, McpConnection connection) =>
        !p.ProgressToken.IsEmpty && connection.Notifications is { } sink ? new McpProgressReporter(p.ProgressToken.Span, sink) : null;

    /// <summary>How a legacy request's asks reach its client: requests on its connection, when the connection can carry them.</summary>
    private McpLegacyInput? LegacyInputOf(McpConnection connection, CancellationToken cancellationToken) =>
        connection.Notifications is { } sink
            ? new McpLegacyInput(_runtime.ClientRequests, sink, connection.LegacyClientCapabilities, Options.ClientRequestTimeout, cancellationToken)
            : null;

    /// <summary>
    /// Opens the round an MRTR retry continues (checks <c>requestState</c> and <c>inputResponses</c>); on a problem writes
    /// the -32602 error and returns <see langword="false"/>.
    /// </summary>
    private bool TryOpenInputRound(IBufferWriter<byte> response, ReadOnlySpan<byte> id, string method, string target, ReadOnlySpan<byte> arguments, McpConnection connection, in McpRequestParams p, out McpInputRound? round)
    {
        string? problem;
        if (p.RequestStateIsMalformed)
        {
            round = null;
            problem = "Invalid params.requestState: expected the string from the previous input_required result, unchanged.";
        }
        else
        {
            round = McpInputRound.Create(method, target, arguments, McpCallerIdentity.Of(connection.User), p.InputResponses.Span, p.RequestState, _runtime.StateProtector, Time.GetUtcNow(), out problem);
        }

        if (problem is null)
        {
            return true;
        }

        WriteError(response, id, McpProtocol.ErrorCodes.InvalidParams, problem);
        return false;
    }

    /// <summary>
    /// Answers a round that asked for input the client has not given: <c>input_required</c> with every open question
    /// and the sealed state (answers so far, the handler's state). A legacy client cannot take that result.
    /// </summary>
    private void WriteInputRequired(IBufferWriter<byte> response, ReadOnlySpan<byte> id, McpInput input, bool modern)
    {
        if (!modern)
        {
            WriteError(response, id, McpProtocol.ErrorCodes.InternalError, "This handler asks the client for input, which needs protocol revision " + McpProtocol.LatestVersion + ".");
            return;
        }

        _runtime.WarnIfStateKeyIsEphemeral();
        string state = input.Round.Seal(_runtime.StateProtector, input.State, Time.GetUtcNow() + Options.RequestState.Lifetime);
        JsonScratch.WriteTo(response, (Id: id.ToArray(), Input: input, State: state, Documents: _runtime.Documents), static (w, s) =>
        {
            WriteResponseStart(w, s.Id);
            w.WriteStartObject("result"u8);
            w.WriteString("resultType"u8, "input_required"u8);
            w.WritePropertyName("inputRequests"u8);
            McpInputReplies.WritePendingRequests(w, s.Input);
            w.WriteString("requestState"u8, s.State);
            s.Documents.WriteResultMeta(w);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void WriteUnsupportedVersion(IBufferWriter<byte> response, ReadOnlySpan<byte> id, McpRequestParams p)
    {
        string requested = Encoding.UTF8.GetString(p.ProtocolVersion.Span);
        WriteError(response, id, McpProtocol.ErrorCodes.UnsupportedProtocolVersion,
            $"Unsupported protocol version '{requested}'. This server supports {McpProtocol.LatestVersion} (and {McpProtocol.LatestLegacyVersion} through initialize).",
            w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("supported"u8);
                w.WriteStringValue(McpProtocol.LatestVersion);
                w.WriteEndArray();
                if (p.ProtocolVersionIsString)
                {
                    w.WriteString("requested"u8, requested);
                }
                else
                {
                    w.WritePropertyName("requested"u8);
                    w.WriteRawValue(p.ProtocolVersion.Span, skipInputValidation: true);
                }

                w.WriteEndObject();
            });
    }

    /// <summary>
    /// The missing-capability message for a 2025-11-25 client, which declared its capabilities in <c>initialize</c>; over
    /// Streamable HTTP without a session (no initialize on this connection) the server could not know them.
    /// </summary>
    private static string LegacyCapabilityMessage(McpMissingClientCapabilityException ex, McpConnection connection) =>
        ex.LegacyMessage(sessionless: connection.LegacyProtocolVersion is null);

    private static void WriteMethodNotFound(IBufferWriter<byte> response, ReadOnlySpan<byte> id, ReadOnlySpan<byte> method, bool modern)
    {
        string name = Encoding.UTF8.GetString(method);
        string message = modern && IsRemovedIn2026(name)
            ? $"Method '{name}' is not part of protocol revision {McpProtocol.LatestVersion}."
            : $"Method '{name}' not found.";
        WriteError(response, id, McpProtocol.ErrorCodes.MethodNotFound, message);
    }

    private static bool IsRemovedIn2026(string method) =>
        method is "initialize" or "ping" or "logging/setLevel" or "resources/subscribe" or "resources/unsubscribe";

    private void WriteUnknownTool(IBufferWriter<byte> response, ReadOnlySpan<byte> id, ReadOnlySpan<byte> utf8Name)
    {
        string name = Encoding.UTF8.GetString(utf8Name);
        WriteError(response, id, McpProtocol.ErrorCodes.InvalidParams, $"Unknown tool '{name}'.", w =>
        {
            w.WriteStartObject();
            w.WriteString("name"u8, name);
            w.WriteEndObject();
        });
    }

    private static string DescribeToken(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => token.ToString(),
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Tool '{ToolName}' failed; the client receives an isError result with the exception message.")]
    private static partial void LogToolFailed(ILogger logger, string toolName, Exception exception);
}
