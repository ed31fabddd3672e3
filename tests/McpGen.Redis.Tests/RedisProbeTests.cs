using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace McpGen.Redis.Tests;

/// <summary>
/// The Redis task store and event bus as readiness sees them (<see cref="IMcpDependencyProbe"/>): answering while
/// redis-server runs, naming the problem while it is down, answering again once it is back. A class of its own: it
/// stops and starts its own redis-server.
/// </summary>
public sealed class RedisProbeTests : IAsyncLifetime
{
    private readonly RedisServer _redis = new();
    private ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        var options = ConfigurationOptions.Parse(_redis.Configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 1000;
        _connection = await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task The_probes_follow_redis_down_and_back_up()
    {
        IMcpDependencyProbe store = new RedisMcpTaskStore(_connection, new RedisMcpTaskStoreOptions { OperationTimeout = TimeSpan.FromSeconds(1) });
        using var bus = new RedisMcpEventBus(_connection);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        Assert.Null(await store.ProbeAsync(timeout.Token));
        Assert.Null(await ((IMcpDependencyProbe)bus).ProbeAsync(timeout.Token));

        _redis.Stop();
        string? storeProblem = await UntilAsync(store, p => p is not null, timeout.Token);
        string? busProblem = await UntilAsync(bus, p => p is not null, timeout.Token);
        Assert.StartsWith("The Redis task store does not answer: ", storeProblem);
        Assert.StartsWith("The Redis event bus ", busProblem);

        await _redis.StartAsync();
        Assert.Null(await UntilAsync(store, p => p is null, timeout.Token));
        Assert.Null(await UntilAsync(bus, p => p is null, timeout.Token));
    }

    /// <summary>
    /// A server starts while Redis is down (the connection retries by itself): making the bus must not throw or wait
    /// for Redis. Once Redis is up, the bus subscribes, tells listeners that events may have been missed, and then
    /// delivers each event once.
    /// </summary>
    [Fact]
    public async Task A_bus_made_while_redis_is_down_subscribes_once_redis_is_up()
    {
        _redis.Stop();
        var options = ConfigurationOptions.Parse(_redis.Configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 500;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        Assert.False(connection.IsConnected);

        using var bus = new RedisMcpEventBus(connection, new RedisMcpEventBusOptions { Channel = "down-at-start" });
        var received = new System.Collections.Concurrent.ConcurrentQueue<McpServerEvent>();
        using var subscription = bus.Subscribe(received.Enqueue);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.StartsWith("The Redis event bus is not connected", await ((IMcpDependencyProbe)bus).ProbeAsync(timeout.Token));

        await _redis.StartAsync();
        while (!received.Contains(McpServerEvent.EventsMissed))
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.Null(await UntilAsync(bus, p => p is null, timeout.Token));

        // Published from another connection, so it must come back through the subscription; the second event, behind
        // the first on the channel, shows that no copy of the first is still on its way.
        await using var publisher = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        using var publishingBus = new RedisMcpEventBus(publisher, new RedisMcpEventBusOptions { Channel = "down-at-start" });
        await publishingBus.PublishAsync(McpServerEvent.ResourceUpdated("notes://1"), timeout.Token);
        await publishingBus.PublishAsync(McpServerEvent.ResourceUpdated("notes://2"), timeout.Token);
        while (!received.Contains(McpServerEvent.ResourceUpdated("notes://2")))
        {
            await Task.Delay(50, timeout.Token);
        }

        Assert.Single(received, e => e == McpServerEvent.ResourceUpdated("notes://1"));
        Assert.Single(received, e => e == McpServerEvent.EventsMissed);
    }

    /// <summary>
    /// The documented promise of <c>AddMcpRedis</c>: a server whose Redis is down starts, says it is not ready (naming
    /// both), and becomes ready once Redis is up. Before, the event bus's blocking subscribe threw and the host died.
    /// </summary>
    [Fact]
    public async Task A_server_starts_while_redis_is_down_and_is_ready_once_redis_is_up()
    {
        _redis.Stop();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddMcpRedis(_redis.Configuration + ",connectTimeout=500");
        builder.Services.AddHealthChecks().AddMcpHealthChecks();
        await using var app = builder.Build();
        app.MapMcpHealthChecks();
        app.MapMcp<RedisTestServer>("/mcp");
        await app.StartAsync();
        var client = app.GetTestClient();

        var notReady = await client.GetAsync("/healthz/ready");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        string why = await notReady.Content.ReadAsStringAsync();
        Assert.Contains("mcp-event-bus: The Redis event bus is not connected", why);
        Assert.Contains("mcp-task-store: The Redis task store does not answer", why);

        await _redis.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await client.GetAsync("/healthz/ready", timeout.Token)).StatusCode != System.Net.HttpStatusCode.OK)
        {
            await Task.Delay(100, timeout.Token);
        }

        await app.StopAsync(timeout.Token);
    }

    private static async Task<string?> UntilAsync(IMcpDependencyProbe probe, Func<string?, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            string? problem = await probe.ProbeAsync(cancellationToken);
            if (done(problem))
            {
                return problem;
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
