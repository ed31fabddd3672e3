using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

/// <summary>
/// 2025-11-25 clients over Streamable HTTP: the session id <c>initialize</c> issues (see <see cref="McpLegacySession"/>)
/// and <c>notifications/cancelled</c>, which names a request of the same session that runs on this or another instance.
/// </summary>
public sealed partial class McpRequestProcessor
{
    internal const string UnknownSessionMessage =
        "Unknown session: the Mcp-Session-Id header was not issued by this server (or its key has since been retired). Send initialize to start a new session.";

    /// <summary>
    /// Legacy requests of a session running here, by <see cref="SessionRequestKey"/> (a string key: a tuple key would
    /// compile a dictionary of its own into every Native AOT binary).
    /// </summary>
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _sessionRequests = new(StringComparer.Ordinal);

    /// <summary>A session's request: the session id (base64url, no newline) and the JSON-RPC id as its raw JSON text.</summary>
    private static string SessionRequestKey(string session, string requestId) => session + "\n" + requestId;

    /// <summary>Carries cancels to the instance running the request, when the event bus spans instances.</summary>
    private IMcpRequestCancellationRelay? _cancellationRelay;

    private void InitializeLegacySessions()
    {
        if (Events is IMcpRequestCancellationRelay relay)
        {
            // Every instance listens; the one running the request cancels it, the others find nothing to cancel.
            _cancellationRelay = relay;
            relay.SubscribeCancellations((session, requestId) => CancelSessionRequest(session, requestId));
        }
    }

    /// <summary>Opens a session id into the connection; <see langword="false"/> when this server did not issue it.</summary>
    private bool TryOpenSession(McpConnection connection, string sessionId)
    {
        sessionId = sessionId.Trim();
        if (!McpLegacySession.TryOpen(_runtime.StateProtector, sessionId, McpCallerIdentity.Of(connection.User), out string version, out byte[] capabilities))
        {
            return false;
        }

        connection.LegacyProtocolVersion = version;
        connection.LegacyClientCapabilities = capabilities;
        connection.LegacySessionId = sessionId;
        return true;
    }

    /// <summary>
    /// Serves a request of a legacy session so that a <c>notifications/cancelled</c> of the same session can stop it. A
    /// cancelled request gets no response, even when the cancel came after its work was done.
    /// </summary>
    private async ValueTask<McpProcessResult> RouteInSessionAsync(McpRequest request, McpClientLogSink? log, string session)
    {
        string key = SessionRequestKey(session, Encoding.UTF8.GetString(request.Id.Span));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(request.CancellationToken);

        // Ids are unique among a session's requests in flight; a repeated one is served but cannot be cancelled.
        bool registered = _sessionRequests.TryAdd(key, cancel);
        try
        {
            var inSession = request.WithCancellation(cancel.Token);
            var result = log is null
                ? await RouteAsync(inSession).ConfigureAwait(false)
                : await RouteWithClientLogAsync(inSession, log).ConfigureAwait(false);
            return cancel.IsCancellationRequested ? McpProcessResult.Cancelled : result;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return McpProcessResult.Cancelled;
        }
        finally
        {
            if (registered)
            {
                _sessionRequests.TryRemove(new(key, cancel));
            }
        }
    }

    /// <summary>Whether <paramref name="sessionId"/> is a session this server issued to <paramref name="user"/>.</summary>
    internal bool IsLegacySession(string sessionId, System.Security.Claims.ClaimsPrincipal? user) =>
        McpLegacySession.TryOpen(_runtime.StateProtector, sessionId, McpCallerIdentity.Of(user), out _, out _);

    /// <summary>
    /// Serves a legacy <c>notifications/cancelled</c> that came over Streamable HTTP: cancels the request it names in the
    /// same session, here or (through the event bus) on the instance running it. Unknown or finished ids are ignored,
    /// as the protocol asks. Returns <see langword="false"/> when <paramref name="sessionId"/> was not issued by this
    /// server (the transport answers 404).
    /// </summary>
    /// <param name="sessionId">The request's <c>Mcp-Session-Id</c>, or <see langword="null"/>: then no request can be named.</param>
    /// <param name="message">The notification.</param>
    /// <param name="user">Who sent it, as the transport authenticated them.</param>
    internal bool CancelLegacyRequest(string? sessionId, JsonRpcMessage message, System.Security.Claims.ClaimsPrincipal? user)
    {
        if (sessionId is null)
        {
            return true;
        }

        sessionId = sessionId.Trim();
        if (!McpLegacySession.TryOpen(_runtime.StateProtector, sessionId, McpCallerIdentity.Of(user), out _, out _))
        {
            return false;
        }

        if (CancelledRequestId(message) is { } requestId && !CancelSessionRequest(sessionId, requestId))
        {
            _cancellationRelay?.PublishCancellation(sessionId, requestId);
        }

        return true;
    }

    /// <summary>Cancels a request of a session if it runs here.</summary>
    private bool CancelSessionRequest(string session, string requestId)
    {
        if (!_sessionRequests.TryGetValue(SessionRequestKey(session, requestId), out var cancel))
        {
            return false;
        }

        try
        {
            cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It ended while the cancel arrived: nothing left to stop.
        }

        return true;
    }

    /// <summary>The id (raw JSON: a string keeps its quotes) of the request a <c>notifications/cancelled</c> names, or <see langword="null"/>.</summary>
    internal static string? CancelledRequestId(JsonRpcMessage message)
    {
        if (message.Params.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(message.Params.Span);
            reader.Read();
            while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
            {
                bool isRequestId = reader.ValueTextEquals("requestId"u8);
                reader.Read();
                if (isRequestId && reader.TokenType is System.Text.Json.JsonTokenType.String or System.Text.Json.JsonTokenType.Number)
                {
                    int start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    return Encoding.UTF8.GetString(message.Params.Span[start..(int)reader.BytesConsumed]);
                }

                reader.Skip();
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return null;
    }
}

/// <summary>
/// Implemented by an <see cref="IMcpEventBus"/> that spans instances (McpGen.Redis): carries a legacy client's
/// <c>notifications/cancelled</c> to every instance, so the one running the named request stops it. Cancels are
/// fire-and-forget, like the protocol's own: one lost while the bus is down lets the request finish.
/// </summary>
internal interface IMcpRequestCancellationRelay
{
    /// <summary>Announces that the client of <paramref name="session"/> cancelled its request <paramref name="requestId"/>.</summary>
    /// <param name="session">The session id, as the client sent it (sealed, so it cannot name another client's session).</param>
    /// <param name="requestId">The request's JSON-RPC id as raw JSON.</param>
    void PublishCancellation(string session, string requestId);

    /// <summary>Calls <paramref name="cancel"/> for every cancellation published on any instance (this one included).</summary>
    /// <param name="cancel">Receives the session and the request id; must not block.</param>
    IDisposable SubscribeCancellations(Action<string, string> cancel);
}
