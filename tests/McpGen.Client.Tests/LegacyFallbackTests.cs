using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;

namespace McpGen.Client.Tests;

/// <summary>
/// A server that does not know <c>server/discover</c>: the real McpGen server behind a handler that answers discover with
/// 404/-32601, as a 2025-11-25-only server does. The client falls back to <c>initialize</c> and the server's legacy path.
/// </summary>
// The cancellation tests share ClientTestTools.SlowStarted/SlowCancelled: one class at a time.
[Collection(nameof(ClientTestTools.Slow))]
public sealed class LegacyFallbackTests : IAsyncLifetime
{
    private ClientTestApp _app = null!;

    public async Task InitializeAsync() => _app = await ClientTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static HttpResponseMessage? WithoutDiscover(HttpRequestMessage request, string body)
    {
        if (!body.Contains("\"method\":\"server/discover\"", StringComparison.Ordinal))
        {
            return null;
        }

        long id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
        return new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            Content = new StringContent($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{{\"code\":-32601,\"message\":\"Method not found\"}}}}", Encoding.UTF8, "application/json"),
        };
    }

    private McpClient LegacyClient(McpClientOptions? options = null) => _app.CreateClient(options, WithoutDiscover);

    private static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    [Fact]
    public async Task Method_not_found_on_discover_starts_a_2025_session_used_by_every_later_request_and_ended_on_dispose()
    {
        var client = LegacyClient(new McpClientOptions { ClientInfo = new() { Name = "old-school", Version = "1" } });

        var result = await client.CallToolAsync("echo", new Dictionary<string, JsonElement> { ["text"] = JsonSerializer.SerializeToElement("hi") });
        var description = await client.DiscoverAsync();
        await client.PingAsync();
        await client.DisposeAsync();

        Assert.Equal("hi", Text(result));
        Assert.Equal("2025-11-25", client.ProtocolVersion);
        Assert.True(description.IsLegacy);
        Assert.Equal("client-test", description.ServerInfo?.Name);
        Assert.Equal("Call echo first.", description.Instructions);
        Assert.Null(description.Expires);

        Assert.Equal(
            ["POST server/discover", "POST initialize", "POST notifications/initialized", "POST tools/call", "POST ping", "DELETE "],
            _app.Exchanges.Select(e => e.HttpMethod + " " + e.Method).ToArray());
        var initialize = _app.Exchanges[1];
        Assert.Null(initialize.Header("MCP-Protocol-Version"));
        var initParams = initialize.Json.GetProperty("params");
        Assert.Equal("2025-11-25", initParams.GetProperty("protocolVersion").GetString());
        Assert.Equal("old-school", initParams.GetProperty("clientInfo").GetProperty("name").GetString());
        Assert.Equal("2025-11-25", JsonDocument.Parse(initialize.ResponseBody!).RootElement.GetProperty("result").GetProperty("protocolVersion").GetString());
        string? sessionId = _app.Exchanges[2].Header("Mcp-Session-Id");
        Assert.False(string.IsNullOrEmpty(sessionId));
        foreach (var later in _app.Exchanges.Skip(2))
        {
            Assert.Equal(sessionId, later.Header("Mcp-Session-Id"));
            Assert.Equal("2025-11-25", later.Header("MCP-Protocol-Version"));
        }

        // No per-request protocol keys on a legacy request.
        Assert.False(_app.Exchanges[3].Json.GetProperty("params").TryGetProperty("_meta", out _));
    }

    [Fact]
    public async Task A_2025_server_asks_on_the_event_stream_and_the_handler_answers_with_its_own_post()
    {
        await using var client = LegacyClient(new McpClientOptions
        {
            Elicitation = (request, _) => ValueTask.FromResult(new ElicitResult
            {
                Action = request.Message == "Proceed?" ? "accept" : "decline",
                Content = new Dictionary<string, JsonElement> { ["ok"] = JsonSerializer.SerializeToElement(true) },
            }),
        });

        var result = await client.CallToolAsync("confirm");

        Assert.Equal("proceeded", Text(result));
        Assert.True(_app.Posts("initialize").Single().Json.GetProperty("params").GetProperty("capabilities").TryGetProperty("elicitation", out _));
        var answer = Assert.Single(_app.Exchanges, e => e.HttpMethod == "POST" && e.Method is null);
        Assert.Equal("accept", answer.Json.GetProperty("result").GetProperty("action").GetString());
        Assert.Equal(202, answer.Status);
        Assert.Single(_app.Posts("tools/call"));
    }

    [Fact]
    public async Task Progress_reaches_the_callback_in_a_2025_session_too()
    {
        var notifications = new ConcurrentQueue<McpClientNotification>();
        await using var client = LegacyClient(new McpClientOptions { Notifications = notifications.Enqueue });

        Assert.Equal("done", Text(await client.CallToolAsync("steps")));

        Assert.Equal(3, notifications.Count(n => n.Progress is not null));
        long id = Assert.Single(_app.Posts("tools/call")).Json.GetProperty("id").GetInt64();
        Assert.Equal(id, _app.Posts("tools/call").Single().Json.GetProperty("params").GetProperty("_meta").GetProperty("progressToken").GetInt64());
    }

    [Fact]
    public async Task Cancelling_in_a_2025_session_also_sends_notifications_cancelled()
    {
        ClientTestTools.SlowStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        ClientTestTools.SlowCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = LegacyClient();
        await client.DiscoverAsync();
        using var cancellation = new CancellationTokenSource();

        var call = client.CallToolAsync("slow", cancellationToken: cancellation.Token).AsTask();
        await ClientTestTools.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await ClientTestTools.SlowCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var cancelled = Assert.Single(_app.Posts("notifications/cancelled"));
        Assert.Equal(_app.Posts("tools/call").Single().Json.GetProperty("id").GetInt64(), cancelled.Json.GetProperty("params").GetProperty("requestId").GetInt64());
    }

    [Fact]
    public async Task Asking_for_2025_skips_discover()
    {
        await using var client = _app.CreateClient(new McpClientOptions { ProtocolVersion = "2025-11-25" });

        await client.ListToolsAsync();

        Assert.Equal(["initialize", "notifications/initialized", "tools/list"], _app.Exchanges.Select(e => e.Method!).ToArray());
    }

    [Fact]
    public async Task Without_fallback_a_server_that_does_not_know_discover_is_an_error()
    {
        await using var client = LegacyClient(new McpClientOptions { AllowLegacyFallback = false });

        var error = await Assert.ThrowsAsync<McpRemoteException>(() => client.ListToolsAsync().AsTask());

        Assert.Equal(-32601, error.Code);
        Assert.Equal("server/discover", error.Method);
    }
}
