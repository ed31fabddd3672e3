using System;
using System.Buffers;
using System.Threading;

namespace McpGen;

/// <summary>
/// One request on its way through dispatch, once its revision is settled: the message, where the answer goes, the
/// connection, the parsed params, and the revision it is served in. Nothing is allocated for it; it is large (the
/// params are read in one pass into slices), so it is passed by <see langword="in"/> and its parts are fields, which
/// the handlers read without copying the whole.
/// </summary>
internal readonly struct McpRequest
{
    public McpRequest(JsonRpcMessage message, IBufferWriter<byte> response, McpConnection connection, IMcpRequestHeaders? headers, in McpRequestParams p, string version, CancellationToken cancellationToken)
    {
        Message = message;
        Headers = headers;
        Response = response;
        Connection = connection;
        Params = p;
        Version = version;
        CancellationToken = cancellationToken;
    }

    public readonly JsonRpcMessage Message;

    /// <summary>The request id as raw JSON.</summary>
    public ReadOnlyMemory<byte> Id => Message.Id;

    public readonly IBufferWriter<byte> Response;

    public readonly McpConnection Connection;

    /// <summary>The transport's headers (Streamable HTTP), or <see langword="null"/>.</summary>
    public readonly IMcpRequestHeaders? Headers;

    public readonly McpRequestParams Params;

    /// <summary>The revision the request is served in: <see cref="McpProtocol.LatestVersion"/> or a legacy one.</summary>
    public readonly string Version;

    /// <summary>Whether it is served under 2026-07-28 (stateless, <c>resultType</c> and <c>_meta</c> on results).</summary>
    public bool IsCurrent => ReferenceEquals(Version, McpProtocol.LatestVersion);

    public readonly CancellationToken CancellationToken;

    /// <summary>The same request with another token (a legacy session's cancellable one).</summary>
    public McpRequest WithCancellation(CancellationToken cancellationToken) => new(Message, Response, Connection, Headers, Params, Version, cancellationToken);
}
