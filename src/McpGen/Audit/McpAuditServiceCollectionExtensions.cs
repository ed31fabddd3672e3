using System;
using System.Diagnostics.CodeAnalysis;
using McpGen;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers McpGen's audit trail.</summary>
public static class McpAuditServiceCollectionExtensions
{
    /// <summary>
    /// Audits every request that acts (tool calls, prompt gets, resource reads, completions, task methods) through
    /// <see cref="LoggerMcpAuditSink"/>: one structured log entry each, category <c>McpGen.Audit</c>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Adjusts the <see cref="McpAuditOptions"/>; optional.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddMcpAuditTrail(this IServiceCollection services, Action<McpAuditOptions>? configure = null) =>
        services.AddMcpAuditTrail<LoggerMcpAuditSink>(configure);

    /// <summary>Audits every request that acts through <typeparamref name="TSink"/>, a singleton resolved from services.</summary>
    /// <typeparam name="TSink">The sink: a database, a message queue, a SIEM forwarder.</typeparam>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Adjusts the <see cref="McpAuditOptions"/>; optional.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddMcpAuditTrail<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSink>(this IServiceCollection services, Action<McpAuditOptions>? configure = null)
        where TSink : class, IMcpAuditSink
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new McpAuditOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton<IMcpAuditSink, TSink>();
        return services;
    }
}
