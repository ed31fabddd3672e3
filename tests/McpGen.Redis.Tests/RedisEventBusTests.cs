using System;
using System.Linq;
using System.IO;
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

/// <summary>
/// Two instances of one server, each with its own services and its own Redis connection: a change published on one
/// reaches subscriptions/listen streams held by the other, through a real redis-server.
/// </summary>
public sealed class RedisEventBusTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private static int s_id;

    private async Task<WebApplication> StartInstanceAsync(string channel, byte[]? stateKey = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddMcpRedisEventBus(redis.Configuration, o => o.Channel = channel);
        if (stateKey is not null)
        {
            var options = new McpServerOptions();
            options.RequestState.Keys.Add(stateKey);
            builder.Services.AddSingleton(options);
        }

        var app = builder.Build();
        app.MapMcp<RedisTestServer>("/mcp");
        await app.StartAsync();
        return app;
    }

    private static HttpRequestMessage Request(string method, string @params, string? name = null)
    {
        int id = Interlocked.Increment(ref s_id);
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":{{{@params},{Meta}}}}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", method);
        if (name is not null)
        {
            request.Headers.Add("Mcp-Name", name);
        }

        return request;
    }

    /// <summary>An open listen stream on an instance, read event by event.</summary>
    private sealed class ListenStream(HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public static async Task<ListenStream> OpenAsync(WebApplication instance, string notifications)
        {
            var response = await instance.GetTestClient().SendAsync(Request("subscriptions/listen", "\"notifications\":" + notifications), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            var stream = new ListenStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
            Assert.Equal("notifications/subscriptions/acknowledged", (await stream.NextAsync()).GetProperty("method").GetString());
            return stream;
        }

        public async Task<JsonElement> NextAsync(TimeSpan? timeout = null)
        {
            using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
            while (true)
            {
                string? line = await reader.ReadLineAsync(cancel.Token);
                if (line is null)
                {
                    throw new EndOfStreamException();
                }

                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
                }
            }
        }

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
        }
    }

    private static async Task<JsonElement> CallAsync(WebApplication instance, string tool, string arguments)
    {
        using var response = await instance.GetTestClient().SendAsync(Request("tools/call", $"\"name\":\"{tool}\",\"arguments\":{arguments}", tool));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task A_change_on_one_instance_reaches_streams_on_both_and_filters_still_hold()
    {
        string channel = "test:" + Guid.NewGuid().ToString("N");
        await using var a = await StartInstanceAsync(channel);
        await using var b = await StartInstanceAsync(channel);
        using var notesOnA = await ListenStream.OpenAsync(a, """{"resourceSubscriptions":["notes://7"]}""");
        using var toolsOnA = await ListenStream.OpenAsync(a, """{"toolsListChanged":true}""");
        using var notesOnB = await ListenStream.OpenAsync(b, """{"resourceSubscriptions":["notes://7"]}""");

        Assert.Equal("edited", (await CallAsync(b, "edit_note", """{"uri":"notes://7"}""")).GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
        var onA = await notesOnA.NextAsync();
        Assert.Equal("notifications/resources/updated", onA.GetProperty("method").GetString());
        Assert.Equal("notes://7", onA.GetProperty("params").GetProperty("uri").GetString());
        Assert.Equal("notes://7", (await notesOnB.NextAsync()).GetProperty("params").GetProperty("uri").GetString());

        // The tools-only stream got nothing from the note; it gets the tools change made on the other instance.
        await CallAsync(b, "add_tool", "{}");
        Assert.Equal("notifications/tools/list_changed", (await toolsOnA.NextAsync()).GetProperty("method").GetString());
    }

    private static HttpRequestMessage Legacy(string body, string? sessionId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
        }

        return request;
    }

    [Fact]
    public async Task A_legacy_cancel_that_reaches_another_instance_stops_the_request_where_it_runs()
    {
        // Both instances share the key, so either opens the session id the other issued.
        string channel = "test:" + Guid.NewGuid().ToString("N");
        byte[] key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        await using var a = await StartInstanceAsync(channel, key);
        await using var b = await StartInstanceAsync(channel, key);
        using var initialize = await a.GetTestClient().SendAsync(Legacy("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"old","version":"1"}}}""", null));
        string sessionId = Assert.Single(initialize.Headers.GetValues("Mcp-Session-Id"));

        // The call runs on b for a minute; cancels go to a until the call ends (the first may come before it started).
        var started = System.Diagnostics.Stopwatch.StartNew();
        var call = b.GetTestClient().SendAsync(Legacy("""{"jsonrpc":"2.0","id":"slow-1","method":"tools/call","params":{"name":"crunch","arguments":{"milliseconds":60000}}}""", sessionId));
        while (!call.IsCompleted && started.Elapsed < TimeSpan.FromSeconds(15))
        {
            using var cancel = await a.GetTestClient().SendAsync(Legacy("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"slow-1"}}""", sessionId));
            Assert.Equal(System.Net.HttpStatusCode.Accepted, cancel.StatusCode);
            await Task.WhenAny(call, Task.Delay(100));
        }

        Assert.True(call.IsCompleted, "the cancel did not reach the instance running the request");
        using var response = await call;
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Deployments_on_other_channels_hear_nothing()
    {
        await using var a = await StartInstanceAsync("test:" + Guid.NewGuid().ToString("N"));
        await using var b = await StartInstanceAsync("test:" + Guid.NewGuid().ToString("N"));
        using var toolsOnA = await ListenStream.OpenAsync(a, """{"toolsListChanged":true}""");
        await CallAsync(b, "add_tool", "{}");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => toolsOnA.NextAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Foreign_messages_on_the_channel_are_ignored_and_events_round_trip()
    {
        string channel = "test:" + Guid.NewGuid().ToString("N");
        await using var a = await StartInstanceAsync(channel);
        using var toolsOnA = await ListenStream.OpenAsync(a, """{"toolsListChanged":true}""");
        using var raw = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        await raw.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), "not json");
        await raw.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), """{"kind":"resourceUpdated"}""");
        await raw.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), """{"kind":"toolsListChanged","server":"redis-test"}""");
        Assert.Equal("notifications/tools/list_changed", (await toolsOnA.NextAsync()).GetProperty("method").GetString());

        foreach (var e in new[] { McpServerEvent.ToolsListChanged, McpServerEvent.ResourceUpdated("notes://1") with { Server = "s" }, McpServerEvent.PromptsListChanged, McpServerEvent.ResourcesListChanged, McpServerEvent.EventsMissed })
        {
            Assert.True(RedisMcpEventBus.TryDecode(RedisMcpEventBus.Encode(e), out var decoded));
            Assert.Equal(e, decoded);
        }
    }
}

/// <summary>Redis going away and coming back, in a class of its own so its restarts do not disturb other tests.</summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private readonly RedisServer _redis = new();

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task Publishing_while_Redis_is_down_fails_the_call_clearly_and_delivery_resumes_after_it_returns_with_the_gap_reported()
    {
        var options = ConfigurationOptions.Parse(_redis.Configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 1000;

        // The first SUBSCRIBE (synchronous) may take a moment on a busy machine; only publishing during the outage must fail fast.
        options.SyncTimeout = 5000;
        options.AsyncTimeout = 1000;
        using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        using var bus = new RedisMcpEventBus(connection, new RedisMcpEventBusOptions { Channel = "outage" });
        var received = new System.Collections.Concurrent.ConcurrentQueue<McpServerEventKind>();
        using var subscription = bus.Subscribe(e => received.Enqueue(e.Kind));

        _redis.Stop();
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await bus.PublishAsync(McpServerEvent.ToolsListChanged));
        Assert.True(failure is RedisException or TimeoutException, failure.ToString());

        await _redis.StartAsync();
        for (int attempt = 0; attempt < 100 && !received.Contains(McpServerEventKind.PromptsListChanged); attempt++)
        {
            try
            {
                await bus.PublishAsync(McpServerEvent.PromptsListChanged);
            }
            catch (RedisException)
            {
            }

            await Task.Delay(100);
        }

        // Delivery resumed, and the listeners were told that what was published during the outage is gone.
        for (int attempt = 0; attempt < 50 && !received.Contains(McpServerEventKind.EventsMissed); attempt++)
        {
            await Task.Delay(100);
        }

        Assert.Contains(McpServerEventKind.PromptsListChanged, received);
        Assert.Contains(McpServerEventKind.EventsMissed, received);
        Assert.DoesNotContain(McpServerEventKind.ToolsListChanged, received);
    }
}
