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
    /// (named in the error's <c>data.requiredScopes</c>); Streamable HTTP answers 403 with <c>WWW-Authenticate</c>
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
/// The front door of an McpGen server: one JSON-RPC message in, at most one response out. It settles the request's
/// revision, validates <c>_meta</c> and headers, and hands the request to its method's handler (see
/// <c>docs/architecture.md</c>). No 2026-07-28 request depends on an earlier one; what this instance holds (task runs,
/// open listen streams) belongs to the task engine and the listen hub it owns and stops. Transports (stdio, HTTP,
/// in-memory) are thin adapters around it. Thread-safe.
/// </summary>
public sealed partial class McpRequestProcessor
{
    private readonly McpServerRuntime _runtime;
    private readonly McpMethodTable _methods;
    private readonly McpObservation _observation;
    private readonly McpTaskEngine _tasks;
    private readonly McpListenHub _listens;

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
        _observation = new McpObservation(_runtime, ProcessRequestAsync);
        _methods = new McpMethodTable(this);
    }

    /// <summary>What the processor's parts share.</summary>
    internal McpServerRuntime Runtime => _runtime;

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
                return _observation.IsObserving
                    ? _observation.ObserveAsync(message, response, connection, headers, cancellationToken)
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
        var request = new McpRequest(message, response, connection, headers, cancellationToken);
        ref readonly var p = ref request.Params;
        try
        {
            McpRequestParams.Read(message.Params, ref request.Params);
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
                request.Version = McpProtocol.LatestLegacyVersion;
                return RouteAsync(request);
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
                request.Version = legacyVersion;
                if (connection.LegacySessionId is { } session)
                {
                    return RouteInSessionAsync(request, log, session);
                }

                return log is not null ? RouteWithClientLogAsync(request, log) : RouteAsync(request);
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
                return RouteWithClientLogAsync(request, new McpClientLogSink(severity, sink));
            }
        }

        return RouteAsync(request);
    }

    /// <summary>Serves a request that asked for log messages: what handlers log while it runs goes to its stream, and stops with the response.</summary>
    private async ValueTask<McpProcessResult> RouteWithClientLogAsync(McpRequest request, McpClientLogSink log)
    {
        McpClientLoggerProvider.Current = log;
        try
        {
            return await RouteAsync(request).ConfigureAwait(false);
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
    private ValueTask<McpProcessResult> RouteAsync(in McpRequest request)
    {
        var method = McpMethodTable.Find(request.Message.Method.Span);
        bool modern = request.IsCurrent;
        if (_methods.HandlerFor(method, modern ? McpMethodEras.Current : McpMethodEras.Legacy) is { } handler)
        {
            return handler.HandleAsync(request);
        }

        WriteMethodNotFound(request.Response, request.Id.Span, request.Message.Method.Span, removed: modern && method is { IsRemovedIn2026: true });
        return new(modern ? McpProcessResult.MethodNotFound : McpProcessResult.Responded);
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

    private static void WriteMethodNotFound(IBufferWriter<byte> response, ReadOnlySpan<byte> id, ReadOnlySpan<byte> method, bool removed)
    {
        string name = Encoding.UTF8.GetString(method);
        string message = removed
            ? $"Method '{name}' is not part of protocol revision {McpProtocol.LatestVersion}."
            : $"Method '{name}' not found.";
        WriteError(response, id, McpProtocol.ErrorCodes.MethodNotFound, message);
    }

}
