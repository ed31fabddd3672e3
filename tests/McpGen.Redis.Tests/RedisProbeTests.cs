using System;
using System.Threading;
using System.Threading.Tasks;
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
