using System;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client.Internal;

namespace McpGen.Client;

/// <summary>
/// How an <see cref="McpClient"/> reaches its server: <see cref="McpHttpClientTransport"/> (Streamable HTTP),
/// <see cref="McpStdioClientTransport"/> (a child process) or <see cref="McpStreamClientTransport"/> (any pair of streams).
/// A transport carries one request and brings back its response, routing the notifications and server→client requests
/// that arrive meanwhile to the client.
/// </summary>
public abstract class McpClientTransport : IAsyncDisposable
{
    // Only this library's transports: the send/receive contract is internal so it can evolve with the protocol.
    private protected McpClientTransport()
    {
    }

    /// <summary>The client the transport delivers notifications and server→client requests to.</summary>
    internal IMcpClientPeer Peer { get; private set; } = NullPeer.Instance;

    /// <summary>Whether aborting a request's exchange is itself the cancellation signal (HTTP under 2026-07-28); when
    /// not, the client also sends <c>notifications/cancelled</c>.</summary>
    internal abstract bool CancelsByDisconnect { get; }

    /// <summary>Names the server this transport reaches (an endpoint URL, a command): how a task's links and audit events name it.</summary>
    public abstract string ServerAddress { get; }

    /// <summary>Connects the transport to its client; called once, before the first message.</summary>
    internal virtual void Attach(IMcpClientPeer peer) => Peer = peer;

    /// <summary>Sends a request and returns the JSON-RPC response message with its id (the caller disposes it).</summary>
    internal abstract ValueTask<PooledByteBuffer> SendRequestAsync(McpTransportRequest request, CancellationToken cancellationToken);

    /// <summary>Sends a notification (no answer is expected).</summary>
    internal abstract ValueTask SendNotificationAsync(ReadOnlyMemory<byte> message, string method, string? protocolVersion, CancellationToken cancellationToken);

    /// <summary>Ends a 2025-11-25 session, where the transport has one (HTTP: <c>DELETE</c>).</summary>
    internal virtual ValueTask EndSessionAsync(string protocolVersion) => default;

    /// <summary>Releases the transport: closes streams, stops a server process, disposes an owned <c>HttpClient</c>.</summary>
    /// <returns>A task that completes when the transport is released.</returns>
    public abstract ValueTask DisposeAsync();

    private sealed class NullPeer : IMcpClientPeer
    {
        public static readonly NullPeer Instance = new();

        public void OnNotification(ReadOnlySpan<byte> message, in JsonRpcMessageParts parts)
        {
        }

        public ValueTask<PooledByteBuffer> AnswerServerRequestAsync(ReadOnlyMemory<byte> message, JsonRpcMessageParts parts, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The transport is not attached to a client.");
    }
}

/// <summary>One request on its way: the body and what the HTTP headers mirror from it.</summary>
/// <param name="Id">The JSON-RPC id.</param>
/// <param name="Body">The whole JSON-RPC message.</param>
/// <param name="Method">The method (<c>Mcp-Method</c>).</param>
/// <param name="Name">The tool or prompt name or resource URI (<c>Mcp-Name</c>), or null.</param>
/// <param name="ProtocolVersion">The revision (<c>MCP-Protocol-Version</c>), or null for a legacy <c>initialize</c>.</param>
/// <param name="Retryable">Whether sending it twice does no harm (reads, and tools the server marks read-only or idempotent).</param>
internal readonly record struct McpTransportRequest(long Id, ReadOnlyMemory<byte> Body, string Method, string? Name, string? ProtocolVersion, bool Retryable = false);

/// <summary>What a transport hands to its client besides responses.</summary>
internal interface IMcpClientPeer
{
    /// <summary>A notification arrived (progress, log message, …).</summary>
    void OnNotification(ReadOnlySpan<byte> message, in JsonRpcMessageParts parts);

    /// <summary>A server→client request arrived (2025-11-25); returns the whole JSON-RPC response to send back.</summary>
    ValueTask<PooledByteBuffer> AnswerServerRequestAsync(ReadOnlyMemory<byte> message, JsonRpcMessageParts parts, CancellationToken cancellationToken);

    /// <summary>The <c>x-mcp-header</c> arguments of a tool the client listed (SEP-2243), or null.</summary>
    ToolHeaderMap? GetToolHeaders(string toolName) => null;

    /// <summary>Whether the client answers server requests (elicitation, sampling, roots), which a 2025-11-25 server may send on its standalone stream.</summary>
    bool AnswersServerRequests => false;
}
