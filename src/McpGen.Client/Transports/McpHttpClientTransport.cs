using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client.Internal;

namespace McpGen.Client;

/// <summary>
/// Streamable HTTP: each request is a POST to the endpoint, answered with JSON or with an event stream (notifications
/// about the request, then its response). Under 2025-11-25 the transport keeps the <c>Mcp-Session-Id</c> the server issued,
/// answers the server's requests on the stream with POSTs, and ends the session with DELETE.
/// </summary>
public sealed partial class McpHttpClientTransport : McpClientTransport
{
    private const string SessionIdHeader = "Mcp-Session-Id";
    private const string ProtocolVersionHeader = "MCP-Protocol-Version";

    private readonly HttpClient? _httpClient;
    private readonly Func<HttpClient>? _httpClients;
    private readonly bool _ownsHttpClient;
    private volatile string? _sessionId;

    /// <summary>Creates the transport.</summary>
    /// <param name="httpClient">The client that sends the requests (authentication, proxies and resilience are its handlers' business).</param>
    /// <param name="endpoint">The server's MCP endpoint, e.g. <c>https://example.com/mcp</c>.</param>
    /// <param name="ownsHttpClient">Whether disposing the transport disposes <paramref name="httpClient"/>.</param>
    public McpHttpClientTransport(HttpClient httpClient, Uri endpoint, bool ownsHttpClient = false)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(endpoint);
        _httpClient = httpClient;
        Endpoint = endpoint;
        _ownsHttpClient = ownsHttpClient;
    }

    /// <summary>
    /// Creates a transport that asks <paramref name="httpClients"/> for the client of each request, such as
    /// <c>IHttpClientFactory.CreateClient(name)</c>: the transport (and a 2025-11-25 session, and the discover cache of
    /// the <see cref="McpClient"/> above it) can live as long as the application while the factory still rotates its
    /// handlers.
    /// </summary>
    /// <param name="httpClients">Returns the client for one request; the transport does not dispose what it returns.</param>
    /// <param name="endpoint">The server's MCP endpoint.</param>
    public McpHttpClientTransport(Func<HttpClient> httpClients, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentNullException.ThrowIfNull(endpoint);
        _httpClients = httpClients;
        Endpoint = endpoint;
    }

    private HttpClient Http => _httpClients is null ? _httpClient! : _httpClients();

    /// <summary>The server's MCP endpoint.</summary>
    public Uri Endpoint { get; }

    /// <inheritdoc/>
    public override string ServerAddress => Endpoint.OriginalString;

    /// <summary>The 2025-11-25 session the server issued, or <see langword="null"/> (always under 2026-07-28).</summary>
    public string? SessionId => _sessionId;

    internal override bool CancelsByDisconnect => true;

    // Pooled: the state machine of every round trip is reused instead of allocated (the caller always awaits it once).
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    internal override async ValueTask<PooledByteBuffer> SendRequestAsync(McpTransportRequest request, CancellationToken cancellationToken)
    {
        using var message = CreatePost(request.Body, request.ProtocolVersion);
        if (request.Retryable)
        {
            message.Options.Set(McpRetry.RetryableKey, true);
        }

        message.Headers.TryAddWithoutValidation("Mcp-Method", request.Method);
        if (request.Name is not null)
        {
            message.Headers.TryAddWithoutValidation("Mcp-Name", EncodeHeaderValue(request.Name));
            if (request.Method == "tools/call" && Peer.GetToolHeaders(request.Name) is { } toolHeaders)
            {
                toolHeaders.AddHeaders(message.Headers, request.Body);
            }
        }

        using var response = await Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.Headers.NonValidated.TryGetValues(SessionIdHeader, out var sessionIds))
        {
            foreach (string id in sessionIds)
            {
                _sessionId = id;
            }
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // The raw header values: parsing them (ContentType, ContentLength) would allocate on every call.
            var headers = response.Content.Headers.NonValidated;
            if (headers.TryGetValues("Content-Type", out var contentType) && IsEventStream(contentType))
            {
                return await ReadEventStreamAsync(stream, request, response.StatusCode, cancellationToken).ConfigureAwait(false);
            }

            int length = headers.TryGetValues("Content-Length", out var contentLength)
                && int.TryParse(contentLength.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int declared)
                && declared is > 0 and < 1 << 20 ? declared : 4096;
            var buffer = new PooledByteBuffer(length);
            try
            {
                await buffer.ReadToEndAsync(stream, cancellationToken).ConfigureAwait(false);

                // An error status with a JSON-RPC error body is the server's answer; without one only the status speaks.
                if (JsonRpcMessageParts.Read(buffer.WrittenSpan).Kind != JsonRpcKind.Response)
                {
                    throw StatusException(response, request.Method, buffer);
                }

                return buffer;
            }
            catch
            {
                buffer.Dispose();
                throw;
            }
        }
    }

    internal override async ValueTask SendNotificationAsync(ReadOnlyMemory<byte> message, string method, string? protocolVersion, CancellationToken cancellationToken)
    {
        using var post = CreatePost(message, protocolVersion);
        post.Headers.TryAddWithoutValidation("Mcp-Method", method);
        using var response = await Http.SendAsync(post, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            using var body = new PooledByteBuffer();
            await body.ReadToEndAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            throw StatusException(response, method, body);
        }

        if (method == "notifications/initialized")
        {
            StartListening(protocolVersion);
        }
    }

    internal override async ValueTask EndSessionAsync(string protocolVersion)
    {
        StopListening();
        if (_sessionId is not { } sessionId)
        {
            return;
        }

        using var delete = new HttpRequestMessage(HttpMethod.Delete, Endpoint);
        delete.Headers.TryAddWithoutValidation(SessionIdHeader, sessionId);
        delete.Headers.TryAddWithoutValidation(ProtocolVersionHeader, protocolVersion);
        try
        {
            // 405 (the server does not let clients end sessions) is an answer too; the session simply expires.
            using var response = await Http.SendAsync(delete).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // Unreachable or too slow: the server expires the session on its own.
        }

        _sessionId = null;
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        StopListening();
        if (_ownsHttpClient)
        {
            _httpClient!.Dispose();
        }

        return default;
    }

    private HttpRequestMessage CreatePost(ReadOnlyMemory<byte> body, string? protocolVersion)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        var message = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = content };
        message.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        if (protocolVersion is not null)
        {
            message.Headers.TryAddWithoutValidation(ProtocolVersionHeader, protocolVersion);
        }

        if (_sessionId is { } sessionId)
        {
            message.Headers.TryAddWithoutValidation(SessionIdHeader, sessionId);
        }

        return message;
    }

    /// <summary>
    /// Reads the events of one POST: notifications go to the client, server→client requests (2025-11-25) are answered
    /// with a POST each, and the response with the request's id ends the exchange. A stream that ends before the
    /// response, after the server gave its events ids, is resumed with a GET carrying <c>Last-Event-ID</c> once the
    /// server's <c>retry</c> delay has passed (SEP-1699).
    /// </summary>
    private async ValueTask<PooledByteBuffer> ReadEventStreamAsync(System.IO.Stream stream, McpTransportRequest request, HttpStatusCode status, CancellationToken cancellationToken)
    {
        var cursor = new EventStreamCursor();
        System.IO.Stream? resumed = null;
        HttpResponseMessage? resumedResponse = null;
        try
        {
            for (int resumptions = 0; ; resumptions++)
            {
                var response = await ReadEventsAsync(resumed ?? stream, request.Id, request.ProtocolVersion, cursor, cancellationToken).ConfigureAwait(false);
                if (response is not null)
                {
                    return response;
                }

                if (cursor.LastEventId is null || resumptions >= MaxResumptions)
                {
                    throw new McpClientException($"The MCP server at {Endpoint} closed the event stream of {request.Method} (HTTP {(int)status}) before answering it.");
                }

                if (resumed is not null)
                {
                    await resumed.DisposeAsync().ConfigureAwait(false);
                }

                resumedResponse?.Dispose();
                await Task.Delay(cursor.Retry, cancellationToken).ConfigureAwait(false);
                resumedResponse = await GetEventStreamAsync(cursor.LastEventId, request.ProtocolVersion, cancellationToken).ConfigureAwait(false);
                if (resumedResponse is null)
                {
                    throw new McpClientException($"The MCP server at {Endpoint} closed the event stream of {request.Method} before answering it and refused to resume it.");
                }

                resumed = await resumedResponse.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (resumed is not null)
            {
                await resumed.DisposeAsync().ConfigureAwait(false);
            }

            resumedResponse?.Dispose();
        }
    }

    private async ValueTask AnswerAsync(ReadOnlyMemory<byte> serverRequest, JsonRpcMessageParts parts, string? protocolVersion, CancellationToken cancellationToken)
    {
        using var answer = await Peer.AnswerServerRequestAsync(serverRequest, parts, cancellationToken).ConfigureAwait(false);
        using var post = CreatePost(answer.WrittenMemory, protocolVersion);
        using var response = await Http.SendAsync(post, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new McpHttpStatusException((int)response.StatusCode, $"The MCP server at {Endpoint} refused the answer to its {parts.Method} request with HTTP {(int)response.StatusCode}.");
        }
    }

    /// <summary>Whether a <c>Content-Type</c> value is <c>text/event-stream</c> (any case, parameters allowed).</summary>
    internal static bool IsEventStream(HeaderStringValues contentType)
    {
        foreach (string value in contentType)
        {
            var mediaType = value.AsSpan();
            int semicolon = mediaType.IndexOf(';');
            return (semicolon < 0 ? mediaType : mediaType[..semicolon]).Trim().Equals("text/event-stream", StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }

    private McpClientException StatusException(HttpResponseMessage response, string method, PooledByteBuffer body)
    {
        string detail = body.Count == 0 ? "no body" : Encoding.UTF8.GetString(body.WrittenSpan[..Math.Min(body.Count, 500)]);
        return new McpHttpStatusException(
            (int)response.StatusCode,
            $"The MCP server at {Endpoint} answered {method} with HTTP {(int)response.StatusCode} {response.ReasonPhrase} and no JSON-RPC response ({detail}).");
    }

    /// <summary>
    /// <c>Mcp-Name</c> carries printable ASCII as is and anything else (non-ASCII, control characters, edge whitespace
    /// that a server would trim) in the protocol's <c>=?base64?…?=</c> form.
    /// </summary>
    internal static string EncodeHeaderValue(string value)
    {
        bool plain = value.AsSpan().IndexOfAnyExceptInRange(' ', '~') < 0
            && (value.Length == 0 || (value[0] != ' ' && value[^1] != ' '))
            && !(value.StartsWith("=?base64?", StringComparison.Ordinal) && value.EndsWith("?=", StringComparison.Ordinal));
        return plain ? value : "=?base64?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + "?=";
    }
}
