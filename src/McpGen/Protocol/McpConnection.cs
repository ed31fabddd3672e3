using System;
using System.Security.Claims;

namespace McpGen;

/// <summary>Receives the notifications a request emits while it runs (progress), in order, one JSON-RPC message each.</summary>
public interface IMcpNotificationSink
{
    /// <summary>Sends one complete JSON-RPC notification. Must be safe to call from several threads.</summary>
    /// <param name="utf8Message">The message bytes; valid only during the call.</param>
    void Send(ReadOnlySpan<byte> utf8Message);
}

/// <summary>
/// What a transport knows about the peer across messages. A transport may derive its own connection type to keep its
/// per-request state in the same object (the Streamable HTTP transport does: one object per request, not two). For 2026-07-28 clients nothing is kept: every request stands
/// alone. A legacy client that sends <c>initialize</c> switches the connection to that revision (a stdio process, or one
/// legacy HTTP session), as the backward-compatibility rules require.
/// </summary>
public class McpConnection
{
    private volatile string? _legacyProtocolVersion;
    private LegacyState? _legacy;

    /// <summary>Creates a connection.</summary>
    /// <param name="notifications">Where request-scoped notifications go, or <see langword="null"/> to drop them.</param>
    public McpConnection(IMcpNotificationSink? notifications = null) => Notifications = notifications;

    /// <summary>
    /// Creates the connection of a transport that derives its own type: when that type implements
    /// <see cref="IMcpNotificationSink"/>, it receives the request's notifications itself.
    /// </summary>
    protected McpConnection() => Notifications = this as IMcpNotificationSink;

    /// <summary>Where request-scoped notifications go, or <see langword="null"/>.</summary>
    public IMcpNotificationSink? Notifications { get; }

    /// <summary>
    /// Who sent the request, as the transport authenticated them (Streamable HTTP: <c>HttpContext.User</c>, an
    /// unauthenticated principal when no token was sent), or <see langword="null"/> on transports that do not
    /// authenticate callers (stdio: the client started this process). When it is set, primitives that declare
    /// <see cref="McpScopeAttribute">scopes</see> are offered only to callers holding them.
    /// </summary>
    public ClaimsPrincipal? User { get; init; }

    /// <summary>
    /// The access token the authenticated caller presented (Streamable HTTP: the bearer token of an authenticated
    /// request), or <see langword="null"/>. Read only when a task keeps it for its runs to call other servers on the
    /// caller's behalf (<see cref="McpTaskOptions.KeepCallerToken"/>).
    /// </summary>
    public virtual string? CallerAccessToken => null;

    /// <summary>The transport the request came on, for telemetry and audit events.</summary>
    public McpTransportKind Transport { get; init; }

    /// <summary>The <c>capabilities</c> a legacy client declared in <c>initialize</c> on this connection, or empty.</summary>
    internal ReadOnlyMemory<byte> LegacyClientCapabilities
    {
        get => _legacy?.ClientCapabilities ?? default;
        set => Legacy.ClientCapabilities = value;
    }

    /// <summary>
    /// The session id of a legacy Streamable HTTP client: issued by <c>initialize</c> on this connection (the transport
    /// returns it in <c>Mcp-Session-Id</c>), or the one the request carried, already opened. <see langword="null"/> elsewhere.
    /// </summary>
    internal string? LegacySessionId
    {
        get => _legacy?.SessionId;
        set => Legacy.SessionId = value;
    }

    /// <summary>The log level a legacy client set with <c>logging/setLevel</c> on this connection (severity 0–7), or <see langword="null"/>.</summary>
    internal int? LegacyLogSeverity
    {
        get => _legacy?.LogSeverity;
        set => Legacy.LogSeverity = value;
    }

    // What only a 2025-11-25 client's connection holds, made when it initializes: a 2026 request allocates less.
    private LegacyState Legacy => _legacy ??= new();

    private sealed class LegacyState
    {
        public ReadOnlyMemory<byte> ClientCapabilities { get; set; }

        public string? SessionId { get; set; }

        public int? LogSeverity { get; set; }
    }

    /// <summary>The revision a legacy client negotiated with <c>initialize</c>, or <see langword="null"/>.</summary>
    public string? LegacyProtocolVersion
    {
        get => _legacyProtocolVersion;
        internal set => _legacyProtocolVersion = value;
    }
}

/// <summary>The transport a request came on.</summary>
public enum McpTransportKind
{
    /// <summary>Not said (custom or in-memory transports).</summary>
    Unknown,

    /// <summary>Standard input and output of a process the client started.</summary>
    Stdio,

    /// <summary>Streamable HTTP.</summary>
    StreamableHttp,
}
