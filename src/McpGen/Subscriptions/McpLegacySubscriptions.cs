using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

/// <summary>
/// resources/subscribe of 2025-11-25 clients. Updates need a stream that outlives the request: stdio's output, or the GET
/// stream a Streamable HTTP session opens. A session's subscriptions live with that stream on the instance holding it,
/// as a listen stream's filter does; nothing is kept for 2026-07-28 clients, which use subscriptions/listen.
/// </summary>
internal sealed class McpLegacySubscriptions
{
    private static readonly byte[] s_emptyObject = "{}"u8.ToArray();

    /// <summary>The most resources one session may subscribe to.</summary>
    internal const int MaxLegacySubscriptionsPerSession = 1_000;

    /// <summary>The most sessions with subscriptions one instance keeps.</summary>
    internal const int MaxLegacySubscribers = 10_000;

    /// <summary>How long a session's subscriptions are kept while it has no stream open.</summary>
    private static readonly TimeSpan s_idleSubscriberLifetime = TimeSpan.FromHours(1);

    /// <summary>Subscribers by stdio connection, or by HTTP session id.</summary>
    private readonly ConcurrentDictionary<object, LegacySubscriber> _legacySubscribers = new();

    private readonly McpServerRuntime _runtime;
    private readonly Action _subscribeToBus;
    private readonly CancellationToken _stopping;

    /// <param name="runtime">The server.</param>
    /// <param name="subscribeToBus">Makes sure the hub's bus subscription is open (it feeds <see cref="Deliver"/>).</param>
    /// <param name="stopping">Ends the GET streams when the server stops.</param>
    public McpLegacySubscriptions(McpServerRuntime runtime, Action subscribeToBus, CancellationToken stopping)
    {
        _runtime = runtime;
        _subscribeToBus = subscribeToBus;
        _stopping = stopping;
    }

    /// <summary><c>resources/subscribe</c> and <c>resources/unsubscribe</c> of a 2025-11-25 client.</summary>
    public McpProcessResult Change(ReadOnlySpan<byte> id, IBufferWriter<byte> response, McpConnection connection, McpRequestParams p, bool subscribe)
    {
        string method = subscribe ? "resources/subscribe" : "resources/unsubscribe";
        if (p.Uri is not { Length: > 0 } uri)
        {
            WriteError(response, id, McpProtocol.ErrorCodes.InvalidParams, $"Missing params.uri: the URI of the resource to {(subscribe ? "subscribe to" : "unsubscribe from")}.");
            return McpProcessResult.Responded;
        }

        object? key = connection.Transport == McpTransportKind.StreamableHttp ? connection.LegacySessionId : connection;
        if (key is null)
        {
            WriteError(response, id, McpProtocol.ErrorCodes.InvalidRequest,
                $"{method} needs a session: send the Mcp-Session-Id header that initialize returned, and open a GET stream with it to receive notifications/resources/updated.");
            return McpProcessResult.Responded;
        }

        if (!subscribe)
        {
            if (_legacySubscribers.TryGetValue(key, out var existing))
            {
                existing.Remove(uri);
            }

            WriteResult(response, id, s_emptyObject);
            return McpProcessResult.Responded;
        }

        if (!_legacySubscribers.ContainsKey(key) && !MakeRoomForSubscriber())
        {
            WriteError(response, id, McpProtocol.ErrorCodes.InternalError,
                $"This server holds resource subscriptions for {MaxLegacySubscribers} sessions already; try again later.");
            return McpProcessResult.Responded;
        }

        var subscriber = _legacySubscribers.GetOrAdd(key, static (_, sink) => new LegacySubscriber(sink), connection.Transport == McpTransportKind.StreamableHttp ? null : connection.Notifications);
        if (!subscriber.Add(uri))
        {
            WriteError(response, id, McpProtocol.ErrorCodes.InvalidParams,
                $"Too many subscriptions: a session may subscribe to at most {MaxLegacySubscriptionsPerSession} resources. Unsubscribe from some first.");
            return McpProcessResult.Responded;
        }

        _subscribeToBus();
        WriteResult(response, id, s_emptyObject);
        return McpProcessResult.Responded;
    }

    /// <summary>
    /// Holds the GET stream of a 2025-11-25 Streamable HTTP session: the session's <c>notifications/resources/updated</c>
    /// go to <paramref name="sink"/> until <paramref name="cancellationToken"/> fires (the client went away) or the
    /// server stops. The transport has checked the session id.
    /// </summary>
    /// <param name="sessionId">The session's id, as <c>initialize</c> issued it.</param>
    /// <param name="sink">The stream.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    public async Task HoldStreamAsync(string sessionId, IMcpNotificationSink sink, CancellationToken cancellationToken)
    {
        if (!_legacySubscribers.ContainsKey(sessionId))
        {
            MakeRoomForSubscriber();
        }

        var subscriber = _legacySubscribers.GetOrAdd(sessionId, static _ => new LegacySubscriber(null));
        subscriber.Attach(sink);
        _subscribeToBus();
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping);
            await Task.Delay(Timeout.Infinite, linked.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            // The subscriptions stay (the client may open the stream again) until the session has been idle for long.
            subscriber.Detach(sink);
        }
    }

    /// <summary>Drops subscribers idle for long; <see langword="false"/> when the instance still holds too many.</summary>
    private bool MakeRoomForSubscriber()
    {
        if (_legacySubscribers.Count < MaxLegacySubscribers)
        {
            return true;
        }

        var cutoff = _runtime.Time.GetUtcNow() - s_idleSubscriberLifetime;
        foreach (var (key, subscriber) in _legacySubscribers)
        {
            if (subscriber.IsIdleSince(cutoff))
            {
                _legacySubscribers.TryRemove(new(key, subscriber));
            }
        }

        return _legacySubscribers.Count < MaxLegacySubscribers;
    }

    /// <summary>Whether no session has subscriptions here (the hub may then close its bus subscription).</summary>
    public bool IsEmpty => _legacySubscribers.IsEmpty;

    /// <summary>Sends <c>notifications/resources/updated</c> to the sessions subscribed to the event's resource.</summary>
    public void Deliver(McpServerEvent serverEvent)
    {
        if (serverEvent.Kind == McpServerEventKind.EventsMissed)
        {
            foreach (var subscriber in _legacySubscribers.Values)
            {
                subscriber.Resynchronize();
            }

            return;
        }

        if (serverEvent.Kind != McpServerEventKind.ResourceUpdated || serverEvent.Uri is not { } uri || _legacySubscribers.IsEmpty)
        {
            return;
        }

        foreach (var subscriber in _legacySubscribers.Values)
        {
            subscriber.Deliver(uri);
        }
    }

    /// <summary>One session's subscriptions and, while one is open, its stream.</summary>
    private sealed class LegacySubscriber(IMcpNotificationSink? sink)
    {
        private readonly HashSet<string> _uris = new(StringComparer.Ordinal);
        private IMcpNotificationSink? _sink = sink;
        private DateTimeOffset _lastActive = DateTimeOffset.UtcNow;

        public bool Add(string uri)
        {
            lock (_uris)
            {
                _lastActive = DateTimeOffset.UtcNow;
                if (_uris.Count >= MaxLegacySubscriptionsPerSession && !_uris.Contains(uri))
                {
                    return false;
                }

                _uris.Add(uri);
                return true;
            }
        }

        public void Remove(string uri)
        {
            lock (_uris)
            {
                _uris.Remove(uri);
            }
        }

        public void Attach(IMcpNotificationSink stream)
        {
            lock (_uris)
            {
                _sink = stream;
            }
        }

        public void Detach(IMcpNotificationSink stream)
        {
            lock (_uris)
            {
                if (ReferenceEquals(_sink, stream))
                {
                    _sink = null;
                    _lastActive = DateTimeOffset.UtcNow;
                }
            }
        }

        public bool IsIdleSince(DateTimeOffset cutoff)
        {
            lock (_uris)
            {
                return _sink is null && _lastActive < cutoff;
            }
        }

        /// <summary>Sends <c>notifications/resources/updated</c> when the URI or one it lies under is subscribed.</summary>
        /// <summary>Events may have been lost: announce every subscribed resource as updated.</summary>
        public void Resynchronize()
        {
            string[] uris;
            lock (_uris)
            {
                uris = [.. _uris];
            }

            foreach (string uri in uris)
            {
                Deliver(uri);
            }
        }

        public void Deliver(string uri)
        {
            IMcpNotificationSink? target;
            lock (_uris)
            {
                target = _sink;
                if (target is null || !Covers(uri))
                {
                    return;
                }
            }

            var scratch = JsonScratch.Rent();
            try
            {
                var w = scratch.Writer;
                w.WriteStartObject();
                w.WriteString("jsonrpc"u8, "2.0"u8);
                w.WriteString("method"u8, "notifications/resources/updated"u8);
                w.WriteStartObject("params"u8);
                w.WriteString("uri"u8, uri);
                w.WriteEndObject();
                w.WriteEndObject();
                w.Flush();
                target.Send(scratch.Buffer.WrittenSpan);
            }
            finally
            {
                JsonScratch.Return(scratch);
            }
        }

        private bool Covers(string updated)
        {
            foreach (var subscribed in _uris)
            {
                if (McpListenHub.ListenFilter.Covers(subscribed, updated))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
