using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace McpGen.Redis.Tests;

/// <summary>
/// The task store and the event bus on a primary with a replica behind three Sentinels, connected the way a deployment
/// would be (<c>AddMcpRedis("sentinel1,sentinel2,sentinel3,serviceName=…")</c>), while the primary is killed and the
/// Sentinels promote the replica.
/// </summary>
[Collection(RedisTopologyCollection.Name)]
public sealed class RedisSentinelTests : IAsyncLifetime
{
    private readonly RedisSentinelGroup _redis = new();
    private readonly ConcurrentStack<IAsyncDisposable> _owned = new();

    public Task InitializeAsync() => _redis.InitializeAsync();

    public async Task DisposeAsync()
    {
        while (_owned.TryPop(out var owned))
        {
            await owned.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Running_tasks_complete_once_and_listeners_hear_of_the_gap_when_the_primary_fails_over()
    {
        string run = Guid.NewGuid().ToString("N")[..8];
        var a = await StartInstanceAsync();
        var b = await StartInstanceAsync();
        var received = new BlockingCollection<McpServerEvent>();
        using var subscription = b.Services.GetRequiredService<IMcpEventBus>().Subscribe(received.Add);
        var publisher = (RedisMcpEventBus)a.Services.GetRequiredService<IMcpEventBus>();
        await RedisClusterTests.PublishUntilReceivedAsync(publisher, received, McpServerEvent.ResourceUpdated("notes://before"));

        // Longer than the failover (about 5 s), under a lease that outlasts it: the runs go on through it.
        string charge = await McpPost.StartTaskAsync(a, "charge", "charge-" + run, 6000);
        string tally = await McpPost.StartTaskAsync(b, "tally", "tally-" + run, 6000);
        foreach (string taskId in (string[])[charge, tally])
        {
            await McpPost.UntilAsync(a, taskId, static t => t.GetProperty("statusMessage").GetString() == "running", TimeSpan.FromSeconds(10));
        }

        await _redis.FailOverAsync();

        foreach (string taskId in (string[])[charge, tally])
        {
            var task = await McpPost.UntilAsync(b, taskId, static t => t.GetProperty("status").GetString() != "working", TimeSpan.FromSeconds(60));
            Assert.Equal("completed", task.GetProperty("status").GetString());
        }

        Assert.Equal(1, SideEffects.Count("charge-" + run));
        Assert.Equal(1, SideEffects.MostAtOnce("tally-" + run));
        Assert.True(received.TryTake(out var gap, TimeSpan.FromSeconds(30)), "No EventsMissed after the failover.");
        Assert.Equal(McpServerEventKind.EventsMissed, gap.Kind);
        await RedisClusterTests.PublishUntilReceivedAsync(publisher, received, McpServerEvent.ResourceUpdated("notes://after"));
    }

    private async Task<WebApplication> StartInstanceAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddMcpRedis(_redis.Configuration + ",connectTimeout=1000");
        builder.Services.Configure<McpServerOptions>(o => o.Tasks.LeaseDuration = TimeSpan.FromSeconds(15));
        var app = builder.Build();
        app.MapMcp<RedisTestServer>("/mcp");
        await app.StartAsync();
        _owned.Push(app);
        return app;
    }
}
