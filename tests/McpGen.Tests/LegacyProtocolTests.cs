using System.Linq;
using System.Threading.Tasks;

namespace McpGen.Tests;

/// <summary>2025-11-25 clients open with initialize and get the results of their revision, without 2026 fields.</summary>
public sealed class LegacyProtocolTests
{
    private readonly TestClient _client = new();

    private async Task<string> InitializeAsync(string version = "2025-11-25")
    {
        var response = await _client.SendRawAsync("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"old\",\"version\":\"1\"}}}");
        Assert.Null(await _client.SendRawAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}"""));
        return response!.Value.GetProperty("result").GetRawText();
    }

    [Fact]
    public async Task Initialize_answers_with_the_requested_revision_capabilities_and_identity()
    {
        TestClient.AssertJsonEqual("""
            {"protocolVersion":"2025-11-25","capabilities":{"tools":{},"resources":{"subscribe":true},"prompts":{},"completions":{},"logging":{}},
             "serverInfo":{"name":"test-server","version":"2.3.4","title":"Test Server","description":"The server under test: every supported parameter and return shape."},
             "instructions":"For tests only."}
            """, TestClient.Parse(await InitializeAsync()));
    }

    [Theory]
    [InlineData("2025-06-18", "2025-06-18")]
    [InlineData("2024-11-05", "2024-11-05")]
    [InlineData("1999-01-01", "2025-11-25")]
    public async Task Initialize_negotiates_the_revision(string requested, string answered)
    {
        Assert.Equal(answered, TestClient.Parse(await InitializeAsync(requested)).GetProperty("protocolVersion").GetString());
    }

    [Fact]
    public async Task Ping_is_an_empty_result()
    {
        await InitializeAsync();
        var response = await _client.SendRawAsync("""{"jsonrpc":"2.0","id":1,"method":"ping"}""");
        TestClient.AssertJsonEqual("""{"jsonrpc":"2.0","id":1,"result":{}}""", response!.Value);
    }

    [Fact]
    public async Task Logging_set_level_is_acknowledged_with_a_bare_empty_result()
    {
        await InitializeAsync();
        var response = await _client.SendRawAsync("""{"jsonrpc":"2.0","id":9,"method":"logging/setLevel","params":{"level":"info"}}""");
        TestClient.AssertJsonEqual("""{"jsonrpc":"2.0","id":9,"result":{}}""", response!.Value);
    }

    [Fact]
    public async Task A_subscribed_resource_and_its_sub_resources_are_delivered_as_updates_until_unsubscribed()
    {
        var capabilities = TestClient.Parse(await InitializeAsync()).GetProperty("capabilities").GetProperty("resources");
        Assert.True(capabilities.GetProperty("subscribe").GetBoolean());
        var ack = await _client.SendRawAsync("""{"jsonrpc":"2.0","id":9,"method":"resources/subscribe","params":{"uri":"notes://a"}}""");
        TestClient.AssertJsonEqual("""{"jsonrpc":"2.0","id":9,"result":{}}""", ack!.Value);

        await _client.Processor.Events.PublishAsync(McpServerEvent.ResourceUpdated("notes://b"));        // not subscribed
        await _client.Processor.Events.PublishAsync(McpServerEvent.ResourceUpdated("notes://a/1"));      // under notes://a
        await _client.Processor.Events.PublishAsync(McpServerEvent.ResourceUpdated("notes://a"));
        Assert.Equal(["notes://a/1", "notes://a"], _client.Notifications.Select(n => n.GetProperty("params").GetProperty("uri").GetString()));
        TestClient.AssertJsonEqual("""{"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"notes://a"}}""", _client.Notifications.Last());

        var unsubscribed = await _client.SendRawAsync("""{"jsonrpc":"2.0","id":10,"method":"resources/unsubscribe","params":{"uri":"notes://a"}}""");
        TestClient.AssertJsonEqual("""{"jsonrpc":"2.0","id":10,"result":{}}""", unsubscribed!.Value);
        await _client.Processor.Events.PublishAsync(McpServerEvent.ResourceUpdated("notes://a"));
        Assert.Equal(2, _client.Notifications.Count);
    }

    [Fact]
    public async Task Events_missed_by_the_bus_announce_every_subscribed_resource_as_updated()
    {
        await InitializeAsync();
        await _client.SendRawAsync("""{"jsonrpc":"2.0","id":9,"method":"resources/subscribe","params":{"uri":"notes://a"}}""");
        await _client.SendRawAsync("""{"jsonrpc":"2.0","id":10,"method":"resources/subscribe","params":{"uri":"notes://b"}}""");

        await _client.Processor.Events.PublishAsync(McpServerEvent.EventsMissed);

        Assert.Equal(["notes://a", "notes://b"], _client.Notifications.Select(n => n.GetProperty("params").GetProperty("uri").GetString()).Order());
    }

    [Fact]
    public async Task Subscribing_without_a_uri_is_minus_32602()
    {
        await InitializeAsync();
        var error = (await _client.SendRawAsync("""{"jsonrpc":"2.0","id":9,"method":"resources/subscribe","params":{}}"""))!.Value.GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal("Missing params.uri: the URI of the resource to subscribe to.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_task_only_tool_is_refused_to_a_legacy_client_instead_of_running()
    {
        var client = new TestClient(TaskTestServer.Definition);
        await client.SendRawAsync("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"old","version":"1"}}}""");
        var error = (await client.SendRawAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"tool_error","arguments":{}}}"""))!.Value.GetProperty("error");
        Assert.Equal(-32601, error.GetProperty("code").GetInt32());
        Assert.Contains("runs only as a task", error.GetProperty("message").GetString());
        Assert.Contains("2026-07-28", error.GetProperty("message").GetString());

        // Optional tools still run synchronously for the same client.
        var wait = (await client.SendRawAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"wait","arguments":{"milliseconds":1}}}"""))!.Value;
        Assert.Equal("waited 1 ms", TestClient.SingleText(wait.GetProperty("result")));
    }

    [Fact]
    public async Task Tools_list_and_call_have_the_legacy_shape()
    {
        await InitializeAsync();
        var list = (await _client.SendRawAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}"""))!.Value.GetProperty("result");
        Assert.True(list.TryGetProperty("tools", out _));
        Assert.False(list.TryGetProperty("resultType", out _));
        Assert.False(list.TryGetProperty("ttlMs", out _));
        Assert.False(list.TryGetProperty("_meta", out _));

        var call = (await _client.SendRawAsync("""{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"old"}}}"""))!.Value;
        TestClient.AssertJsonEqual("""{"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"old"}]}}""", call);
        var context = (await _client.SendRawAsync("""{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"who_am_i"}}"""))!.Value;
        Assert.Equal("2025-11-25|anonymous|False|tools/call", TestClient.SingleText(context.GetProperty("result")));
    }

    [Fact]
    public async Task Requests_with_2026_meta_stay_modern_on_a_legacy_connection()
    {
        await InitializeAsync();
        var result = await _client.CallAsync("echo", """{"text":"new"}""");
        Assert.Equal("complete", result.GetProperty("resultType").GetString());
    }

    [Fact]
    public async Task Initialize_with_2026_meta_is_method_not_found()
    {
        var response = await _client.RequestAsync("initialize", "\"protocolVersion\":\"2025-11-25\"");
        Assert.Equal(-32601, response.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Null(_client.Connection.LegacyProtocolVersion);
    }

    [Fact]
    public async Task Without_initialize_a_request_needs_the_2026_meta()
    {
        var response = await _client.SendRawAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""");
        Assert.Equal(-32602, response!.Value.GetProperty("error").GetProperty("code").GetInt32());
    }
}
