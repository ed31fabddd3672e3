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
}

/// <summary>
/// An <see cref="IMcpEventBus"/> over Redis pub/sub: an event published on any instance reaches the
/// <c>subscriptions/listen</c> streams of every instance subscribed to the channel, this one included (one path for
/// all, so nothing is delivered twice). Pub/sub is fire-and-forget: a notification published while an instance is
/// disconnected from Redis does not reach that instance's streams; clients learn of list changes again on their next
/// list call, which is what list-changed notifications prompt anyway.
/// </summary>
public sealed partial class RedisMcpEventBus : IMcpEventBus, IDisposable
{
    private readonly ISubscriber _subscriber;
    private readonly RedisChannel _channel;
    private readonly ILogger _logger;
    private ImmutableArray<Action<McpServerEvent>> _handlers = [];
    private int _disposed;

    /// <summary>Creates the bus and subscribes to its channel (so no event published after this returns is missed).</summary>
    /// <param name="redis">The connection to Redis.</param>
    /// <param name="options">The channel; <see langword="null"/> for the defaults.</param>
    /// <param name="logger">Where malformed messages and delivery problems are logged; <see langword="null"/> for none.</param>
    public RedisMcpEventBus(IConnectionMultiplexer redis, RedisMcpEventBusOptions? options = null, ILogger<RedisMcpEventBus>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _channel = RedisChannel.Literal((options ?? new RedisMcpEventBusOptions()).Channel);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _subscriber = redis.GetSubscriber();
        _subscriber.Subscribe(_channel, OnMessage);
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
            _subscriber.Unsubscribe(_channel, OnMessage);
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        if (!TryDecode(message, out var serverEvent))
        {
            LogMalformed(_logger, _channel.ToString());
            return;
        }

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
