using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

/// <summary>
/// <c>subscriptions/listen</c>: long-lived streams of list-changed and resource-updated notifications, fed by the one
/// event-bus subscription this server holds while any stream (or 2025-11-25 session with resource subscriptions, see
/// <see cref="McpLegacySubscriptions"/>) is open. <see cref="Close"/> ends every stream; the processor only calls into it.
/// </summary>
internal sealed class McpListenHub
{
    private readonly McpServerRuntime _runtime;
    private readonly ConcurrentDictionary<ListenStream, byte> _listens = new();
    private readonly object _busGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly McpLegacySubscriptions _legacy;
    private IDisposable? _busSubscription;

    public McpListenHub(McpServerRuntime runtime)
    {
        _runtime = runtime;
        _legacy = new McpLegacySubscriptions(runtime, SubscribeToBus, _stopping.Token);
    }

    /// <summary><c>resources/subscribe</c> and <c>resources/unsubscribe</c> of a 2025-11-25 client.</summary>
    public McpProcessResult ChangeLegacySubscription(ReadOnlySpan<byte> id, IBufferWriter<byte> response, McpConnection connection, McpRequestParams p, bool subscribe) =>
        _legacy.Change(id, response, connection, p, subscribe);

    /// <summary>
    /// Holds the GET stream of a 2025-11-25 Streamable HTTP session: the session's <c>notifications/resources/updated</c>
    /// go to <paramref name="sink"/> until <paramref name="cancellationToken"/> fires (the client went away) or the
    /// server stops (<see cref="Close"/>). The transport has checked the session id.
    /// </summary>
    public Task HoldLegacyStreamAsync(string sessionId, IMcpNotificationSink sink, CancellationToken cancellationToken) =>
        _legacy.HoldStreamAsync(sessionId, sink, cancellationToken);

    /// <summary>
    /// Ends every open <c>subscriptions/listen</c> stream (and legacy GET stream) with its final result, and every later
    /// one at once, so clients listen again elsewhere. Idempotent.
    /// </summary>
    public void Close()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Serves <c>subscriptions/listen</c>: acknowledges the filter, then streams matching notifications until the request is cancelled or the hub closes.</summary>
    public async ValueTask<McpProcessResult> ListenAsync(ReadOnlyMemory<byte> id, IBufferWriter<byte> response, McpConnection connection, McpRequestParams p, CancellationToken cancellationToken)
    {
        if (connection.Notifications is not { } sink)
        {
            WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidRequest, "subscriptions/listen needs a transport that streams notifications.");
            return McpProcessResult.Responded;
        }

        if (!TryReadFilter(p.Notifications.Span, out var filter, out string? problem))
        {
            WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams, problem!);
            return McpProcessResult.Rejected;
        }

        var stream = new ListenStream(id.ToArray(), filter, sink);
        stream.SendAcknowledgement();
        AddListen(stream);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            await Task.Delay(Timeout.Infinite, linked.Token).ConfigureAwait(false);
            return McpProcessResult.Cancelled; // never reached: the wait ends only by cancellation
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The server is stopping: end the stream with its result, so the client knows to listen again elsewhere.
            stream.Close();
            JsonScratch.WriteTo(response, (Id: stream.Id, Documents: _runtime.Documents), static (w, s) =>
            {
                WriteResultStart(w, s.Id);
                w.WriteStartObject("_meta"u8);
                w.WritePropertyName(McpProtocol.MetaKeys.SubscriptionId);
                w.WriteRawValue(s.Id, skipInputValidation: true);
                w.WritePropertyName(McpProtocol.MetaKeys.ServerInfo);
                w.WriteRawValue(s.Documents.ServerInfoJson, skipInputValidation: true);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            });
            return McpProcessResult.Responded;
        }
        catch (OperationCanceledException)
        {
            return McpProcessResult.Cancelled;
        }
        finally
        {
            stream.Close();
            RemoveListen(stream);
        }
    }

    /// <summary>Subscribes to the bus while at least one stream is open, so idle processors hold no subscription.</summary>
    private void AddListen(ListenStream stream)
    {
        lock (_busGate)
        {
            _listens[stream] = 0;
            _busSubscription ??= _runtime.Events.Subscribe(OnServerEvent);
        }
    }

    /// <summary>Subscribes to the bus for a 2025-11-25 session's resource subscriptions (kept while any session has some).</summary>
    private void SubscribeToBus()
    {
        lock (_busGate)
        {
            _busSubscription ??= _runtime.Events.Subscribe(OnServerEvent);
        }
    }

    private void RemoveListen(ListenStream stream)
    {
        lock (_busGate)
        {
            _listens.TryRemove(stream, out _);
            if (_listens.IsEmpty && _legacy.IsEmpty)
            {
                _busSubscription?.Dispose();
                _busSubscription = null;
            }
        }
    }

    private void OnServerEvent(McpServerEvent serverEvent)
    {
        if (serverEvent.Server is { } server && !string.Equals(server, _runtime.Definition.Info.Name, StringComparison.Ordinal))
        {
            return;
        }

        foreach (var stream in _listens.Keys)
        {
            stream.Deliver(serverEvent);
        }

        _legacy.Deliver(serverEvent);
    }

    /// <summary>Reads <c>params.notifications</c> and keeps what this server can deliver.</summary>
    private bool TryReadFilter(ReadOnlySpan<byte> json, out ListenFilter filter, out string? problem)
    {
        filter = default;
        problem = null;
        if (json.IsEmpty)
        {
            problem = "Missing params.notifications: the notifications to listen for, e.g. {\"toolsListChanged\":true}.";
            return false;
        }

        bool tools = false, prompts = false, resources = false;
        List<string>? uris = null;
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("resourceSubscriptions"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    problem = "Invalid params.notifications.resourceSubscriptions: expected an array of resource URIs.";
                    return false;
                }

                uris ??= [];
                int maxCount = _runtime.Options.MaxResourceSubscriptions, maxLength = _runtime.Options.MaxResourceUriLength;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        problem = "Invalid params.notifications.resourceSubscriptions: expected an array of resource URIs.";
                        return false;
                    }

                    // Refused at the first URI over a limit, so a huge filter never gets copied whole.
                    if (uris.Count >= maxCount)
                    {
                        problem = $"Invalid params.notifications.resourceSubscriptions: more than {maxCount} resource URIs, the limit per listen request (McpServerOptions.MaxResourceSubscriptions).";
                        return false;
                    }

                    string uri = reader.GetString()!;
                    if (uri.Length > maxLength)
                    {
                        problem = $"Invalid params.notifications.resourceSubscriptions: a resource URI is longer than {maxLength} characters, the limit (McpServerOptions.MaxResourceUriLength).";
                        return false;
                    }

                    uris.Add(uri);
                }

                continue;
            }

            bool isTools = reader.ValueTextEquals("toolsListChanged"u8);
            bool isPrompts = reader.ValueTextEquals("promptsListChanged"u8);
            bool isResources = reader.ValueTextEquals("resourcesListChanged"u8);
            reader.Read();
            bool on = reader.TokenType == JsonTokenType.True;
            tools |= isTools && on;
            prompts |= isPrompts && on;
            resources |= isResources && on;
            reader.Skip();
        }

        // Only what this server has can change; other kinds (and extension filters it does not serve) are dropped from the ack.
        filter = new ListenFilter(
            tools && _runtime.Documents.HasTools,
            prompts && _runtime.Documents.HasPrompts,
            resources && _runtime.Documents.HasResources,
            uris is not null && _runtime.Documents.HasResources ? [.. uris] : null);
        return true;
    }

    /// <summary>The notifications a stream honours.</summary>
    internal readonly record struct ListenFilter(bool ToolsListChanged, bool PromptsListChanged, bool ResourcesListChanged, string[]? ResourceSubscriptions)
    {
        public bool Accepts(McpServerEvent serverEvent) => serverEvent.Kind switch
        {
            McpServerEventKind.ToolsListChanged => ToolsListChanged,
            McpServerEventKind.PromptsListChanged => PromptsListChanged,
            McpServerEventKind.ResourcesListChanged => ResourcesListChanged,
            McpServerEventKind.ResourceUpdated => ResourceSubscriptions is { } uris && serverEvent.Uri is { } uri && Array.Exists(uris, u => Covers(u, uri)),
            _ => false,
        };

        /// <summary>A subscription covers its resource and the resource's sub-resources (<c>a/b</c> covers <c>a/b/c</c>).</summary>
        internal static bool Covers(string subscribed, string updated) =>
            updated.StartsWith(subscribed, StringComparison.Ordinal)
            && (updated.Length == subscribed.Length || subscribed.EndsWith('/') || updated[subscribed.Length] is '/' or '?' or '#');
    }

    /// <summary>One open listen stream: its id, what it asked for, and where its notifications go.</summary>
    private sealed class ListenStream(byte[] id, ListenFilter filter, IMcpNotificationSink sink)
    {
        private volatile bool _closed;

        public byte[] Id { get; } = id;

        public void SendAcknowledgement() => Send(static (w, s) =>
        {
            w.WriteString("method"u8, "notifications/subscriptions/acknowledged"u8);
            w.WriteStartObject("params"u8);
            w.WriteStartObject("notifications"u8);
            var f = s.Filter;
            if (f.ToolsListChanged)
            {
                w.WriteBoolean("toolsListChanged"u8, true);
            }

            if (f.PromptsListChanged)
            {
                w.WriteBoolean("promptsListChanged"u8, true);
            }

            if (f.ResourcesListChanged)
            {
                w.WriteBoolean("resourcesListChanged"u8, true);
            }

            if (f.ResourceSubscriptions is { } uris)
            {
                w.WriteStartArray("resourceSubscriptions"u8);
                foreach (var uri in uris)
                {
                    w.WriteStringValue(uri);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            s.Stream.WriteMeta(w);
            w.WriteEndObject();
        }, default);

        public void Deliver(McpServerEvent serverEvent)
        {
            if (serverEvent.Kind == McpServerEventKind.EventsMissed)
            {
                Resynchronize();
                return;
            }

            if (_closed || !filter.Accepts(serverEvent))
            {
                return;
            }

            Send(static (w, s) =>
            {
                w.WriteString("method"u8, s.Event.Kind switch
                {
                    McpServerEventKind.ToolsListChanged => "notifications/tools/list_changed"u8,
                    McpServerEventKind.PromptsListChanged => "notifications/prompts/list_changed"u8,
                    McpServerEventKind.ResourcesListChanged => "notifications/resources/list_changed"u8,
                    _ => "notifications/resources/updated"u8,
                });
                w.WriteStartObject("params"u8);
                if (s.Event.Kind == McpServerEventKind.ResourceUpdated)
                {
                    w.WriteString("uri"u8, s.Event.Uri);
                }

                s.Stream.WriteMeta(w);
                w.WriteEndObject();
            }, serverEvent);
        }

        public void Close() => _closed = true;

        /// <summary>Events may have been lost: announce every list asked for and every subscribed resource as changed.</summary>
        private void Resynchronize()
        {
            Deliver(McpServerEvent.ToolsListChanged);
            Deliver(McpServerEvent.PromptsListChanged);
            Deliver(McpServerEvent.ResourcesListChanged);
            foreach (string uri in filter.ResourceSubscriptions ?? [])
            {
                Deliver(McpServerEvent.ResourceUpdated(uri));
            }
        }

        private void WriteMeta(Utf8JsonWriter w)
        {
            w.WriteStartObject("_meta"u8);
            w.WritePropertyName(McpProtocol.MetaKeys.SubscriptionId);
            w.WriteRawValue(Id, skipInputValidation: true);
            w.WriteEndObject();
        }

        private void Send(Action<Utf8JsonWriter, (ListenStream Stream, ListenFilter Filter, McpServerEvent Event)> writeBody, McpServerEvent serverEvent)
        {
            var scratch = JsonScratch.Rent();
            try
            {
                var w = scratch.Writer;
                w.WriteStartObject();
                w.WriteString("jsonrpc"u8, "2.0"u8);
                writeBody(w, (this, filter, serverEvent));
                w.WriteEndObject();
                w.Flush();
                if (!_closed)
                {
                    sink.Send(scratch.Buffer.WrittenSpan);
                }
            }
            finally
            {
                JsonScratch.Return(scratch);
            }
        }
    }
}
