using System;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using McpGen;
using McpGen.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Readiness and liveness for load balancers and orchestrators: whether this instance should get traffic (its task store
/// and event bus answer, and it is not stopping) and whether its process answers at all.
/// </summary>
public static class McpHealthCheckExtensions
{
    /// <summary>The tag of McpGen's readiness checks.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Adds McpGen's readiness checks, tagged <see cref="ReadyTag"/>: <c>mcp-task-store</c> (the registered
    /// <see cref="IMcpTaskStore"/> answers a read), <c>mcp-event-bus</c> (the registered <see cref="IMcpEventBus"/>'s
    /// engine answers, for buses that depend on one), and <c>mcp-draining</c> (unhealthy once the host is stopping, so a
    /// balancer stops sending new requests while in-flight work finishes or is handed back). Also registers the drain:
    /// with <see cref="McpHttpOptions.DrainDelay"/> set, a stopping instance answers 503 here while it keeps serving for
    /// that long, then stops.
    /// </summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddMcpHealthChecks(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<McpDrain>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, McpDrain>(static s => s.GetRequiredService<McpDrain>()));
        return builder
            .AddCheck<McpTaskStoreHealthCheck>("mcp-task-store", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<McpEventBusHealthCheck>("mcp-event-bus", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<McpDrainingHealthCheck>("mcp-draining", HealthStatus.Unhealthy, [ReadyTag]);
    }

    /// <summary>
    /// Maps <c>{prefix}/live</c> (200 while the process answers; it runs no check, so an outage of Redis never restarts
    /// every instance at once) and <c>{prefix}/ready</c> (the checks tagged <see cref="ReadyTag"/>: 200 <c>Healthy</c>, or
    /// 503 naming each failing check and why). Add the checks with <see cref="AddMcpHealthChecks"/>.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="prefix">The path both endpoints start with. Default <c>/healthz</c>.</param>
    /// <returns>A builder for conventions on both endpoints.</returns>
    public static IEndpointConventionBuilder MapMcpHealthChecks(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix = "/healthz")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var group = endpoints.MapGroup(prefix);
        group.MapHealthChecks("/live", new HealthCheckOptions { Predicate = static _ => false });
        group.MapHealthChecks("/ready", new HealthCheckOptions
        {
            Predicate = static check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReportAsync,
        });
        return group;
    }

    /// <summary>Plain text: the status, then one line per check that is not healthy, with its description.</summary>
    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append('\n').Append(name).Append(": ").Append(entry.Description ?? entry.Exception?.Message ?? entry.Status.ToString());
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.Append('\n').ToString(), context.RequestAborted);
    }
}

/// <summary>The task store answers: its own probe when it has one (Redis: a ping), else a read of a task that does not exist.</summary>
internal sealed class McpTaskStoreHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService(typeof(IMcpTaskStore)) is not IMcpTaskStore store)
        {
            return HealthCheckResult.Healthy("Tasks are kept in this process's memory.");
        }

        try
        {
            if (store is IMcpDependencyProbe probe)
            {
                return await probe.ProbeAsync(cancellationToken).ConfigureAwait(false) is { } problem
                    ? HealthCheckResult.Unhealthy(problem)
                    : HealthCheckResult.Healthy();
            }

            await store.GetAsync("mcpgen-health-probe", cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The task store does not answer: " + e.Message, e);
        }
    }
}

/// <summary>The event bus's engine answers, for buses that have one (Redis); an in-process bus always does.</summary>
internal sealed class McpEventBusHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService(typeof(IMcpEventBus)) is not IMcpDependencyProbe probe)
        {
            return HealthCheckResult.Healthy("Notifications stay in this process.");
        }

        return await probe.ProbeAsync(cancellationToken).ConfigureAwait(false) is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy();
    }
}

/// <summary>Unhealthy from the moment the host starts stopping: the balancer should send new work elsewhere.</summary>
internal sealed class McpDrainingHealthCheck(IHostApplicationLifetime lifetime, IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested || services.GetService(typeof(McpDrain)) is McpDrain { IsStopping: true }
            ? HealthCheckResult.Unhealthy("This instance is stopping: send new requests elsewhere; listen streams end and running tasks are handed back (after McpHttpOptions.DrainDelay).")
            : HealthCheckResult.Healthy());
}
