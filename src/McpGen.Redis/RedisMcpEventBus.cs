using System;
using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace McpGen.Redis;

/// <summary>Options of <see cref="RedisMcpEventBus"/>.</summary>
public sealed class RedisMcpEventBusOptions
{
    /// <summary>
    /// The Redis pub/sub channel every instance publishes to and listens on. Default <c>mcpgen:events</c>; give
    /// unrelated deployments sharing one Redis their own channel.
    /// </summary>
    public string Channel { get; set; } = "mcpgen:events";

    /// <summary>How often the bus checks whether its subscription is back after the connection broke. Default 250 ms.</summary>
    public TimeSpan ReconnectCheckInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>
/// An <see cref="IMcpEventBus"/> over Redis pub/sub: an event published on any instance reaches the
/// <c>subscriptions/listen</c> streams of every instance subscribed to the channel, this one included (one path for
/// all, so nothing is delivered twice). Pub/sub is fire-and-forget: a notification published while an instance is
/// disconnected from Redis (or during a failover) does not reach that instance's streams. The bus makes such a gap
/// visible: once its subscription is back, it raises <see cref="McpServerEventKind.EventsMissed"/>, and every listening
/// stream is told that what it listens to may have changed, so its client reads it again.
/// </summary>
/// <remarks>
/// The bus also carries a 2025-11-25 client's <c>notifications/cancelled</c> (on the channel name followed by
/// <c>:cancel</c>), so a cancel that a load balancer sends to another instance than the request's still stops it.
/// </remarks>
public sealed partial class RedisMcpEventBus : IMcpEventBus, IMcpRequestCancellationRelay, IMcpDependencyProbe, IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly ISubscriber _subscriber;
    private readonly TimeSpan _reconnectCheckInterval;
    private readonly RedisChannel _channel;
    private readonly RedisChannel _cancelChannel;
    private readonly ILogger _logger;
    private ImmutableArray<Action<McpServerEvent>> _handlers = [];
    private ImmutableArray<Action<string, string>> _cancelHandlers = [];
    private int _disposed;
    private int _awaitingReconnect;

    /// <summary>How long the constructor waits for the subscription when Redis is connected.</summary>
    private static readonly TimeSpan SubscribeWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Creates the bus and subscribes to its channel. With Redis connected, it returns once subscribed, so no event
    /// published after it returns is missed. With Redis down it returns at once: the subscription is made when the
    /// connection comes up, and listeners are then told that events may have been missed.
    /// </summary>
    /// <param name="redis">The connection to Redis.</param>
    /// <param name="options">The channel; <see langword="null"/> for the defaults.</param>
    /// <param name="logger">Where malformed messages and delivery problems are logged; <see langword="null"/> for none.</param>
    public RedisMcpEventBus(IConnectionMultiplexer redis, RedisMcpEventBusOptions? options = null, ILogger<RedisMcpEventBus>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        options ??= new RedisMcpEventBusOptions();
        _channel = RedisChannel.Literal(options.Channel);
        _cancelChannel = RedisChannel.Literal(options.Channel + ":cancel");
        _reconnectCheckInterval = options.ReconnectCheckInterval;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _redis = redis;
        _subscriber = redis.GetSubscriber();
        _redis.ConnectionFailed += OnConnectionFailed;

        // Not the blocking Subscribe: with Redis down at start-up it threw after its timeout, and the server that the
        // docs promise starts without Redis crashed instead. The client keeps both handlers registered whether or not
        // the command gets through, and subscribes them again when it connects.
        var subscribed = Task.WhenAll(_subscriber.SubscribeAsync(_channel, OnMessage), _subscriber.SubscribeAsync(_cancelChannel, OnCancellation));
        if (!redis.IsConnected || !WaitQuietly(subscribed, SubscribeWait))
        {
            _ = subscribed.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            LogNotSubscribedYet(_logger, options.Channel);
            if (Interlocked.Exchange(ref _awaitingReconnect, 1) == 0)
            {
                _ = ReportGapWhenReconnectedAsync();
            }
        }
    }

    /// <summary>Whether <paramref name="task"/> succeeded within <paramref name="timeout"/>; never throws.</summary>
    private static bool WaitQuietly(Task task, TimeSpan timeout)
    {
        try
        {
            return task.Wait(timeout);
        }
        catch (AggregateException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        if (!_subscriber.IsConnected(_channel))
        {
            return "The Redis event bus is not connected: notifications do not reach other instances.";
        }

        try
        {
            await _subscriber.PingAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return "The Redis event bus does not answer: " + e.Message;
        }
    }

    /// <inheritdoc/>
    public async ValueTask PublishAsync(McpServerEvent serverEvent, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _subscriber.PublishAsync(_channel, Encode(serverEvent)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public IDisposable Subscribe(Action<McpServerEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ImmutableInterlocked.Update(ref _handlers, static (list, h) => list.Add(h), handler);
        return new Subscription(this, handler);
    }

    /// <summary>Unsubscribes from the channel; the connection stays open (it belongs to whoever created it).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _redis.ConnectionFailed -= OnConnectionFailed;
            _subscriber.Unsubscribe(_channel, OnMessage);
            _subscriber.Unsubscribe(_cancelChannel, OnCancellation);
        }
    }

    // Fire-and-forget like the notification itself: a cancel lost while Redis is away lets the request finish.
    void IMcpRequestCancellationRelay.PublishCancellation(string session, string requestId) =>
        _subscriber.Publish(_cancelChannel, EncodeCancellation(session, requestId), CommandFlags.FireAndForget);

    IDisposable IMcpRequestCancellationRelay.SubscribeCancellations(Action<string, string> cancel)
    {
        ArgumentNullException.ThrowIfNull(cancel);
        ImmutableInterlocked.Update(ref _cancelHandlers, static (list, h) => list.Add(h), cancel);
        return new CancellationSubscription(this, cancel);
    }

    /// <summary>A subscription connection broke: events published from now until it is back never reach this instance.</summary>
    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription && Volatile.Read(ref _disposed) == 0 && Interlocked.Exchange(ref _awaitingReconnect, 1) == 0)
        {
            LogSubscriptionLost(_logger, e.EndPoint?.ToString() ?? "Redis", e.FailureType.ToString());
            _ = ReportGapWhenReconnectedAsync();
        }
    }

    /// <summary>Waits until the channel's subscription answers again, then tells every handler that events may have been missed.</summary>
    private async Task ReportGapWhenReconnectedAsync()
    {
        try
        {
            await WaitForSubscriptionAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The connection was disposed under the bus: nobody is left to tell.
        }
    }

    private async Task WaitForSubscriptionAsync()
    {
        while (Volatile.Read(ref _disposed) == 0)
        {
            await Task.Delay(_reconnectCheckInterval).ConfigureAwait(false);
            if (!_subscriber.IsConnected(_channel))
            {
                continue;
            }

            try
            {
                // A round trip on the subscription connection: the resubscription queued before it has been applied.
                await _subscriber.PingAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                continue;
            }

            Volatile.Write(ref _awaitingReconnect, 0);
            LogSubscriptionRestored(_logger);
            Dispatch(McpServerEvent.EventsMissed);
            return;
        }
    }

    private void OnCancellation(RedisChannel channel, RedisValue message)
    {
        if (!message.HasValue || !TryDecodeCancellation((ReadOnlyMemory<byte>)message, out string session, out string requestId))
        {
            LogMalformed(_logger, _cancelChannel.ToString());
            return;
        }

        foreach (var handler in _cancelHandlers)
        {
            try
            {
                handler(session, requestId);
            }
            catch (Exception ex)
            {
                LogHandlerFailed(_logger, ex);
            }
        }
    }

    /// <summary>Wire format of a cancel: <c>{"session":"…","requestId":"…"}</c>, the id as its raw JSON text.</summary>
    internal static byte[] EncodeCancellation(string session, string requestId)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("session"u8, session);
            w.WriteString("requestId"u8, requestId);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a cancel; anything else is refused, never thrown.</summary>
    internal static bool TryDecodeCancellation(ReadOnlyMemory<byte> message, out string session, out string requestId)
    {
        string? s = null, r = null;
        try
        {
            var reader = new Utf8JsonReader(message.Span);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isSession = reader.ValueTextEquals("session"u8), isRequestId = reader.ValueTextEquals("requestId"u8);
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String && (isSession || isRequestId))
                    {
                        if (isSession)
                        {
                            s = reader.GetString();
                        }
                        else
                        {
                            r = reader.GetString();
                        }
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        session = s ?? "";
        requestId = r ?? "";
        return s is { Length: > 0 } && r is { Length: > 0 };
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        if (!TryDecode(message, out var serverEvent))
        {
            LogMalformed(_logger, _channel.ToString());
            return;
        }

        Dispatch(serverEvent);
    }

    private void Dispatch(McpServerEvent serverEvent)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                handler(serverEvent);
            }
            catch (Exception ex)
            {
                LogHandlerFailed(_logger, ex);
            }
        }
    }

    /// <summary>Wire format: <c>{"kind":"resourceUpdated","uri":"…","server":"…"}</c>, UTF-8 JSON.</summary>
    internal static byte[] Encode(McpServerEvent serverEvent)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind"u8, serverEvent.Kind switch
            {
                McpServerEventKind.ToolsListChanged => "toolsListChanged"u8,
                McpServerEventKind.PromptsListChanged => "promptsListChanged"u8,
                McpServerEventKind.ResourcesListChanged => "resourcesListChanged"u8,
                McpServerEventKind.EventsMissed => "eventsMissed"u8,
                _ => "resourceUpdated"u8,
            });
            if (serverEvent.Uri is { } uri)
            {
                w.WriteString("uri"u8, uri);
            }

            if (serverEvent.Server is { } server)
            {
                w.WriteString("server"u8, server);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a message; anything else on the channel (another program, a newer format) is refused, never thrown.</summary>
    internal static bool TryDecode(ReadOnlyMemory<byte> message, out McpServerEvent serverEvent)
    {
        serverEvent = default;
        McpServerEventKind? kind = null;
        string? uri = null, server = null;
        try
        {
            var reader = new Utf8JsonReader(message.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isKind = reader.ValueTextEquals("kind"u8), isUri = reader.ValueTextEquals("uri"u8), isServer = reader.ValueTextEquals("server"u8);
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    reader.Skip();
                    continue;
                }

                if (isKind)
                {
                    kind = reader.ValueTextEquals("toolsListChanged"u8) ? McpServerEventKind.ToolsListChanged
                        : reader.ValueTextEquals("promptsListChanged"u8) ? McpServerEventKind.PromptsListChanged
                        : reader.ValueTextEquals("resourcesListChanged"u8) ? McpServerEventKind.ResourcesListChanged
                        : reader.ValueTextEquals("resourceUpdated"u8) ? McpServerEventKind.ResourceUpdated
                        : reader.ValueTextEquals("eventsMissed"u8) ? McpServerEventKind.EventsMissed
                        : null;
                }
                else if (isUri)
                {
                    uri = reader.GetString();
                }
                else if (isServer)
                {
                    server = reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        if (kind is null || (kind == McpServerEventKind.ResourceUpdated && string.IsNullOrEmpty(uri)))
        {
            return false;
        }

        serverEvent = new McpServerEvent(kind.Value, uri, server);
        return true;
    }

    private static bool TryDecode(RedisValue message, out McpServerEvent serverEvent)
    {
        serverEvent = default;
        return message.HasValue && TryDecode((ReadOnlyMemory<byte>)message, out serverEvent);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Ignored a message on Redis channel {Channel} that is not an McpGen server event.")]
    private static partial void LogMalformed(ILogger logger, string channel);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "A subscriber failed to handle an McpGen server event; the others still received it.")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "The Redis subscription connection to {EndPoint} failed ({FailureType}); events published until it is back are missed, and listeners will be told so.")]
    private static partial void LogSubscriptionLost(ILogger logger, string endPoint, string failureType);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "The Redis subscription is back; listening streams were told that events may have been missed.")]
    private static partial void LogSubscriptionRestored(ILogger logger);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Redis is not reachable: the event bus will subscribe to channel {Channel} when it is, and listeners will then be told that events may have been missed.")]
    private static partial void LogNotSubscribedYet(ILogger logger, string channel);

    private sealed class CancellationSubscription(RedisMcpEventBus bus, Action<string, string> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                ImmutableInterlocked.Update(ref bus._cancelHandlers, static (list, h) => list.Remove(h), handler);
            }
        }
    }

    private sealed class Subscription(RedisMcpEventBus bus, Action<McpServerEvent> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                ImmutableInterlocked.Update(ref bus._handlers, static (list, h) => list.Remove(h), handler);
            }
        }
    }
}
