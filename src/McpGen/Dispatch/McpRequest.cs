using System;
using System.Buffers;
using System.Threading;

namespace McpGen;

/// <summary>
/// One request on its way through dispatch: the message, where the answer goes, the connection, the parsed params, and
/// the revision it is served in. Nothing is allocated for it. It is large (the params are read in one pass into
/// slices), so the processor builds it once in place, reads the params straight into <see cref="Params"/>, settles
/// <see cref="Version"/>, and passes it on by <see langword="in"/>; handlers read its fields without copying the whole.
/// </summary>
internal struct McpRequest
{
    public McpRequest(JsonRpcMessage message, IBufferWriter<byte> response, McpConnection connection, IMcpRequestHeaders? headers, CancellationToken cancellationToken)
    {
        Message = message;
        Headers = headers;
        Response = response;
        Connection = connection;
        Version = McpProtocol.LatestVersion;
        CancellationToken = cancellationToken;
    }

    public readonly JsonRpcMessage Message;

    /// <summary>The request id as raw JSON.</summary>
    public readonly ReadOnlyMemory<byte> Id => Message.Id;

    public readonly IBufferWriter<byte> Response;

    public readonly McpConnection Connection;

    /// <summary>The transport's headers (Streamable HTTP), or <see langword="null"/>.</summary>
    public readonly IMcpRequestHeaders? Headers;

    /// <summary>The parsed params; written once, by the processor, before the request is routed.</summary>
    public McpRequestParams Params;

    /// <summary>The revision the request is served in: <see cref="McpProtocol.LatestVersion"/> or a legacy one.</summary>
    public string Version;

    /// <summary>Whether it is served under 2026-07-28 (stateless, <c>resultType</c> and <c>_meta</c> on results).</summary>
    public readonly bool IsCurrent => ReferenceEquals(Version, McpProtocol.LatestVersion);

    public CancellationToken CancellationToken;

    /// <summary>The same request with another token (a legacy session's cancellable one).</summary>
    public readonly McpRequest WithCancellation(CancellationToken cancellationToken)
    {
        var copy = this;
        copy.CancellationToken = cancellationToken;
        return copy;
    }
}
