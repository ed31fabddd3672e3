using System;
using McpGen;
using McpGen.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers McpGen's Redis services.</summary>
public static class McpRedisServiceCollectionExtensions
{
    /// <summary>
    /// Carries server events (list changes, resource updates) between every instance through Redis pub/sub, using the
    /// <see cref="IConnectionMultiplexer"/> registered in the services.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the channel; optional.</param>
    /// <returns>The services, to chain calls.</returns>
    public static IServiceCollection AddMcpRedisEventBus(this IServiceCollection services, Action<RedisMcpEventBusOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new RedisMcpEventBusOptions();
        configure?.Invoke(options);
        services.RemoveAll<IMcpEventBus>();
        services.AddSingleton<IMcpEventBus>(sp => new RedisMcpEventBus(
            sp.GetRequiredService<IConnectionMultiplexer>(), options, sp.GetService<ILogger<RedisMcpEventBus>>()));
        return services;
    }

    /// <summary>
    /// Keeps tasks (<c>io.modelcontextprotocol/tasks</c>) in Redis, so every instance serves <c>tasks/get</c>,
    /// <c>tasks/update</c> and <c>tasks/cancel</c> and takes over tasks whose instance died. Uses the
    /// <see cref="IConnectionMultiplexer"/> registered in the services.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the key prefix; optional.</param>
    /// <returns>The services, to chain calls.</returns>
    public static IServiceCollection AddMcpRedisTaskStore(this IServiceCollection services, Action<RedisMcpTaskStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new RedisMcpTaskStoreOptions();
        configure?.Invoke(options);
        services.RemoveAll<IMcpTaskStore>();
        services.AddSingleton<IMcpTaskStore>(sp => new RedisMcpTaskStore(sp.GetRequiredService<IConnectionMultiplexer>(), options));
        return services;
    }

    /// <summary>
    /// Connects to Redis and registers everything a fleet of instances shares there: the event bus
    /// (<see cref="AddMcpRedisEventBus(IServiceCollection, Action{RedisMcpEventBusOptions}?)"/>) and the task store
    /// (<see cref="AddMcpRedisTaskStore"/>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c>.</param>
    /// <returns>The services, to chain calls.</returns>
    public static IServiceCollection AddMcpRedis(this IServiceCollection services, string configuration) =>
        services.AddMcpRedisEventBus(configuration).AddMcpRedisTaskStore();

    /// <summary>
    /// Connects to Redis (<paramref name="configuration"/>, e.g. <c>localhost:6379</c>) and carries server events between
    /// every instance through it. The server starts even while Redis is down; the connection retries in the background.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string.</param>
    /// <param name="configure">Sets the channel; optional.</param>
    /// <returns>The services, to chain calls.</returns>
    public static IServiceCollection AddMcpRedisEventBus(this IServiceCollection services, string configuration, Action<RedisMcpEventBusOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(configuration);
        services.TryAddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(configuration);
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        return services.AddMcpRedisEventBus(configure);
    }
}
