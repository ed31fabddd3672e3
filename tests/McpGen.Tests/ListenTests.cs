using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen.Tests;

/// <summary>A tool that announces a change.</summary>
public static class EventTools
{
    /// <summary>Announces that a resource changed.</summary>
    [McpTool("touch")]
    public static async Task<string> Touch(string uri, McpToolCall call, CancellationToken cancellationToken)
    {
        await call.Events.PublishAsync(McpServerEvent.ResourceUpdated(uri), cancellationToken);
        return "touched";
    }
}

/// <summary>subscriptions/listen: an acknowledgement first, tagged notifications of the kinds asked for, and a clean end.</summary>
public sealed class ListenTests
{
    private const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private static Task<JsonElement?> Listen(TestClient client, string id, string notifications, CancellationToken cancellationToken = default) =>
        client.SendRawAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"subscriptions/listen\",\"params\":{{\"notifications\":{notifications},{Meta}}}}}", cancellationToken);

    private static async Task<JsonElement> NextAsync(TestClient client)
    {
        for (int i = 0; i < 300; i++)
        {
            if (client.Notifications.TryDequeue(out var message))
            {
                return message;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("No notification arrived.");
    }

    [Fact]
    public async Task The_acknowledgement_comes_first_and_names_what_is_honoured_with_the_request_id_as_sent()
    {
        var client = new TestClient();
        using var stop = new CancellationTokenSource();
        var listen = Listen(client, "42", """{"toolsListChanged":true,"promptsListChanged":false,"resourceSubscriptions":["test://a"],"taskIds":["t1"]}""", stop.Token);
        var ack = await NextAsync(client);
        TestClient.AssertJsonEqual("""
            {"jsonrpc":"2.0","method":"notifications/subscriptions/acknowledged",
             "params":{"notifications":{"toolsListChanged":true,"resourceSubscriptions":["test://a"]},"_meta":{"io.modelcontextprotocol/subscriptionId":42}}}
            """, ack);
        stop.Cancel();
        Assert.Null(await listen);
        Assert.Equal(McpProcessResult.Cancelled, client.LastResult);
    }

    [Fact]
    public async Task Only_the_kinds_asked_for_arrive_tagged_with_the_subscription()
    {
        var client = new TestClient();
        using var stop = new CancellationTokenSource();
        var listen = Listen(client, "\"sub-1\"", """{"promptsListChanged":true,"resourceSubscriptions":["test://docs/"]}""", stop.Token);
        await NextAsync(client);

        var bus = client.Processor.Events;
        await bus.PublishAsync(McpServerEvent.ToolsListChanged);
        await bus.PublishAsync(McpServerEvent.ResourceUpdated("test://elsewhere"));
        await bus.PublishAsync(McpServerEvent.PromptsListChanged);
        await bus.PublishAsync(McpServerEvent.ResourceUpdated("test://docs/intro"));
        await bus.PublishAsync(McpServerEvent.PromptsListChanged with { Server = "another-server" });

        TestClient.AssertJsonEqual("""{"jsonrpc":"2.0","method":"notifications/prompts/list_changed","params":{"_meta":{"io.modelcontextprotocol/subscriptionId":"sub-1"}}}""", await NextAsync(client));
        TestClient.AssertJsonEqual("""{"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"test://docs/intro","_meta":{"io.modelcontextprotocol/subscriptionId":"sub-1"}}}""", await NextAsync(client));
        await Task.Delay(50);
        Assert.Empty(client.Notifications);

        stop.Cancel();
        await listen;
        await bus.PublishAsync(McpServerEvent.PromptsListChanged);
        Assert.Empty(client.Notifications);
    }

    [Fact]
    public async Task Events_missed_by_the_bus_announce_everything_the_stream_listens_to_and_nothing_else()
    {
        var client = new TestClient();
        using var stop = new CancellationTokenSource();
        var listen = Listen(client, "5", """{"toolsListChanged":true,"resourceSubscriptions":["test://docs/","test://notes/1"]}""", stop.Token);
        await NextAsync(client);

        await client.Processor.Events.PublishAsync(McpServerEvent.EventsMissed);

        TestClient.AssertJsonEqual("""{"jsonrpc":"2.0","method":"notifications/tools/list_changed","params":{"_meta":{"io.modelcontextprotocol/subscriptionId":5}}}""", await NextAsync(client));
        TestClient.AssertJsonEqual("""{"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"test://docs/","_meta":{"io.modelcontextprotocol/subscriptionId":5}}}""", await NextAsync(client));
        TestClient.AssertJsonEqual("""{"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"test://notes/1","_meta":{"io.modelcontextprotocol/subscriptionId":5}}}""", await NextAsync(client));
        await Task.Delay(50);
        Assert.Empty(client.Notifications);
        stop.Cancel();
        await listen;
    }

    [Fact]
    public async Task A_tool_call_on_the_same_server_reaches_the_open_stream()
    {
        var client = new TestClient();
        using var stop = new CancellationTokenSource();
        var listen = Listen(client, "7", """{"resourceSubscriptions":["test://notes/1"]}""", stop.Token);
        await NextAsync(client);
        Assert.Equal("touched", await client.CallTextAsync("touch", """{"uri":"test://notes/1"}"""));
        Assert.Equal("test://notes/1", (await NextAsync(client)).GetProperty("params").GetProperty("uri").GetString());
        stop.Cancel();
        await listen;
    }

    [Fact]
    public async Task Ending_subscriptions_sends_the_final_result_and_later_listens_end_at_once()
    {
        var client = new TestClient();
        var listen = Listen(client, "9", """{"toolsListChanged":true}""");
        await NextAsync(client);
        client.Processor.Listens.Close();
        var result = (await listen)!.Value;
        Assert.Equal(9, result.GetProperty("id").GetInt32());
        Assert.Equal("complete", result.GetProperty("result").GetProperty("resultType").GetString());
        Assert.Equal(9, result.GetProperty("result").GetProperty("_meta").GetProperty("io.modelcontextprotocol/subscriptionId").GetInt32());

        var late = await Listen(client, "10", """{"toolsListChanged":true}""");
        Assert.Equal("complete", late!.Value.GetProperty("result").GetProperty("resultType").GetString());
    }

    [Theory]
    [InlineData(null, -32602, "Missing params.notifications: the notifications to listen for, e.g. {\"toolsListChanged\":true}.")]
    [InlineData("""{"resourceSubscriptions":"test://a"}""", -32602, "Invalid params.notifications.resourceSubscriptions: expected an array of resource URIs.")]
    [InlineData("""{"resourceSubscriptions":[1]}""", -32602, "Invalid params.notifications.resourceSubscriptions: expected an array of resource URIs.")]
    public async Task Bad_filters_are_rejected(string? notifications, int code, string message)
    {
        var client = new TestClient();
        string @params = notifications is null ? "{" + Meta + "}" : "{\"notifications\":" + notifications + "," + Meta + "}";
        var response = (await client.SendRawAsync("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"subscriptions/listen\",\"params\":" + @params + "}"))!.Value;
        Assert.Equal(code, response.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(message, response.GetProperty("error").GetProperty("message").GetString());
        Assert.Empty(client.Notifications);
    }

    [Theory]
    [InlineData(1001, 11, "Invalid params.notifications.resourceSubscriptions: more than 1000 resource URIs, the limit per listen request (McpServerOptions.MaxResourceSubscriptions).")]
    [InlineData(1, 2049, "Invalid params.notifications.resourceSubscriptions: a resource URI is longer than 2048 characters, the limit (McpServerOptions.MaxResourceUriLength).")]
    public async Task A_filter_over_a_default_limit_is_refused_naming_the_limit_and_its_option(int count, int length, string message)
    {
        var client = new TestClient();
        string uris = string.Join(",", Enumerable.Range(0, count).Select(i => "\"test://" + new string('a', length - 7 - 4) + i.ToString("D4") + "\""));
        var response = await RefusedAsync(client, "{\"resourceSubscriptions\":[" + uris + "]}");
        Assert.Equal(-32602, response.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(message, response.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(McpProcessResult.Rejected, client.LastResult);
        Assert.Empty(client.Notifications);
    }

    [Fact]
    public async Task A_filter_at_the_limits_is_honoured_and_the_limits_are_options()
    {
        var atDefault = new TestClient();
        using var stop = new CancellationTokenSource();
        string uris = string.Join(",", Enumerable.Range(0, 1000).Select(i => "\"test://" + new string('a', 2048 - 7 - 4) + i.ToString("D4") + "\""));
        var listen = Listen(atDefault, "6", "{\"resourceSubscriptions\":[" + uris + "]}", stop.Token);
        var ack = await NextAsync(atDefault);
        Assert.Equal(1000, ack.GetProperty("params").GetProperty("notifications").GetProperty("resourceSubscriptions").GetArrayLength());
        stop.Cancel();
        await listen;

        var strict = new TestClient(options: new McpServerOptions { MaxResourceSubscriptions = 2, MaxResourceUriLength = 16 });
        var response = await RefusedAsync(strict, """{"resourceSubscriptions":["test://a","test://b","test://c"]}""");
        Assert.Contains("more than 2 resource URIs", response.GetProperty("error").GetProperty("message").GetString());
        response = await RefusedAsync(strict, """{"resourceSubscriptions":["test://seventeen!"]}""");
        Assert.Contains("longer than 16 characters", response.GetProperty("error").GetProperty("message").GetString());
    }

    /// <summary>The answer to a listen that must be refused; one that is accepted instead stays open, so it is given a deadline.</summary>
    private static async Task<JsonElement> RefusedAsync(TestClient client, string notifications)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var answer = await Listen(client, "5", notifications, deadline.Token);
        Assert.True(answer.HasValue, "The listen was accepted and stayed open: the filter was not refused.");
        return answer.Value;
    }

    [Fact]
    public async Task Legacy_clients_have_no_listen_and_no_list_changed_capability()
    {
        var client = new TestClient();
        var init = (await client.SendRawAsync("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}}"""))!.Value;
        Assert.False(init.GetProperty("result").GetProperty("capabilities").GetProperty("tools").TryGetProperty("listChanged", out _));
        var response = (await client.SendRawAsync("""{"jsonrpc":"2.0","id":1,"method":"subscriptions/listen","params":{"notifications":{"toolsListChanged":true}}}"""))!.Value;
        Assert.Equal(-32601, response.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public void A_failing_subscriber_does_not_keep_the_others_from_an_event()
    {
        var bus = new InProcessMcpEventBus();
        int seen = 0;
        using var failing = bus.Subscribe(_ => throw new InvalidOperationException("boom"));
        using var counting = bus.Subscribe(_ => seen++);
        bus.PublishAsync(McpServerEvent.ToolsListChanged);
        Assert.Equal(1, seen);
        counting.Dispose();
        bus.PublishAsync(McpServerEvent.ToolsListChanged);
        Assert.Equal(1, seen);
    }
}
