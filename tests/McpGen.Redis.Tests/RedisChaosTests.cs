using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
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
/// Two instances on one Redis while Redis stalls for longer than a task lease (<c>CLIENT PAUSE</c>) and then restarts:
/// a side effect of a non-idempotent task happens at most once, an idempotent task never runs twice at the same time,
/// a cancel recorded during the stall stops its run, and no task is lost or stuck. A class of its own: it pauses and
/// restarts its own redis-server.
/// </summary>
public sealed class RedisChaosTests : IAsyncLifetime
{
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(5);

    private readonly RedisServer _redis = new() { Persistent = true };
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => _redis.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }

    private ConnectionMultiplexer Connect(bool admin = false)
    {
        var options = ConfigurationOptions.Parse(_redis.Configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 1000;
        options.AllowAdmin = admin;
        var connection = ConnectionMultiplexer.Connect(options);
        _owned.Add(connection);
        return connection;
    }

    /// <summary>One instance as a deployment runs it: its own connection to the shared Redis.</summary>
    private async Task<WebApplication> StartInstanceAsync(string prefix)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IConnectionMultiplexer>(Connect());
        builder.Services.AddMcpRedisTaskStore(o => o.KeyPrefix = prefix);
        builder.Services.Configure<McpServerOptions>(o => o.Tasks.LeaseDuration = s_lease);
        var app = builder.Build();
        app.MapMcp<RedisTestServer>("/mcp");
        await app.StartAsync();
        _owned.Insert(0, app);
        return app;
    }

    private static Task<JsonElement> SendAsync(WebApplication instance, string method, string @params, string name) =>
        McpPost.SendAsync(instance, method, @params, name);



    private static bool IsTerminal(JsonElement task) => task.GetProperty("status").GetString() is "completed" or "failed" or "cancelled";

    private static bool IsRunning(JsonElement task) => task.GetProperty("statusMessage").GetString() == "running";

    [Fact]
    public async Task Redis_paused_longer_than_the_lease_then_restarted_runs_no_side_effect_twice_and_loses_no_task()
    {
        string prefix = "chaos:" + Guid.NewGuid().ToString("N") + ":";
        string run = Guid.NewGuid().ToString("N")[..8];
        var a = await StartInstanceAsync(prefix);
        var b = await StartInstanceAsync(prefix);
        var admin = Connect(admin: true);

        // Phase 1: tasks at every stage of their run when Redis stops answering for longer than a lease.
        var charges = new Dictionary<string, string>();
        for (int i = 0; i < 4; i++)
        {
            string label = $"charge-{run}-{i}";
            charges[label] = await McpPost.StartTaskAsync(i % 2 == 0 ? a : b, "charge", label, 1000 * (i + 1));
        }

        string tallyLabel = $"tally-{run}";
        string tally = await McpPost.StartTaskAsync(a, "tally", tallyLabel, 2500);
        string cancelLabel = $"cancel-{run}";
        string cancelMe = await McpPost.StartTaskAsync(a, "charge", cancelLabel, 10_000);
        foreach (var taskId in charges.Values.Append(tally).Append(cancelMe))
        {
            await McpPost.UntilAsync(b, taskId, IsRunning, TimeSpan.FromSeconds(10));
        }

        var pausedAt = DateTime.UtcNow;
        await admin.GetServer(admin.GetEndPoints()[0]).ExecuteAsync("CLIENT", "PAUSE", "7000", "ALL");

        // The client cancels during the stall and keeps trying until the cancel is recorded.
        JsonElement cancelAnswer;
        string? unavailable = null;
        do
        {
            cancelAnswer = await SendAsync(b, "tasks/cancel", $"\"taskId\":\"{cancelMe}\"", cancelMe);
            if (cancelAnswer.TryGetProperty("error", out var error))
            {
                unavailable ??= error.GetProperty("message").GetString();
            }
        }
        while (!cancelAnswer.TryGetProperty("result", out _) && DateTime.UtcNow - pausedAt < TimeSpan.FromSeconds(30));

        Assert.Equal("The task store is unavailable: Redis did not answer within 2 s. The task is not lost; try again.", unavailable);
        Assert.True(cancelAnswer.TryGetProperty("result", out _), cancelAnswer.ToString());

        foreach (var (label, taskId) in charges)
        {
            var ended = await McpPost.UntilAsync(a, taskId, IsTerminal, TimeSpan.FromSeconds(40));
            Assert.True(SideEffects.Count(label) <= 1, $"{label} charged {SideEffects.Count(label)} times");
            if (ended.GetProperty("status").GetString() == "completed")
            {
                Assert.Equal(1, SideEffects.Count(label));
                Assert.Equal("charged " + label, ended.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
            }
            else
            {
                Assert.Equal("failed", ended.GetProperty("status").GetString());
            }
        }

        Assert.Equal("completed", (await McpPost.UntilAsync(b, tally, IsTerminal, TimeSpan.FromSeconds(40))).GetProperty("status").GetString());
        Assert.Equal(1, SideEffects.MostAtOnce(tallyLabel));
        Assert.Equal("cancelled", (await McpPost.UntilAsync(a, cancelMe, IsTerminal, TimeSpan.FromSeconds(40))).GetProperty("status").GetString());

        // Past the moment the cancelled run would have charged: it never did.
        var wouldHaveCharged = TimeSpan.FromSeconds(11) - (DateTime.UtcNow - pausedAt);
        if (wouldHaveCharged > TimeSpan.Zero)
        {
            await Task.Delay(wouldHaveCharged);
        }

        Assert.Equal(0, SideEffects.Count(cancelLabel));

        // Phase 2: Redis restarts (persistence on) while runs finish: their results are recorded once it is back.
        var finishing = new Dictionary<string, string>();
        for (int i = 0; i < 3; i++)
        {
            string label = $"restart-{run}-{i}";
            finishing[label] = await McpPost.StartTaskAsync(i % 2 == 0 ? a : b, "charge", label, 800);
        }

        foreach (var taskId in finishing.Values)
        {
            await McpPost.UntilAsync(a, taskId, IsRunning, TimeSpan.FromSeconds(10));
        }

        _redis.Stop();
        await Task.Delay(1200);
        await _redis.StartAsync();
        foreach (var (label, taskId) in finishing)
        {
            var ended = await McpPost.UntilAsync(b, taskId, IsTerminal, TimeSpan.FromSeconds(30));
            Assert.Equal("completed", ended.GetProperty("status").GetString());
            Assert.Equal(1, SideEffects.Count(label));
        }
    }
}
