using System;
using System.Threading;
using Microsoft.Extensions.Hosting;

namespace McpGen;

/// <summary>
/// Ties a processor's background work to a host's lifetime: the task sweep starts with the application; when it stops
/// (over Streamable HTTP, after the drain delay), listen streams end at once (clients listen again elsewhere) and task
/// runs start handing their tasks back, and the host waits (bounded) for the hand-back before the process exits.
/// Hosting code calls it, never the processor.
/// </summary>
internal static class McpHostLifetime
{
    public static void Attach(McpRequestProcessor processor, IHostApplicationLifetime lifetime) =>
        Attach(processor, lifetime, lifetime?.ApplicationStopping ?? default);

    /// <summary>
    /// As <see cref="Attach(McpRequestProcessor, IHostApplicationLifetime)"/>, beginning the stop on
    /// <paramref name="stopping"/> instead of <c>ApplicationStopping</c>: Streamable HTTP passes the end of its drain
    /// delay, so listen streams and task runs carry on while a load balancer takes the instance out.
    /// </summary>
    public static void Attach(McpRequestProcessor processor, IHostApplicationLifetime lifetime, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(lifetime);
        lifetime.ApplicationStarted.Register(static p => ((McpRequestProcessor)p!).Start(), processor);
        stopping.Register(static p => ((McpRequestProcessor)p!).BeginStopping(), processor);

        // The host's Run returns only after ApplicationStopped: waiting there keeps the process alive until the store has
        // the tasks back. Its callbacks are synchronous; a bounded wait so a store that hangs cannot hang shutdown.
        lifetime.ApplicationStopped.Register(static p =>
        {
            try
            {
                ((McpRequestProcessor)p!).StopAsync().Wait(McpTaskEngine.HandBackTimeout);
            }
            catch (AggregateException)
            {
            }
        }, processor);
    }
}
