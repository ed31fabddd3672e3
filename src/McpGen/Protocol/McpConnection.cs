using System;

namespace McpGen;

/// <summary>Receives the notifications a request emits while it runs (progress), in order, one JSON-RPC message each.</summary>
public interface IMcpNotificationSink
{
    /// <summary>Sends one complete JSON-RPC notification. Must be safe to call from several threads.</summary>
    /// <param name="utf8Message">The message bytes; valid only during the call.</param>
    void Send(ReadOnlySpan<byte> utf8Message);
}

/// <summary>
/// What a transport knows about the peer across messages. For 2026-07-28 clients nothing is kept: every request stands
/// alone. A legacy client that sends <c>initialize</c> switches the connection to that revision (a stdio process, or one
/// legacy HTTP session), as the backward-compatibility rules require.
/// </summary>
public sealed class McpConnection
{
    private volatile string? _legacyProtocolVersion;

    /// <summary>Creates a connection.</summary>
    /// <param name="notifications">Where request-scoped notifications go, or <see langword="null"/> to drop them.</param>
    public McpConnection(IMcpNotificationSink? notifications = null) => Notifications = notifications;

    /// <summary>Where request-scoped notifications go, or <see langword="null"/>.</summary>
    public IMcpNotificationSink? Notifications { get; }

    /// <summary>The <c>capabilities</c> a legacy client declared in <c>initialize</c> on this connection, or empty.</summary>
    internal ReadOnlyMemory<byte> LegacyClientCapabilities { get; set; }

    /// <summary>The log level a legacy client set with <c>logging/setLevel</c> on this connection (severity 0–7), or <see langword="null"/>.</summary>
    internal int? LegacyLogSeverity { get; set; }

    /// <summary>The revision a legacy client negotiated with <c>initialize</c>, or <see langword="null"/>.</summary>
    public string? LegacyProtocolVersion
    {
        get => _legacyProtocolVersion;
        internal set => _legacyProtocolVersion = value;
    }
}
