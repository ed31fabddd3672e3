using System;
using System.Linq;
using System.Threading.Tasks;

namespace McpGen.IntegrationTests;

/// <summary>The QuickStart sample as a real process over stdio, on both protocol revisions.</summary>
public sealed class StdioEndToEndTests
{
    [Fact]
    public async Task Serves_2026_07_28_discover_list_and_call()
    {
        await using var server = ServerProcess.StartQuickStart();
        var discover = (await server.RequestAsync(1, "server/discover")).GetProperty("result");
        Assert.Equal("2026-07-28", discover.GetProperty("supportedVersions")[0].GetString());
        Assert.Equal("quickstart", discover.GetProperty("_meta").GetProperty("io.modelcontextprotocol/serverInfo").GetProperty("name").GetString());

        var tools = (await server.RequestAsync(2, "tools/list")).GetProperty("result").GetProperty("tools");
        Assert.Equal(["add", "countdown", "echo", "fail", "place_order"], tools.EnumerateArray().Select(t => t.GetProperty("name").GetString()));

        var add = (await server.RequestAsync(3, "tools/call", "\"name\":\"add\",\"arguments\":{\"a\":2,\"b\":3}")).GetProperty("result");
        Assert.Equal("complete", add.GetProperty("resultType").GetString());
        Assert.Equal("5", add.GetProperty("content")[0].GetProperty("text").GetString());

        var order = (await server.RequestAsync("o", "tools/call", "\"name\":\"place_order\",\"arguments\":{\"order\":{\"customer\":\"Ann\",\"lines\":[{\"sku\":\"A\",\"quantity\":2},{\"sku\":\"B\",\"quantity\":3}],\"shipping\":\"Express\"}}")).GetProperty("result");
        Assert.Equal(5, order.GetProperty("structuredContent").GetProperty("totalItems").GetInt32());
        Assert.Equal("Express", order.GetProperty("structuredContent").GetProperty("shipping").GetString());

        var bad = (await server.RequestAsync(4, "tools/call", "\"name\":\"place_order\",\"arguments\":{\"order\":{\"customer\":\"Ann\",\"lines\":[{\"sku\":\"A\",\"quantity\":0}]}}")).GetProperty("result");
        Assert.True(bad.GetProperty("isError").GetBoolean());
        Assert.Equal("Invalid arguments for tool 'place_order': Argument 'order.lines[0].quantity': must be between 1 and 100, got 0.", bad.GetProperty("content")[0].GetProperty("text").GetString());

        var failed = (await server.RequestAsync(5, "tools/call", "\"name\":\"fail\"")).GetProperty("result");
        Assert.Equal("The warehouse is closed today.", failed.GetProperty("content")[0].GetProperty("text").GetString());

        Assert.Equal(0, await server.CloseAndWaitAsync());
    }

    [Fact]
    public async Task Conformance_server_serves_resources_templates_prompts_and_completions_over_stdio()
    {
        await using var server = ServerProcess.StartConformanceServer();
        var capabilities = (await server.RequestAsync(1, "server/discover")).GetProperty("result").GetProperty("capabilities");
        Assert.True(capabilities.TryGetProperty("completions", out _));

        var item = (await server.RequestAsync(2, "resources/read", "\"uri\":\"test://template/42/data\"")).GetProperty("result").GetProperty("contents")[0];
        Assert.Contains("Data for ID: 42", item.GetProperty("text").GetString());

        var missing = (await server.RequestAsync(3, "resources/read", "\"uri\":\"test://nonexistent-resource-for-conformance-testing\"")).GetProperty("error");
        Assert.Equal(-32602, missing.GetProperty("code").GetInt32());

        var prompt = (await server.RequestAsync(4, "prompts/get", "\"name\":\"test_prompt_with_arguments\",\"arguments\":{\"arg1\":\"a\",\"arg2\":\"b\"}")).GetProperty("result");
        Assert.Equal("Prompt with arguments: arg1='a', arg2='b'", prompt.GetProperty("messages")[0].GetProperty("content").GetProperty("text").GetString());

        var completion = (await server.RequestAsync(5, "completion/complete", "\"ref\":{\"type\":\"ref/resource\",\"uri\":\"test://template/{id}/data\"},\"argument\":{\"name\":\"id\",\"value\":\"4\"}")).GetProperty("result");
        Assert.Equal("456", completion.GetProperty("completion").GetProperty("values")[0].GetString());
        Assert.Equal(0, await server.CloseAndWaitAsync());
    }

    [Fact]
    public async Task Serves_a_2025_11_25_client_that_initializes()
    {
        await using var server = ServerProcess.StartQuickStart();
        await server.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"legacy","version":"1"}}}""");
        var init = (await server.ReadAsync()).GetProperty("result");
        Assert.Equal("2025-11-25", init.GetProperty("protocolVersion").GetString());
        Assert.Equal("quickstart", init.GetProperty("serverInfo").GetProperty("name").GetString());
        await server.SendAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        await server.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"message":"old client"}}}""");
        var echo = await server.ReadAsync();
        Assert.Equal(2, echo.GetProperty("id").GetInt32());
        Assert.False(echo.GetProperty("result").TryGetProperty("resultType", out _));
        Assert.Equal("old client", echo.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
        await server.SendAsync("""{"jsonrpc":"2.0","id":3,"method":"ping"}""");
        Assert.Equal("{}", (await server.ReadAsync()).GetProperty("result").GetRawText());
        Assert.Equal(0, await server.CloseAndWaitAsync());
    }

    [Fact]
    public async Task Progress_then_cancellation_over_a_real_pipe()
    {
        await using var server = ServerProcess.StartQuickStart();
        await server.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"countdown\",\"arguments\":{\"seconds\":30},\"_meta\":{\"progressToken\":\"t\",\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}");
        var progress = await server.ReadAsync();
        Assert.Equal("notifications/progress", progress.GetProperty("method").GetString());
        Assert.Equal("t", progress.GetProperty("params").GetProperty("progressToken").GetString());
        await server.SendAsync("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":9}}""");
        var next = await server.RequestAsync(10, "tools/call", "\"name\":\"echo\",\"arguments\":{\"message\":\"still alive\"}");
        Assert.Equal("still alive", next.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
        var started = DateTime.UtcNow;
        Assert.Equal(0, await server.CloseAndWaitAsync());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the cancelled countdown kept the process alive");
    }

    [Fact]
    public async Task SIGTERM_stops_as_closing_stdin_does_answering_requests_in_flight_and_exiting_cleanly()
    {
        await using var server = ServerProcess.StartConformanceServer();
        await server.RequestAsync(1, "server/discover");   // up and serving
        await server.SendAsync("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"slow_compute\",\"arguments\":{\"seconds\":1,\"label\":\"in flight\"}," + ServerProcess.Meta + "}}");
        await Task.Delay(200);

        // The runtime's default would end the process at once (exit code 143) with the call unanswered.
        int exitCode = await server.TerminateAndWaitAsync();
        var answer = await server.ReadAsync();
        Assert.Equal(7, answer.GetProperty("id").GetInt32());
        Assert.Equal("Computed 'in flight' in 1 s.", answer.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Logs_never_reach_stdout_and_garbage_input_is_answered()
    {
        await using var server = ServerProcess.StartQuickStart();
        await server.SendAsync("this is not json");
        var error = await server.ReadAsync();
        Assert.Equal(-32700, error.GetProperty("error").GetProperty("code").GetInt32());
        await server.SendAsync("[]");
        Assert.Equal(-32600, (await server.ReadAsync()).GetProperty("error").GetProperty("code").GetInt32());
        var ok = await server.RequestAsync(1, "tools/call", "\"name\":\"echo\",\"arguments\":{\"message\":\"fine\"}");
        Assert.Equal("fine", ok.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(0, await server.CloseAndWaitAsync());
    }
}
