using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace McpGen.Redis.Tests;

/// <summary>
/// The task store and the event bus on a real Redis Cluster (three primaries, one replica each): every key of a
/// deployment in one hash slot, and a failover of the primary that holds it while a task runs and while streams
/// listen. Each test starts its own cluster (xunit builds the class once per test).
/// </summary>
[Collection(RedisTopologyCollection.Name)]
public sealed class RedisClusterTests : IAsyncLifetime
{
    private readonly RedisCluster _cluster = new();
    private readonly ConcurrentStack<IAsyncDisposable> _owned = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public async Task DisposeAsync()
    {
        while (_owned.TryPop(out var owned))
        {
            await owned.DisposeAsync();
        }

        await _cluster.DisposeAsync();
    }

    private ConnectionMultiplexer Connect()
    {
        var options = ConfigurationOptions.Parse(_cluster.Configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 1000;
        var connection = ConnectionMultiplexer.Connect(options);
        _owned.Push(connection);
        return connection;
    }

    private static McpTaskRecord Record(string id, string caller, McpTaskStatus status = McpTaskStatus.Working, DateTimeOffset? lease = null) => new()
    {
        TaskId = id,
        ToolName = "crunch",
        Arguments = "{}"u8.ToArray(),
        ClientCapabilities = "{}"u8.ToArray(),
        Status = status,
        CreatedAt = DateTimeOffset.UtcNow,
        LastUpdatedAt = DateTimeOffset.UtcNow,
        TimeToLiveMs = 60_000,
        PollIntervalMs = 100,
        CreatedBy = caller,
        LeaseExpiresAt = lease,
    };

    [Fact]
    public async Task The_task_store_keeps_a_deployment_in_one_slot_so_its_scripts_run_on_a_cluster()
    {
        var store = new RedisMcpTaskStore(Connect(), new RedisMcpTaskStoreOptions { KeyPrefix = "cluster:tasks:" });
        var limits = new McpTaskLimits(MaxActiveTasks: 3, MaxActiveTasksPerCaller: 2, MaxFinishedTasksPerCaller: 1);
        var now = DateTimeOffset.UtcNow;

        // Creation with every limit counted, per caller and overall: one script over five keys and the prefix.
        Assert.Equal(McpTaskCreation.Created, await store.CreateAsync(Record("a1", "alice", lease: now.AddSeconds(-1)), limits, default));
        Assert.Equal(McpTaskCreation.Created, await store.CreateAsync(Record("a2", "alice"), limits, default));
        Assert.Equal(McpTaskCreation.CallerLimitReached, await store.CreateAsync(Record("a3", "alice"), limits, default));
        Assert.Equal(McpTaskCreation.Created, await store.CreateAsync(Record("b1", "bob"), limits, default));
        Assert.Equal(McpTaskCreation.ServerLimitReached, await store.CreateAsync(Record("b2", "bob"), limits, default));

        // Compare-and-swap moves a task from active to finished; the finished limit of one drops the older record.
        var a2 = (await store.GetAsync("a2", default))!;
        Assert.True(await store.TryReplaceAsync(a2 with { Status = McpTaskStatus.Completed }, 0, default));
        Assert.False(await store.TryReplaceAsync(a2 with { Status = McpTaskStatus.Failed }, 0, default));
        var b1 = (await store.GetAsync("b1", default))!;
        Assert.True(await store.TryReplaceAsync(b1 with { Status = McpTaskStatus.Completed }, 0, default));
        Assert.Equal(McpTaskCreation.Created, await store.CreateAsync(Record("a4", "alice", McpTaskStatus.Completed), limits, default));
        Assert.Null(await store.GetAsync("a2", default));
        Assert.Equal(McpTaskStatus.Completed, (await store.GetAsync("b1", default))!.Status);
        Assert.Equal(["a1"], await store.FindLapsedLeasesAsync(DateTimeOffset.UtcNow, 10, default));

        // Every key lives in the slot of the tag, on the primary that owns it.
        int primary = await _cluster.PrimaryPortOfAsync("{cluster:tasks}");
        string[] keys = [.. (await _cluster.KeysAsync(primary)).Where(k => k.StartsWith("{cluster:tasks}:", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        Assert.Equal(
            ["{cluster:tasks}:a1", "{cluster:tasks}:a4", "{cluster:tasks}:active", "{cluster:tasks}:active:alice", "{cluster:tasks}:b1",
             "{cluster:tasks}:finished:bob", "{cluster:tasks}:leases"],
            keys);
        Assert.Equal(keys.Length, await _cluster.CountKeysInSlotOfAsync(primary, "{cluster:tasks}"));
    }

    [Fact]
    public async Task Tasks_running_when_the_primary_holding_their_slot_fails_over_complete_once_and_are_not_lost()
    {
        const string Prefix = "failover:tasks:";
        string run = Guid.NewGuid().ToString("N")[..8];
        var a = await StartInstanceAsync(Prefix);
        var b = await StartInstanceAsync(Prefix);
        string charge = await McpPost.StartTaskAsync(a, "charge", "charge-" + run, 4000);
        string tally = await McpPost.StartTaskAsync(b, "tally", "tally-" + run, 4000);
        foreach (string taskId in (string[])[charge, tally])
        {
            await McpPost.UntilAsync(a, taskId, static t => t.GetProperty("statusMessage").GetString() == "running", TimeSpan.FromSeconds(10));
        }

        int primary = await _cluster.PrimaryPortOfAsync("{failover:tasks}");
        await _cluster.KillPrimaryAsync(primary);
        await _cluster.WaitForFailoverAsync();
        Assert.NotEqual(primary, await _cluster.PrimaryPortOfAsync("{failover:tasks}"));

        foreach (string taskId in (string[])[charge, tally])
        {
            var task = await McpPost.UntilAsync(b, taskId, static t => t.GetProperty("status").GetString() != "working", TimeSpan.FromSeconds(40));
            Assert.Equal("completed", task.GetProperty("status").GetString());
        }

        Assert.Equal(1, SideEffects.Count("charge-" + run));
        Assert.Equal(1, SideEffects.MostAtOnce("tally-" + run));
    }

    [Fact]
    public async Task Events_reach_the_other_instance_across_a_failover_and_the_gap_is_reported()
    {
        var options = new RedisMcpEventBusOptions { Channel = "cluster:events" };
        using var publisher = new RedisMcpEventBus(Connect(), options);
        var subscriberConnection = Connect();
        using var subscriber = new RedisMcpEventBus(subscriberConnection, options);
        var received = new BlockingCollection<McpServerEvent>();
        using var subscription = subscriber.Subscribe(received.Add);

        await PublishUntilReceivedAsync(publisher, received, McpServerEvent.ResourceUpdated("notes://before"));

        // Kill the node the subscription lives on (the cluster delivers classic pub/sub on every node): the client
        // subscribes again elsewhere.
        int subscribedOn = int.Parse(subscriberConnection.GetSubscriber().SubscribedEndpoint(RedisChannel.Literal("cluster:events"))!.ToString()!.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);
        _cluster.KillNode(subscribedOn);
        await _cluster.WaitForFailoverAsync();

        Assert.True(received.TryTake(out var gap, TimeSpan.FromSeconds(30)), "No EventsMissed after the failover.");
        Assert.Equal(McpServerEventKind.EventsMissed, gap.Kind);
        await PublishUntilReceivedAsync(publisher, received, McpServerEvent.ResourceUpdated("notes://after"));
    }

    /// <summary>Publishes until the event arrives: right after a failover the publisher may still be reconnecting.</summary>
    internal static async Task PublishUntilReceivedAsync(RedisMcpEventBus publisher, BlockingCollection<McpServerEvent> received, McpServerEvent serverEvent)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await publisher.PublishAsync(serverEvent);
            }
            catch (RedisException)
            {
            }

            while (received.TryTake(out var got, TimeSpan.FromMilliseconds(500)))
            {
                if (got == serverEvent)
                {
                    return;
                }
            }
        }

        throw new TimeoutException($"{serverEvent} never arrived.");
    }

    private async Task<WebApplication> StartInstanceAsync(string prefix)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IConnectionMultiplexer>(Connect());
        builder.Services.AddMcpRedisTaskStore(o => o.KeyPrefix = prefix);
        builder.Services.Configure<McpServerOptions>(o => o.Tasks.LeaseDuration = TimeSpan.FromSeconds(5));
        var app = builder.Build();
        app.MapMcp<RedisTestServer>("/mcp");
        await app.StartAsync();
        _owned.Push(app);
        return app;
    }


}
