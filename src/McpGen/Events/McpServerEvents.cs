using System;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen;

/// <summary>What changed on a server, for the clients listening with <c>subscriptions/listen</c>.</summary>
public enum McpServerEventKind
{
    /// <summary>The set of tools changed (<c>notifications/tools/list_changed</c>).</summary>
    ToolsListChanged,

    /// <summary>The set of prompts changed (<c>notifications/prompts/list_changed</c>).</summary>
    PromptsListChanged,

    /// <summary>The set of resources or templates changed (<c>notifications/resources/list_changed</c>).</summary>
    ResourcesListChanged,

    /// <summary>A resource's content changed (<c>notifications/resources/updated</c>), for clients subscribed to it.</summary>
    ResourceUpdated,

    /// <summary>
    /// The bus may have lost events (its connection to the shared engine broke and came back, or the engine failed
    /// over). Each listening stream is told that everything it listens to may have changed: a
    /// <c>list_changed</c> notification for each list it asked for and <c>notifications/resources/updated</c> for each
    /// resource it subscribed to, so the client reads them again instead of missing a change silently.
    /// </summary>
    EventsMissed,
}

/// <summary>A change to announce to listening clients, on every instance of the server.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Uri">For <see cref="McpServerEventKind.ResourceUpdated"/>: the resource (or sub-resource) that changed.</param>
/// <param name="Server">The server it concerns (its <c>[McpServer]</c> name); <see langword="null"/> for every server on the bus.</param>
public readonly record struct McpServerEvent(McpServerEventKind Kind, string? Uri = null, string? Server = null)
{
    /// <summary>The tools changed.</summary>
    public static McpServerEvent ToolsListChanged => new(McpServerEventKind.ToolsListChanged);

    /// <summary>The prompts changed.</summary>
    public static McpServerEvent PromptsListChanged => new(McpServerEventKind.PromptsListChanged);

    /// <summary>The resources or templates changed.</summary>
    public static McpServerEvent ResourcesListChanged => new(McpServerEventKind.ResourcesListChanged);

    /// <summary>Events may have been lost on the way to this instance; listeners should read again what they listen to.</summary>
    public static McpServerEvent EventsMissed => new(McpServerEventKind.EventsMissed);

    /// <summary>The content of <paramref name="uri"/> changed.</summary>
    /// <param name="uri">The resource, or a sub-resource of one a client subscribed to.</param>
    public static McpServerEvent ResourceUpdated(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        return new(McpServerEventKind.ResourceUpdated, uri);
    }
}

/// <summary>
/// Carries <see cref="McpServerEvent"/>s from where they happen to every instance that holds a <c>subscriptions/listen</c>
/// stream. A change made on one instance must reach streams held by the others, so a server running as several
/// instances registers a shared bus (McpGen.Redis: <c>AddMcpRedisEventBus</c>); the default,
/// <see cref="InProcessMcpEventBus"/>, reaches the streams of this process only.
/// </summary>
public interface IMcpEventBus
{
    /// <summary>Announces <paramref name="serverEvent"/> to every subscriber on every instance.</summary>
    /// <param name="serverEvent">What changed.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    ValueTask PublishAsync(McpServerEvent serverEvent, CancellationToken cancellationToken = default);

    /// <summary>Calls <paramref name="handler"/> for every event published on any instance, until the result is disposed.</summary>
    /// <param name="handler">Called for each event; must not block.</param>
    IDisposable Subscribe(Action<McpServerEvent> handler);
}

/// <summary>An <see cref="IMcpEventBus"/> within one process: right for stdio servers and single instances.</summary>
public sealed class InProcessMcpEventBus : IMcpEventBus
{
    private ImmutableArray<Action<McpServerEvent>> _handlers = [];

    /// <inheritdoc/>
    public ValueTask PublishAsync(McpServerEvent serverEvent, CancellationToken cancellationToken = default)
    {
        Deliver(_handlers, serverEvent);
        return default;
    }

    /// <inheritdoc/>
    public IDisposable Subscribe(Action<McpServerEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ImmutableInterlocked.Update(ref _handlers, static (list, h) => list.Add(h), handler);
        return new Subscription(this, handler);
    }

    /// <summary>Calls each handler; one that throws does not keep the others from the event.</summary>
    internal static void Deliver(ImmutableArray<Action<McpServerEvent>> handlers, McpServerEvent serverEvent)
    {
        foreach (var handler in handlers)
        {
            try
            {
                handler(serverEvent);
            }
            catch (Exception)
            {
                // A subscriber's failure is its own; delivery to the rest goes on.
            }
        }
    }

    private sealed class Subscription(InProcessMcpEventBus bus, Action<McpServerEvent> handler) : IDisposable
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
