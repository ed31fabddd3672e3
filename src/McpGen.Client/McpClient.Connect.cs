using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client.Internal;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

// Logging levels and sampling/roots types are deprecated in 2026-07-28 but still part of the protocol the client speaks.
#pragma warning disable MCP9005

namespace McpGen.Client;

// Agreeing on a revision: server/discover first (2026-07-28), initialize when the server does not know it (2025-11-25).
public sealed partial class McpClient
{
    private static readonly McpParamsWriter<object?> NoParams = static (_, _) => { };

    private async ValueTask<McpSession> ConnectAsync(CancellationToken cancellationToken)
    {
        Task<McpSession> connecting;
        lock (_gate)
        {
            // One handshake for all the callers that arrive before it ends; a failed one is tried again by the next caller.
            connecting = _connecting ??= ConnectCoreAsync();
        }

        try
        {
            return await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (connecting.IsFaulted || connecting.IsCanceled)
        {
            lock (_gate)
            {
                if (_connecting == connecting)
                {
                    _connecting = null;
                }
            }

            throw;
        }
    }

    private async Task<McpSession> ConnectCoreAsync()
    {
        if (_options.ProtocolVersion != McpProtocol.LatestVersion)
        {
            return await InitializeAsync(_options.ProtocolVersion).ConfigureAwait(false);
        }

        var modern = new McpSession(McpProtocol.LatestVersion, IsLegacy: false);
        using var silence = new CancellationTokenSource(_options.DiscoveryTimeout);
        try
        {
            try
            {
                _description = await FetchDiscoverAsync(modern, silence.Token).ConfigureAwait(false);
            }
            catch (McpRemoteException e) when (e.Code == McpProtocol.ErrorCodes.UnsupportedProtocolVersion && SupportsLatest(e.Data))
            {
                // -32022 that lists our revision among the supported ones (a proxy or a server restarting): try once more.
                _description = await FetchDiscoverAsync(modern, silence.Token).ConfigureAwait(false);
            }

            return _session = modern;
        }
        catch (OperationCanceledException) when (silence.IsCancellationRequested && _options.AllowLegacyFallback)
        {
            // A legacy stdio server may ignore a method it does not know before initialize: silence means legacy too.
            return await InitializeAsync(McpProtocol.LatestLegacyVersion).ConfigureAwait(false);
        }
        catch (McpRemoteException e) when (e.Code is McpProtocol.ErrorCodes.HeaderMismatch or McpProtocol.ErrorCodes.MissingRequiredClientCapability or McpProtocol.ErrorCodes.InvalidParams)
        {
            // A 2026-07-28 server that found fault with the request: falling back would only hide the problem.
            throw;
        }
        catch (McpClientException e) when (_options.AllowLegacyFallback && e is McpRemoteException or McpHttpStatusException)
        {
            // -32601 (no server/discover), -32022 without our revision, a legacy server's 400/404/405: speak 2025-11-25.
            return await InitializeAsync(McpProtocol.LatestLegacyVersion).ConfigureAwait(false);
        }
    }

    private static bool SupportsLatest(JsonElement? data)
    {
        if (data is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty("supported", out var supported) && supported.ValueKind == JsonValueKind.Array)
        {
            foreach (var version in supported.EnumerateArray())
            {
                if (version.ValueKind == JsonValueKind.String && version.ValueEquals(McpProtocol.LatestVersion))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The 2025-11-25 handshake: <c>initialize</c> (the transport keeps the session id), then <c>notifications/initialized</c>.</summary>
    private async Task<McpSession> InitializeAsync(string requestedVersion)
    {
        var handshake = new McpSession(requestedVersion, IsLegacy: true);
        long id = Interlocked.Increment(ref _nextId);
        PooledByteBuffer response;
        using (var body = new PooledByteBuffer(512))
        {
            using (var w = new Utf8JsonWriter(body))
            {
                w.WriteStartObject();
                w.WriteString("jsonrpc"u8, "2.0"u8);
                w.WriteNumber("id"u8, id);
                w.WriteString("method"u8, McpProtocol.Methods.Initialize);
                w.WriteStartObject("params"u8);
                w.WriteString("protocolVersion"u8, requestedVersion);
                w.WritePropertyName("capabilities"u8);
                w.WriteRawValue(_capabilitiesJson, skipInputValidation: true);
                w.WritePropertyName("clientInfo"u8);
                w.WriteRawValue(_clientInfoJson, skipInputValidation: true);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            try
            {
                // No MCP-Protocol-Version header yet: the revision is what initialize negotiates.
                response = await _transport.SendRequestAsync(new McpTransportRequest(id, body.WrittenMemory, McpProtocol.Methods.Initialize, null, null), CancellationToken.None).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new McpClientException("Could not reach the MCP server for initialize: " + e.Message, e);
            }
        }

        InitializeResult result;
        using (response)
        {
            var parts = JsonRpcMessageParts.Read(response.WrittenSpan);
            if (parts.IsError)
            {
                throw ReadError(response.WrittenSpan[parts.Error], McpProtocol.Methods.Initialize, null);
            }

            result = JsonSerializer.Deserialize(response.WrittenSpan[parts.Result], ClientJson.InitializeResult)
                ?? throw new McpClientException("The MCP server answered initialize with an empty result.");
        }

        if (Array.IndexOf(McpProtocol.LegacyVersions, result.ProtocolVersion) < 0)
        {
            throw new McpClientException($"The MCP server offered protocol revision '{result.ProtocolVersion}', which this client does not speak (it speaks {McpProtocol.LatestVersion} and {string.Join(", ", McpProtocol.LegacyVersions)}).");
        }

        var session = handshake with { ProtocolVersion = result.ProtocolVersion };
        using (var notification = new PooledByteBuffer(96))
        {
            using (var w = new Utf8JsonWriter(notification))
            {
                w.WriteStartObject();
                w.WriteString("jsonrpc"u8, "2.0"u8);
                w.WriteString("method"u8, McpProtocol.Methods.InitializedNotification);
                w.WriteEndObject();
            }

            await _transport.SendNotificationAsync(notification.WrittenMemory, McpProtocol.Methods.InitializedNotification, session.ProtocolVersion, CancellationToken.None).ConfigureAwait(false);
        }

        _description = new McpServerDescription(session.ProtocolVersion, [session.ProtocolVersion], result.Capabilities ?? new ServerCapabilities(), result.ServerInfo, result.Instructions, expires: null);
        return _session = session;
    }

    private async Task<McpServerDescription> FetchDiscoverAsync(McpSession session, CancellationToken cancellationToken)
    {
        var (response, range) = await ExchangeAsync(session, McpProtocol.Methods.ServerDiscover, null, (object?)null, NoParams, null, null, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            var result = JsonSerializer.Deserialize(response.WrittenSpan[range], ClientJson.DiscoverResult)
                ?? throw new McpClientException("The MCP server answered server/discover with an empty result.");
            Implementation? serverInfo = null;
            if (result.Meta is { } meta && meta.TryGetPropertyValue(McpProtocol.MetaKeys.ServerInfo, out var info) && info is not null)
            {
                serverInfo = info.Deserialize(ClientJson.Implementation);
            }

            DateTimeOffset? expires = result.TimeToLive is { } ttl ? _options.TimeProvider.GetUtcNow() + ttl : null;
            return new McpServerDescription(
                session.ProtocolVersion,
                result.SupportedVersions is { } versions ? [.. versions] : [session.ProtocolVersion],
                result.Capabilities ?? new ServerCapabilities(),
                serverInfo,
                result.Instructions,
                expires);
        }
    }

    /// <summary>
    /// What the server says about itself. Under 2026-07-28 the <c>server/discover</c> answer is kept for its <c>ttlMs</c>
    /// and fetched again once stale; under 2025-11-25 it is the <c>initialize</c> answer of the session.
    /// </summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The server's description.</returns>
    /// <exception cref="McpRemoteException">The server answered with a JSON-RPC error.</exception>
    /// <exception cref="McpClientException">The server could not be reached or spoke no revision this client knows.</exception>
    public async ValueTask<McpServerDescription> DiscoverAsync(CancellationToken cancellationToken = default)
    {
        var session = _session ?? await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var description = _description!;
        if (session.IsLegacy || description.Expires is not { } expires || _options.TimeProvider.GetUtcNow() < expires)
        {
            return description;
        }

        return _description = await FetchDiscoverAsync(session, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks that the server answers: <c>ping</c> under 2025-11-25; under 2026-07-28, which removed <c>ping</c>,
    /// an uncached <c>server/discover</c>.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the server has answered.</returns>
    /// <exception cref="McpClientException">The server did not answer or answered with an error.</exception>
    public async ValueTask PingAsync(CancellationToken cancellationToken = default)
    {
        var session = _session;
        if (session is null)
        {
            // Connecting is an exchange with the server already: under 2026-07-28 it was the discover a ping would be.
            session = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            if (!session.IsLegacy)
            {
                return;
            }
        }
        else if (!session.IsLegacy)
        {
            _description = await FetchDiscoverAsync(session, cancellationToken).ConfigureAwait(false);
            return;
        }

        await SendRequestAsync(McpProtocol.Methods.Ping, null, (object?)null, NoParams, static _ => true, cancellationToken).ConfigureAwait(false);
    }

    // ---- what arrives from the server besides responses ----

    void IMcpClientPeer.OnNotification(ReadOnlySpan<byte> message, in JsonRpcMessageParts parts)
    {
        if (!_listens.IsEmpty && parts.Method is { } listened && TryDeliverToListen(message, parts, listened))
        {
            return;
        }

        if (_options.Notifications is not { } receive || parts.Method is not { } method)
        {
            return;
        }

        JsonElement @params = parts.Params.End.Value > 0 ? JsonElement.Parse(message[parts.Params]) : default;
        ProgressNotificationParams? progress = null;
        LoggingMessageNotificationParams? log = null;
        try
        {
            if (method == McpProtocol.Methods.ProgressNotification && @params.ValueKind == JsonValueKind.Object)
            {
                progress = @params.Deserialize(ClientJson.ProgressNotificationParams);
            }
            else if (method == "notifications/message" && @params.ValueKind == JsonValueKind.Object)
            {
                log = @params.Deserialize(ClientJson.LoggingMessageNotificationParams);
            }
        }
        catch (JsonException)
        {
            // Malformed params still reach the callback raw.
        }

        try
        {
            receive(new McpClientNotification(method, @params, progress, log));
        }
        catch (Exception e)
        {
            // The callback runs on the transport's reading path: its failure must not fail the request being read.
            if (_logger is not null)
            {
                LogNotificationCallbackFailed(_logger, method, e);
            }
        }
    }

    [LoggerMessage(4, LogLevel.Warning, "The McpClientOptions.Notifications callback threw for {Method}; the notification is dropped.")]
    private static partial void LogNotificationCallbackFailed(ILogger logger, string method, Exception exception);

    async ValueTask<PooledByteBuffer> IMcpClientPeer.AnswerServerRequestAsync(ReadOnlyMemory<byte> message, JsonRpcMessageParts parts, CancellationToken cancellationToken)
    {
        var buffer = new PooledByteBuffer();
        using var w = new Utf8JsonWriter(buffer);
        w.WriteStartObject();
        w.WriteString("jsonrpc"u8, "2.0"u8);
        w.WritePropertyName("id"u8);
        w.WriteRawValue(message.Span[parts.Id], skipInputValidation: true);
        try
        {
            JsonElement @params = parts.Params.End.Value > 0 ? JsonElement.Parse(message.Span[parts.Params]) : default;
            byte[] result = await AnswerInputAsync(parts.Method!, @params, cancellationToken).ConfigureAwait(false);
            w.WritePropertyName("result"u8);
            w.WriteRawValue(result, skipInputValidation: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The server learns why; the request it is serving decides what that means.
            w.WriteStartObject("error"u8);
            w.WriteNumber("code"u8, e is NoInputHandlerException ? McpProtocol.ErrorCodes.MethodNotFound : McpProtocol.ErrorCodes.InternalError);
            w.WriteString("message"u8, e.Message);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.Flush();
        return buffer;
    }

    /// <summary>Answers one round's <c>inputRequests</c>: an object of answers under the same keys.</summary>
    private async ValueTask<byte[]> AnswerInputRequestsAsync(ReadOnlyMemory<byte> inputRequests, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(inputRequests);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new McpClientException("The MCP server sent inputRequests that are not an object.");
        }

        var answers = new List<(string Key, byte[] Answer)>();
        foreach (var request in document.RootElement.EnumerateObject())
        {
            if (request.Value.ValueKind != JsonValueKind.Object
                || !request.Value.TryGetProperty("method"u8, out var method)
                || method.ValueKind != JsonValueKind.String)
            {
                throw new McpClientException($"The MCP server's input request '{request.Name}' has no method.");
            }

            request.Value.TryGetProperty("params"u8, out var @params);
            answers.Add((request.Name, await AnswerInputAsync(method.GetString()!, @params, cancellationToken).ConfigureAwait(false)));
        }

        using var buffer = new PooledByteBuffer();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (key, answer) in answers)
            {
                w.WritePropertyName(key);
                w.WriteRawValue(answer, skipInputValidation: true);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }


    /// <summary>Runs the handler for one server question and returns its answer as JSON.</summary>
    private async ValueTask<byte[]> AnswerInputAsync(string method, JsonElement @params, CancellationToken cancellationToken)
    {
        switch (method)
        {
            case "elicitation/create":
            {
                var handler = _options.Elicitation ?? throw new NoInputHandlerException(method, nameof(McpClientOptions.Elicitation));
                var request = @params.Deserialize(ClientJson.ElicitRequestParams) ?? throw new McpClientException("The MCP server sent elicitation/create without params.");
                var answer = ElicitationDefaults.Apply(await handler(request, cancellationToken).ConfigureAwait(false), @params);
                return JsonSerializer.SerializeToUtf8Bytes(answer, ClientJson.ElicitResult);
            }

            case "sampling/createMessage":
            {
                var handler = _options.Sampling ?? throw new NoInputHandlerException(method, nameof(McpClientOptions.Sampling));
                var request = @params.Deserialize(ClientJson.CreateMessageRequestParams) ?? throw new McpClientException("The MCP server sent sampling/createMessage without params.");
                var answer = await handler(request, cancellationToken).ConfigureAwait(false);
                return JsonSerializer.SerializeToUtf8Bytes(answer, ClientJson.CreateMessageResult);
            }

            case "roots/list":
            {
                var handler = _options.Roots ?? throw new NoInputHandlerException(method, nameof(McpClientOptions.Roots));
                var request = @params.ValueKind == JsonValueKind.Object ? @params.Deserialize(ClientJson.ListRootsRequestParams) ?? new() : new();
                var answer = await handler(request, cancellationToken).ConfigureAwait(false);
                return JsonSerializer.SerializeToUtf8Bytes(answer, ClientJson.ListRootsResult);
            }

            case "ping":
                return "{}"u8.ToArray();

            default:
                throw new NoInputHandlerException(method, null);
        }
    }


    /// <summary>The server asked for something no handler of <see cref="McpClientOptions"/> answers.</summary>
    private sealed class NoInputHandlerException(string method, string? option)
        : McpClientException(option is null
            ? $"The MCP server asked for '{method}', which this client does not answer."
            : $"The MCP server asked for '{method}', but McpClientOptions.{option} is not set (and the client did not declare that capability).");
}
