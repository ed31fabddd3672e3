using System;
using System.Buffers;
using System.Threading;

namespace McpGen;

/// <summary>
/// One request on its way through dispatch, once its revision is settled: the message, where the answer goes, the
/// connection, the parsed params, and the revision it is served in. Passed by value; nothing is allocated for it.
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

    public JsonRpcMessage Message { get; }

    /// <summary>The request id as raw JSON.</summary>
    public ReadOnlyMemory<byte> Id => Message.Id;

    public IBufferWriter<byte> Response { get; }

    public McpConnection Connection { get; }

    /// <summary>The transport's headers (Streamable HTTP), or <see langword="null"/>.</summary>
    public IMcpRequestHeaders? Headers { get; }

    public McpRequestParams Params { get; }

    /// <summary>The revision the request is served in: <see cref="McpProtocol.LatestVersion"/> or a legacy one.</summary>
    public string Version { get; }

    /// <summary>Whether it is served under 2026-07-28 (stateless, <c>resultType</c> and <c>_meta</c> on results).</summary>
    public bool IsCurrent => ReferenceEquals(Version, McpProtocol.LatestVersion);

    public CancellationToken CancellationToken { get; }

    /// <summary>The same request with another token (a legacy session's cancellable one).</summary>
    public McpRequest WithCancellation(CancellationToken cancellationToken) => new(Message, Response, Connection, Headers, Params, Version, cancellationToken);
}
