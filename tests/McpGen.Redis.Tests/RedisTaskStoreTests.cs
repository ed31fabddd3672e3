using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace McpGen.Redis.Tests;

/// <summary>The Redis task store against a real redis-server, alone and shared by two instances.</summary>
public sealed class RedisTaskStoreTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    private RedisMcpTaskStore Store(string prefix) => new(_connection, new RedisMcpTaskStoreOptions { KeyPrefix = prefix });

    private static McpTaskRecord Record(string id, long ttlMs = 60000, DateTimeOffset? lease = null) => new()
    {
        TaskId = id,
        ToolName = "crunch",
        Arguments = "{\"milliseconds\":1}"u8.ToArray(),
        ClientCapabilities = "{}"u8.ToArray(),
        Status = McpTaskStatus.Working,
        CreatedAt = DateTimeOffset.UtcNow,
        LastUpdatedAt = DateTimeOffset.UtcNow,
        TimeToLiveMs = ttlMs,
        PollIntervalMs = 100,
        LeaseExpiresAt = lease,
    };

    [Fact]
    public async Task Records_round_trip_and_replace_is_compare_and_swap()
    {
        var store = Store("t1:" + Guid.NewGuid().ToString("N") + ":");
        await store.CreateAsync(Record("a") with { Answers = "{\"k\":{\"action\":\"accept\"}}"u8.ToArray(), StatusMessage = "queued", CreatedBy = "https://login.example.com alice" }, McpTaskLimits.None, default);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateAsync(Record("a"), McpTaskLimits.None, default));

        var read = (await store.GetAsync("a", default))!;
        Assert.Equal(0, read.Version);
        Assert.Equal("queued", read.StatusMessage);
        Assert.Equal("https://login.example.com alice", read.CreatedBy);
        Assert.Equal("{\"k\":{\"action\":\"accept\"}}", Encoding.UTF8.GetString(read.Answers.Span));

        Assert.True(await store.TryReplaceAsync(read with { Status = McpTaskStatus.Completed, Result = "{\"content\":[]}"u8.ToArray() }, 0, default));
        Assert.False(await store.TryReplaceAsync(read with { Status = McpTaskStatus.Failed }, 0, default));
        var after = (await store.GetAsync("a", default))!;
        Assert.Equal(1, after.Version);
        Assert.Equal(McpTaskStatus.Completed, after.Status);
        Assert.Equal("https://login.example.com alice", after.CreatedBy);
        Assert.Null(await store.GetAsync("missing", default));
    }

    [Fact]
    public async Task Redis_expires_records_at_their_time_to_live()
    {
        var store = Store("t2:" + Guid.NewGuid().ToString("N") + ":");
        await store.CreateAsync(Record("short", ttlMs: 300), McpTaskLimits.None, default);
        Assert.NotNull(await store.GetAsync("short", default));
        await Task.Delay(700);
        Assert.Null(await store.GetAsync("short", default));
        Assert.False(await store.TryReplaceAsync(Record("short"), 0, default));
    }

    [Fact]
    public async Task Lapsed_leases_are_found_and_entries_of_expired_tasks_are_dropped()
    {
        string prefix = "t3:" + Guid.NewGuid().ToString("N") + ":";
        var store = Store(prefix);
        var now = DateTimeOffset.UtcNow;
        await store.CreateAsync(Record("lapsed", lease: now.AddSeconds(-1)), McpTaskLimits.None, default);
        await store.CreateAsync(Record("held", lease: now.AddMinutes(1)), McpTaskLimits.None, default);
        await store.CreateAsync(Record("gone", ttlMs: 200, lease: now.AddSeconds(-1)), McpTaskLimits.None, default);
        var done = (await store.GetAsync("held", default))!;
        await Task.Delay(400);
        Assert.Equal(["lapsed"], await store.FindLapsedLeasesAsync(now, 10, default));
        Assert.Equal(2, await _connection.GetDatabase().SortedSetLengthAsync(RedisMcpTaskStore.HashTagged(prefix) + "leases"));

        // Once a task ends, its lease entry goes.
        Assert.True(await store.TryReplaceAsync(done with { Status = McpTaskStatus.Completed, LeaseExpiresAt = null }, 0, default));
        Assert.Equal(1, await _connection.GetDatabase().SortedSetLengthAsync(RedisMcpTaskStore.HashTagged(prefix) + "leases"));
    }

    [Fact]
    public async Task Unfinished_tasks_are_counted_per_caller_and_overall_and_a_task_that_ends_or_expires_frees_its_slot()
    {
        string prefix = "t5:" + Guid.NewGuid().ToString("N") + ":";
        var store = Store(prefix);
        var limits = new McpTaskLimits(MaxActiveTasks: 3, MaxActiveTasksPerCaller: 2, MaxFinishedTasksPerCaller: 100);
        Assert.Equal(McpTaskCreation.Created, await store.CreateAsync(Record("a1") with { CreatedBy = "alice" }, limits, default));
        Assert.Equal(McpTaskCreation.Created, await store.CreateAsync(Record("a2", ttlMs: 300) with { CreatedBy = "alice" }, limits, default));
        Assert.Equal(McpTaskCreation.CallerLimitReached, await store.CreateAsync(Record("a3") with { CreatedBy = "alice" }, limits, default));
        Assert.Equal(McpTaskCreation.Created, await store.CreateAsync(Record("n1"), limits, default));
        Assert.Equal(McpTaskCreation.ServerLimitReached, await store.CreateAsync(Record("n2"), limits, default));
        Assert.Null(await store.GetAsync("a3", default));

        // Ending frees the slot at once.
        var a1 = (await store.GetAsync("a1", default))!;
        Assert.True(await store.TryReplaceAsync(a1 with { Status = McpTaskStatus.Completed }, 0, default));
        Assert.Equal(McpTaskCreation.Created, await store.CreateAsync(Record("a3") with { CreatedBy = "alice" }, limits, default));
        Assert.Equal(McpTaskCreation.ServerLimitReached, await store.CreateAsync(Record("n2"), limits, default));

        // A task that expired unfinished no longer counts.
        await Task.Delay(500);
        Assert.Equal(McpTaskCreation.Created, await store.CreateAsync(Record("n2"), limits, default));
        Assert.Equal(3, await _connection.GetDatabase().SortedSetLengthAsync(RedisMcpTaskStore.HashTagged(prefix) + "active"));   // a3, n1, n2
    }

    [Fact]
    public async Task A_caller_keeps_at_most_its_limit_of_finished_tasks_and_the_oldest_go_first()
    {
        string prefix = "t7:" + Guid.NewGuid().ToString("N") + ":";
        var store = Store(prefix);
        var limits = new McpTaskLimits(MaxActiveTasks: 100, MaxActiveTasksPerCaller: 100, MaxFinishedTasksPerCaller: 2);
        for (int i = 1; i <= 3; i++)
        {
            var record = Record("f" + i, ttlMs: 60_000 + i) with { CreatedBy = "carol" };
            Assert.Equal(McpTaskCreation.Created, await store.CreateAsync(record, limits, default));
            Assert.True(await store.TryReplaceAsync(record with { Status = McpTaskStatus.Completed }, 0, default));
        }

        Assert.Equal(McpTaskCreation.Created, await store.CreateAsync(Record("f4") with { CreatedBy = "carol" }, limits, default));
        Assert.Null(await store.GetAsync("f1", default));
        Assert.Null(await store.GetAsync("f2", default));
        Assert.NotNull(await store.GetAsync("f3", default));

        // Another caller's results are its own.
        Assert.Equal(McpTaskCreation.Created, await store.CreateAsync(Record("d1") with { CreatedBy = "dave" }, limits, default));
        Assert.NotNull(await store.GetAsync("f3", default));
    }

    [Fact]
    public async Task A_change_extends_the_record_to_its_new_time_to_live()
    {
        string prefix = "t6:" + Guid.NewGuid().ToString("N") + ":";
        var store = Store(prefix);
        await store.CreateAsync(Record("long-running", ttlMs: 400), McpTaskLimits.None, default);
        var task = (await store.GetAsync("long-running", default))!;
        Assert.True(await store.TryReplaceAsync(task with { TimeToLiveMs = 60_000 }, 0, default));
        await Task.Delay(700);
        Assert.NotNull(await store.GetAsync("long-running", default));
        Assert.InRange((double)(await _connection.GetDatabase().KeyTimeToLiveAsync(RedisMcpTaskStore.HashTagged(prefix) + "long-running"))!.Value.TotalSeconds, 50, 60);
    }

    [Fact]
    public async Task While_Redis_is_not_connected_every_operation_fails_at_once_saying_so()
    {
        var options = ConfigurationOptions.Parse("127.0.0.1:" + RedisUnreachable.Port());
        options.AbortOnConnectFail = false;
        await using var offline = await ConnectionMultiplexer.ConnectAsync(options);
        var store = new RedisMcpTaskStore(offline);
        var started = DateTime.UtcNow;
        var get = await Assert.ThrowsAsync<McpTaskStoreUnavailableException>(() => store.GetAsync("any", default));
        var create = await Assert.ThrowsAsync<McpTaskStoreUnavailableException>(() => store.CreateAsync(Record("any"), McpTaskLimits.None, default));
        await Assert.ThrowsAsync<McpTaskStoreUnavailableException>(() => store.TryReplaceAsync(Record("any"), 0, default));
        await Assert.ThrowsAsync<McpTaskStoreUnavailableException>(() => store.FindLapsedLeasesAsync(DateTimeOffset.UtcNow, 10, default));
        Assert.Equal("Redis is not connected.", get.Message);
        Assert.Equal("Redis is not connected.", create.Message);

        // Not after the connection's 5 s timeout: at once.
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2), $"took {DateTime.UtcNow - started}");
    }

    private async Task<WebApplication> StartInstanceAsync(string prefix)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddMcpRedis(redis.Configuration);
        builder.Services.AddMcpRedisTaskStore(o => o.KeyPrefix = prefix);
        var app = builder.Build();
        app.MapMcp<RedisTestServer>("/mcp");
        await app.StartAsync();
        return app;
    }

    private static async Task<JsonElement> SendAsync(WebApplication instance, string method, string @params, string name) =>
        (await McpPost.SendAsync(instance, method, @params, name)).GetProperty("result");

    private static async Task<JsonElement> UntilAsync(WebApplication instance, string taskId, Func<string, bool> status)
    {
        for (int i = 0; i < 300; i++)
        {
            var task = await SendAsync(instance, "tasks/get", $"\"taskId\":\"{taskId}\"", taskId);
            if (status(task.GetProperty("status").GetString()!))
            {
                return task;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The task did not get there.");
    }

    [Fact]
    public async Task A_task_created_on_one_instance_is_polled_answered_and_cancelled_on_the_other()
    {
        string prefix = "t4:" + Guid.NewGuid().ToString("N") + ":";
        await using var a = await StartInstanceAsync(prefix);
        await using var b = await StartInstanceAsync(prefix);

        string quick = (await SendAsync(a, "tools/call", "\"name\":\"crunch\",\"arguments\":{\"milliseconds\":50}", "crunch")).GetProperty("taskId").GetString()!;
        var done = await UntilAsync(b, quick, s => s == "completed");
        Assert.Equal("crunched 50 ms", done.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());

        // Input asked on A, answered on B: B resumes the task from the record.
        string asking = (await SendAsync(a, "tools/call", "\"name\":\"ask\",\"arguments\":{}", "ask")).GetProperty("taskId").GetString()!;
        await UntilAsync(b, asking, s => s == "input_required");
        await SendAsync(b, "tasks/update", $"\"taskId\":\"{asking}\",\"inputResponses\":{{\"ok\":{{\"action\":\"accept\",\"content\":{{\"ok\":true}}}}}}", asking);
        Assert.Equal("ok=True", (await UntilAsync(a, asking, s => s == "completed")).GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());

        // Running on A, cancelled on B: A's run sees the request at its next lease renewal, within about a second.
        string slow = (await SendAsync(a, "tools/call", "\"name\":\"crunch\",\"arguments\":{\"milliseconds\":60000}", "crunch")).GetProperty("taskId").GetString()!;
        await UntilAsync(b, slow, s => s == "working");
        var started = DateTime.UtcNow;
        await SendAsync(b, "tasks/cancel", $"\"taskId\":\"{slow}\"", slow);
        Assert.Equal("cancelled", (await UntilAsync(b, slow, s => s is "cancelled" or "completed" or "failed")).GetProperty("status").GetString());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3), $"cancel took {DateTime.UtcNow - started}");
    }
}

/// <summary>Redis restarting under a running server, in a class of its own (it stops its own redis-server).</summary>
public sealed class RedisTaskRestartTests : IAsyncLifetime
{
    private readonly RedisServer _redis = new() { Persistent = true };

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task A_poll_while_Redis_restarts_gets_a_clear_error_then_the_task_again_with_nothing_lost()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var options = ConfigurationOptions.Parse(_redis.Configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 1000;
        options.AsyncTimeout = 1000;
        options.SyncTimeout = 1000;
        builder.Services.AddSingleton<IConnectionMultiplexer>(ConnectionMultiplexer.Connect(options));
        builder.Services.AddMcpRedisTaskStore();
        await using var app = builder.Build();
        app.MapMcp<RedisTestServer>("/mcp");
        await app.StartAsync();

        Task<JsonElement> Send(string method, string @params, string name) => McpPost.SendAsync(app, method, @params, name);

        string taskId = (await Send("tools/call", "\"name\":\"crunch\",\"arguments\":{\"milliseconds\":1}", "crunch")).GetProperty("result").GetProperty("taskId").GetString()!;
        for (int i = 0; i < 100 && (await Send("tasks/get", $"\"taskId\":\"{taskId}\"", taskId)).GetProperty("result").GetProperty("status").GetString() != "completed"; i++)
        {
            await Task.Delay(20);
        }

        _redis.Stop();
        var error = (await Send("tasks/get", $"\"taskId\":\"{taskId}\"", taskId)).GetProperty("error");
        Assert.Equal(-32603, error.GetProperty("code").GetInt32());
        // Which one depends on whether the connection has noticed the kill yet; neither names the client library's internals.
        Assert.Contains(error.GetProperty("message").GetString(), new[]
        {
            "The task store is unavailable: Redis is not connected. The task is not lost; try again.",
            "The task store is unavailable: Redis cannot be reached. The task is not lost; try again.",
        });

        await _redis.StartAsync();
        JsonElement again = default;
        for (int attempt = 0; attempt < 100; attempt++)
        {
            again = await Send("tasks/get", $"\"taskId\":\"{taskId}\"", taskId);
            if (again.TryGetProperty("result", out _))
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("completed", again.GetProperty("result").GetProperty("status").GetString());
        Assert.Equal("crunched 1 ms", again.GetProperty("result").GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
    }
}

/// <summary>A loopback port nothing listens on.</summary>
internal static class RedisUnreachable
{
    public static int Port() => LoopbackPorts.Reserve();
}
