using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;

namespace McpGen.Client.Tests;

/// <summary>The client against a real McpGen server over Streamable HTTP, 2026-07-28.</summary>
// The cancellation tests share ClientTestTools.SlowStarted/SlowCancelled: one class at a time.
[Collection(nameof(ClientTestTools.Slow))]
public sealed class HttpClientTests : IAsyncLifetime
{
    private ClientTestApp _app = null!;

    public async Task InitializeAsync() => _app = await ClientTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    [Fact]
    public async Task Discover_describes_the_server_and_the_first_request_carries_the_2026_headers_and_meta()
    {
        await using var client = _app.CreateClient(new McpClientOptions { ClientInfo = new() { Name = "tester", Version = "9.9" } });

        var description = await client.DiscoverAsync();

        Assert.Equal("2026-07-28", description.ProtocolVersion);
        Assert.False(description.IsLegacy);
        Assert.Contains("2026-07-28", description.SupportedVersions);
        Assert.Equal("client-test", description.ServerInfo?.Name);
        Assert.Equal("3.0.0", description.ServerInfo?.Version);
        Assert.Equal("Call echo first.", description.Instructions);
        Assert.NotNull(description.Capabilities.Tools);
        Assert.NotNull(description.Capabilities.Prompts);
        Assert.Equal("2026-07-28", client.ProtocolVersion);

        var discover = Assert.Single(_app.Exchanges);
        Assert.Equal("server/discover", discover.Method);
        Assert.Equal("2026-07-28", discover.Header("MCP-Protocol-Version"));
        Assert.Equal("server/discover", discover.Header("Mcp-Method"));
        Assert.Null(discover.Header("Mcp-Name"));
        Assert.Contains("application/json", discover.Header("Accept"));
        Assert.Contains("text/event-stream", discover.Header("Accept"));
        var meta = discover.Json.GetProperty("params").GetProperty("_meta");
        Assert.Equal("2026-07-28", meta.GetProperty("io.modelcontextprotocol/protocolVersion").GetString());
        Assert.Equal(JsonValueKind.Object, meta.GetProperty("io.modelcontextprotocol/clientCapabilities").ValueKind);
        Assert.Equal("tester", meta.GetProperty("io.modelcontextprotocol/clientInfo").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Lists_and_calls_tools_with_the_name_header()
    {
        await using var client = _app.CreateClient();

        var tools = await client.ListAllToolsAsync();
        Assert.Equal(["add", "confirm", "echo", "fail", "slow", "steps"], tools.Select(t => t.Name).Order().ToArray());

        var result = await client.CallToolAsync("add", new Dictionary<string, JsonElement> { ["a"] = JsonSerializer.SerializeToElement(2), ["b"] = JsonSerializer.SerializeToElement(40) });
        Assert.NotEqual(true, result.IsError);
        Assert.Equal("42", Text(result));

        var call = Assert.Single(_app.Posts("tools/call"));
        Assert.Equal("add", call.Header("Mcp-Name"));
        Assert.Equal("tools/call", call.Header("Mcp-Method"));
        Assert.Equal(2, call.Json.GetProperty("params").GetProperty("arguments").GetProperty("a").GetInt32());
    }

    [Fact]
    public async Task A_name_that_is_not_printable_ascii_travels_base64_in_the_header_and_the_server_accepts_it()
    {
        await using var client = _app.CreateClient();
        var error = await Assert.ThrowsAsync<McpRemoteException>(() => client.CallToolAsync("échec").AsTask());

        // The server compared header and body (no -32020) and then did not find the tool.
        Assert.Equal(-32602, error.Code);
        Assert.Equal("=?base64?" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("échec")) + "?=", Assert.Single(_app.Posts("tools/call")).Header("Mcp-Name"));
    }

    [Fact]
    public async Task The_low_level_contract_writes_params_and_reads_the_raw_result()
    {
        await using var client = _app.CreateClient();

        string echoed = await client.SendRequestAsync(
            "tools/call",
            "echo",
            "hé \"quoted\"",
            static (writer, text) =>
            {
                writer.WriteString("name", "echo");
                writer.WriteStartObject("arguments");
                writer.WriteString("text", text);
                writer.WriteEndObject();
            },
            static json =>
            {
                var view = McpToolResultJson.Read(json);
                view.ThrowIfError("echo");
                return view.Text!;
            });

        Assert.Equal("hé \"quoted\"", echoed);
        var @params = Assert.Single(_app.Posts("tools/call")).Json.GetProperty("params");
        Assert.Equal(["name", "arguments", "_meta"], @params.EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public async Task A_failed_tool_is_a_result_with_isError_and_the_reader_helper_turns_it_into_McpToolException()
    {
        await using var client = _app.CreateClient();

        var result = await client.CallToolAsync("fail");
        Assert.True(result.IsError);
        Assert.Contains("The warehouse is closed today.", Text(result));

        var error = await Assert.ThrowsAsync<McpToolException>(() => client.SendRequestAsync(
            "tools/call", "fail", 0,
            static (w, _) => w.WriteString("name", "fail"),
            static json =>
            {
                McpToolResultJson.Read(json).ThrowIfError("fail");
                return "unreachable";
            }).AsTask());
        Assert.Equal("fail", error.ToolName);
        Assert.Contains("The warehouse is closed today.", error.ErrorText);
        Assert.Contains("\"isError\":true", error.ResultJson);
        Assert.Contains("The warehouse is closed today.", error.Message);
    }

    [Fact]
    public async Task An_unknown_tool_is_a_remote_error_with_the_servers_code_and_message()
    {
        await using var client = _app.CreateClient();

        var error = await Assert.ThrowsAsync<McpRemoteException>(() => client.CallToolAsync("nope").AsTask());

        Assert.Equal(-32602, error.Code);
        Assert.Equal("tools/call", error.Method);
        Assert.Equal("nope", error.Name);
        Assert.Contains("nope", error.RemoteMessage);
        Assert.Contains(error.RemoteMessage, error.Message);
    }

    [Fact]
    public async Task An_elicitation_round_is_answered_by_the_handler_and_the_request_state_goes_back_unchanged()
    {
        var asked = new List<ElicitRequestParams>();
        await using var client = _app.CreateClient(new McpClientOptions
        {
            Elicitation = (request, _) =>
            {
                asked.Add(request);
                return ValueTask.FromResult(new ElicitResult { Action = "accept", Content = new Dictionary<string, JsonElement> { ["ok"] = JsonSerializer.SerializeToElement(true) } });
            },
        });

        var result = await client.CallToolAsync("confirm");

        Assert.Equal("proceeded", Text(result));
        Assert.Equal("Proceed?", Assert.Single(asked).Message);
        var calls = _app.Posts("tools/call").ToArray();
        Assert.Equal(2, calls.Length);
        Assert.True(calls[0].Json.GetProperty("params").GetProperty("_meta").GetProperty("io.modelcontextprotocol/clientCapabilities").TryGetProperty("elicitation", out _));

        using var first = JsonDocument.Parse(calls[0].ResponseBody!);
        var firstResult = first.RootElement.GetProperty("result");
        Assert.Equal("input_required", firstResult.GetProperty("resultType").GetString());
        var retry = calls[1].Json.GetProperty("params");
        Assert.Equal(firstResult.GetProperty("requestState").GetRawText(), retry.GetProperty("requestState").GetRawText());
        Assert.True(retry.GetProperty("inputResponses").GetProperty("confirm").GetProperty("content").GetProperty("ok").GetBoolean());
        Assert.NotEqual(calls[0].Json.GetProperty("id").GetInt64(), calls[1].Json.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Without_an_elicitation_handler_the_capability_is_not_declared_and_the_server_says_what_is_missing()
    {
        await using var client = _app.CreateClient();

        var error = await Assert.ThrowsAsync<McpRemoteException>(() => client.CallToolAsync("confirm").AsTask());

        Assert.Equal(-32021, error.Code);
        Assert.True(error.Data?.GetProperty("requiredCapabilities").TryGetProperty("elicitation", out _));
    }

    [Fact]
    public async Task Progress_notifications_of_an_event_stream_answer_reach_the_callback_before_the_result()
    {
        var notifications = new ConcurrentQueue<McpClientNotification>();
        await using var client = _app.CreateClient(new McpClientOptions { Notifications = notifications.Enqueue });

        var result = await client.CallToolAsync("steps");

        Assert.Equal("done", Text(result));
        var progress = notifications.Where(n => n.Method == "notifications/progress").Select(n => n.Progress!).ToArray();
        Assert.Equal([1f, 2f, 3f], progress.Select(p => p.Progress.Progress).ToArray());
        Assert.Equal("step 2", progress[1].Progress.Message);
        long id = Assert.Single(_app.Posts("tools/call")).Json.GetProperty("id").GetInt64();
        Assert.All(progress, p => Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), p.ProgressToken.ToString()));
    }

    [Fact]
    public async Task Cancelling_a_call_aborts_the_request_and_the_server_stops_the_tool()
    {
        ClientTestTools.SlowStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        ClientTestTools.SlowCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = _app.CreateClient();
        await client.DiscoverAsync();
        using var cancellation = new CancellationTokenSource();

        var call = client.CallToolAsync("slow", cancellationToken: cancellation.Token).AsTask();
        await ClientTestTools.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await ClientTestTools.SlowCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Prompts_resources_and_templates()
    {
        await using var client = _app.CreateClient();

        Assert.Contains((await client.ListPromptsAsync()).Prompts, p => p.Name == "greet");
        var prompt = await client.GetPromptAsync("greet", new Dictionary<string, string> { ["name"] = "Ada" });
        Assert.Equal("Hello, Ada!", Assert.IsType<TextContentBlock>(Assert.Single(prompt.Messages).Content).Text);
        Assert.Equal("greet", Assert.Single(_app.Posts("prompts/get")).Header("Mcp-Name"));

        Assert.Contains((await client.ListResourcesAsync()).Resources, r => r.Uri == "test://welcome");
        Assert.Contains((await client.ListResourceTemplatesAsync()).ResourceTemplates, t => t.UriTemplate == "notes://{id}");
        var read = await client.ReadResourceAsync("notes://7");
        Assert.Equal("note 7", Assert.IsType<TextResourceContents>(Assert.Single(read.Contents)).Text);
        Assert.Equal("notes://7", Assert.Single(_app.Posts("resources/read")).Header("Mcp-Name"));

        var missing = await Assert.ThrowsAsync<McpRemoteException>(() => client.GetPromptAsync("greet").AsTask());
        Assert.Equal(-32602, missing.Code);
    }

    [Fact]
    public async Task Discover_is_cached_for_its_ttl_and_fetched_again_once_stale()
    {
        var clock = new ManualTimeProvider();
        await using var client = _app.CreateClient(new McpClientOptions { TimeProvider = clock });

        var first = await client.DiscoverAsync();
        await client.CallToolAsync("echo", new Dictionary<string, JsonElement> { ["text"] = JsonSerializer.SerializeToElement("x") });
        Assert.Same(first, await client.DiscoverAsync());
        Assert.Single(_app.Posts("server/discover"));
        long ttlMs = JsonDocument.Parse(Assert.Single(_app.Posts("server/discover")).ResponseBody!).RootElement.GetProperty("result").GetProperty("ttlMs").GetInt64();
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMilliseconds(ttlMs), first.Expires);

        clock.Advance(TimeSpan.FromMilliseconds(ttlMs - 1));
        Assert.Same(first, await client.DiscoverAsync());
        clock.Advance(TimeSpan.FromMilliseconds(2));
        var second = await client.DiscoverAsync();

        Assert.NotSame(first, second);
        Assert.Equal(2, _app.Posts("server/discover").Count());
    }

    [Fact]
    public async Task Concurrent_first_requests_share_one_discover()
    {
        await using var client = _app.CreateClient();

        var calls = Enumerable.Range(0, 8).Select(i => client.CallToolAsync("echo", new Dictionary<string, JsonElement> { ["text"] = JsonSerializer.SerializeToElement("n" + i) }).AsTask()).ToArray();
        var results = await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(0, 8).Select(i => "n" + i), results.Select(Text));
        Assert.Single(_app.Posts("server/discover"));
    }

    [Fact]
    public async Task Ping_answers_and_completion_reaches_the_server_in_the_protocols_shape()
    {
        await using var client = _app.CreateClient();

        await client.PingAsync();
        Assert.Single(_app.Posts("server/discover"));
        await client.PingAsync();
        Assert.Equal(2, _app.Posts("server/discover").Count());

        // This server declares no completions, so it does not serve the method.
        var error = await Assert.ThrowsAsync<McpRemoteException>(() => client.CompleteAsync(new PromptReference { Name = "greet" }, "name", "A", new Dictionary<string, string> { ["x"] = "y" }).AsTask());
        Assert.Equal(-32601, error.Code);
        var complete = Assert.Single(_app.Posts("completion/complete")).Json.GetProperty("params");
        Assert.Equal("ref/prompt", complete.GetProperty("ref").GetProperty("type").GetString());
        Assert.Equal("greet", complete.GetProperty("ref").GetProperty("name").GetString());
        Assert.Equal("A", complete.GetProperty("argument").GetProperty("value").GetString());
        Assert.Equal("y", complete.GetProperty("context").GetProperty("arguments").GetProperty("x").GetString());
    }
}
