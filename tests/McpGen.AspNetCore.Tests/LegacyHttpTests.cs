using System.Net.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using System.Threading.Tasks;

namespace McpGen.AspNetCore.Tests;

/// <summary>2025-11-25 clients on the same endpoint: initialize, then requests naming their revision in the header.</summary>
public sealed class LegacyHttpTests : IAsyncLifetime
{
    private McpTestApp _app = null!;

    public async Task InitializeAsync() => _app = await McpTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static HttpRequestMessage Legacy(string body)
    {
        var request = McpTestApp.Raw(body);
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        return request;
    }

    /// <summary>A request of a client in the session <paramref name="sessionId"/>.</summary>
    private static HttpRequestMessage InSession(string sessionId, string body)
    {
        var request = Legacy(body);
        request.Headers.Add("Mcp-Session-Id", sessionId);
        return request;
    }

    /// <summary>Initializes a client that declared <paramref name="capabilities"/>; returns the session id the server issued.</summary>
    private async Task<string> InitializeAsync(string capabilities)
    {
        using var response = await _app.SendAsync(McpTestApp.Raw("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":" + capabilities + ",\"clientInfo\":{\"name\":\"old\",\"version\":\"1\"}}}"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Mcp-Session-Id"));
    }

    /// <summary>The JSON-RPC response a POST ended with, whether it came as JSON or as the last event of a stream.</summary>
    private static async Task<JsonElement> FinalMessageAsync(HttpResponseMessage response)
    {
        // Bounded: a server that sent the client a request it cannot answer would keep the stream open.
        string body = await response.Content.ReadAsStringAsync().WaitAsync(System.TimeSpan.FromSeconds(10));
        return response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? HttpTransportTests.ParseEvents(body.TrimStart('\n'))[^1]
            : JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Initialize_without_meta_starts_a_legacy_session_whose_id_is_sealed()
    {
        var request = McpTestApp.Raw("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"elicitation":{}},"clientInfo":{"name":"old","version":"1"}}}""");
        using var response = await _app.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        var result = document.RootElement.GetProperty("result");
        Assert.Equal("2025-11-25", result.GetProperty("protocolVersion").GetString());
        Assert.Equal("http-test", result.GetProperty("serverInfo").GetProperty("name").GetString());

        // The id carries the declared capabilities sealed, so any instance reads them back: visible ASCII, no plaintext.
        string sessionId = Assert.Single(response.Headers.GetValues("Mcp-Session-Id"));
        Assert.All(sessionId, c => Assert.InRange(c, '\x21', '\x7E'));
        Assert.DoesNotContain("elicitation", sessionId);
        Assert.NotEqual(sessionId, await InitializeAsync("""{"elicitation":{}}"""));
    }

    [Fact]
    public async Task A_client_that_did_not_declare_elicitation_is_not_asked_and_gets_the_missing_capability()
    {
        string sessionId = await InitializeAsync("{}");
        using var response = await _app.SendAsync(InSession(sessionId, """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"audited","arguments":{}}}"""));
        string body = await response.Content.ReadAsStringAsync().WaitAsync(System.TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("elicitation/create", body);
        var error = (response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? HttpTransportTests.ParseEvents(body.TrimStart('\n'))[^1]
            : JsonDocument.Parse(body).RootElement).GetProperty("error");
        Assert.Equal(-32021, error.GetProperty("code").GetInt32());
        Assert.True(error.GetProperty("data").GetProperty("requiredCapabilities").TryGetProperty("elicitation", out _));
        Assert.Contains("initialize", error.GetProperty("message").GetString());
        Assert.DoesNotContain("_meta", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Without_a_session_the_server_cannot_know_the_capabilities_and_says_so()
    {
        using var response = await _app.SendAsync(Legacy("""{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"audited","arguments":{}}}"""));
        var message = await FinalMessageAsync(response);
        var error = message.GetProperty("error");
        Assert.Equal(-32021, error.GetProperty("code").GetInt32());
        Assert.Contains("Mcp-Session-Id", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("not-a-session")]
    [InlineData("v1.AAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_session_id_this_server_did_not_issue_is_404(string sessionId)
    {
        using var response = await _app.SendAsync(InSession(sessionId, """{"jsonrpc":"2.0","id":5,"method":"tools/list"}"""));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        using var cancel = await _app.SendAsync(InSession(sessionId, """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":5}}"""));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, cancel.StatusCode);
    }

    [Fact]
    public async Task A_session_alone_selects_the_legacy_revision_and_2026_requests_ignore_it()
    {
        string sessionId = await InitializeAsync("{}");
        var request = McpTestApp.Raw("""{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"echo","arguments":{"text":"old"}}}""");
        request.Headers.Add("Mcp-Session-Id", sessionId);
        var legacy = await _app.SendJsonAsync(request);
        Assert.False(legacy.GetProperty("result").TryGetProperty("resultType", out _));

        var modern = _app.Call("echo", """{"text":"new"}""");
        modern.Headers.Add("Mcp-Session-Id", "anything");
        Assert.Equal("complete", (await _app.SendJsonAsync(modern)).GetProperty("result").GetProperty("resultType").GetString());
    }

    [Fact]
    public async Task A_cancel_stops_the_named_request_of_its_own_session_and_no_response_follows()
    {
        string sessionId = await InitializeAsync("{}");
        string label = System.Guid.NewGuid().ToString("N");
        using var response = await _app.SendAsync(InSession(sessionId, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"held\",\"arguments\":{\"label\":\"" + label + "\"},\"_meta\":{\"progressToken\":\"p\"}}}"));
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new System.IO.StreamReader(await response.Content.ReadAsStreamAsync());
        string? line;
        do
        {
            line = await reader.ReadLineAsync().WaitAsync(System.TimeSpan.FromSeconds(10));
        }
        while (line is not null && !line.StartsWith("data: ", System.StringComparison.Ordinal));

        // The handler runs (it reported progress). A cancel naming the same id from another session changes nothing.
        Assert.Contains("notifications/progress", line);
        string otherSession = await InitializeAsync("{}");
        string cancel = """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7,"reason":"user"}}""";
        using (var foreign = await _app.SendAsync(InSession(otherSession, cancel)))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, foreign.StatusCode);
        }

        await Task.Delay(200);
        var cancelled = HttpTestTools.HeldCancelled[label].Task;
        Assert.False(cancelled.IsCompleted);

        using (var own = await _app.SendAsync(InSession(sessionId, cancel)))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, own.StatusCode);
        }

        await cancelled.WaitAsync(System.TimeSpan.FromSeconds(10));
        string rest = await reader.ReadToEndAsync().WaitAsync(System.TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("\"id\":7", rest);
    }

    [Fact]
    public async Task A_session_s_subscriptions_are_delivered_on_its_get_stream_until_unsubscribed()
    {
        var bus = new InProcessMcpEventBus();
        await using var app = await McpTestApp.StartAsync(services => services.AddSingleton<IMcpEventBus>(bus), a => a.MapMcp<NotesTestServer>("/mcp"));
        using var init = await app.SendAsync(McpTestApp.Raw("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"old","version":"1"}}}"""));
        string sessionId = Assert.Single(init.Headers.GetValues("Mcp-Session-Id"));
        Assert.True(JsonDocument.Parse(await init.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetProperty("capabilities").GetProperty("resources").GetProperty("subscribe").GetBoolean());

        // The standing stream: headers at once, events as they come.
        var get = new HttpRequestMessage(HttpMethod.Get, "/mcp");
        get.Headers.Add("Mcp-Session-Id", sessionId);
        get.Headers.Accept.ParseAdd("text/event-stream");
        using var stream = await app.Client.SendAsync(get, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var events = new System.IO.StreamReader(await stream.Content.ReadAsStreamAsync());

        using (var subscribed = await app.SendAsync(InSession(sessionId, """{"jsonrpc":"2.0","id":2,"method":"resources/subscribe","params":{"uri":"notes://a"}}""")))
        {
            Assert.Equal("""{"jsonrpc":"2.0","id":2,"result":{}}""", await subscribed.Content.ReadAsStringAsync());
        }

        await bus.PublishAsync(McpServerEvent.ResourceUpdated("notes://other"));
        await bus.PublishAsync(McpServerEvent.ResourceUpdated("notes://a"));
        string? line;
        do
        {
            line = await events.ReadLineAsync().WaitAsync(System.TimeSpan.FromSeconds(10));
        }
        while (line is not null && !line.StartsWith("data: ", System.StringComparison.Ordinal));

        Assert.Equal("""data: {"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"notes://a"}}""", line);
    }

    [Theory]
    [InlineData("not-a-session", 404)]
    [InlineData(null, 405)]
    public async Task A_get_stream_needs_a_session_this_server_issued(string? sessionId, int status)
    {
        var get = new HttpRequestMessage(HttpMethod.Get, "/mcp");
        get.Headers.Accept.ParseAdd("text/event-stream");
        if (sessionId is not null)
        {
            get.Headers.Add("Mcp-Session-Id", sessionId);
        }

        using var response = await _app.Client.SendAsync(get, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(status, (int)response.StatusCode);
    }

    [Fact]
    public async Task Requests_naming_a_legacy_revision_get_legacy_results()
    {
        var response = await _app.SendJsonAsync(Legacy("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"old"}}}"""));
        var result = response.GetProperty("result");
        Assert.False(result.TryGetProperty("resultType", out _));
        Assert.Equal("old", result.GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("ping", "{}")]
    [InlineData("logging/setLevel", """{"level":"debug"}""")]
    public async Task Legacy_housekeeping_is_acknowledged_with_a_bare_empty_result(string method, string @params)
    {
        var response = await _app.SendJsonAsync(Legacy($$"""{"jsonrpc":"2.0","id":3,"method":"{{method}}","params":{{@params}}}"""));
        Assert.Equal("{}", response.GetProperty("result").GetRawText());
    }

    [Fact]
    public async Task Without_meta_or_a_legacy_header_a_request_is_rejected_naming_both_ways()
    {
        var response = await _app.SendJsonAsync(McpTestApp.Raw("""{"jsonrpc":"2.0","id":4,"method":"tools/list"}"""), 400);
        Assert.Equal(-32602, response.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("initialize", response.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_ask_goes_out_on_the_calls_event_stream_and_the_answer_comes_back_on_its_own_post()
    {
        string sessionId = await InitializeAsync("""{"elicitation":{}}""");
        using var response = await _app.SendAsync(InSession(sessionId, """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"audited","arguments":{}}}"""));
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new System.IO.StreamReader(await response.Content.ReadAsStreamAsync());

        // Events until the server's request: the log entry (legacy clients get Information and above by default), then the ask.
        JsonElement request = default;
        while (request.ValueKind == JsonValueKind.Undefined)
        {
            string? line = await reader.ReadLineAsync().WaitAsync(System.TimeSpan.FromSeconds(10));
            if (line is not null && line.StartsWith("data: ", System.StringComparison.Ordinal))
            {
                var message = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
                if (message.TryGetProperty("id", out _))
                {
                    request = message;
                }
                else
                {
                    Assert.Equal("notifications/message", message.GetProperty("method").GetString());
                }
            }
        }

        Assert.Equal("elicitation/create", request.GetProperty("method").GetString());
        using var answer = await _app.SendAsync(InSession(sessionId, "{\"jsonrpc\":\"2.0\",\"id\":" + request.GetProperty("id").GetRawText() + ",\"result\":{\"action\":\"accept\",\"content\":{\"ok\":true}}}"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, answer.StatusCode);

        var rest = HttpTransportTests.ParseEvents((await reader.ReadToEndAsync()).TrimStart('\n'));
        var result = Assert.Single(rest).GetProperty("result");
        Assert.False(result.TryGetProperty("resultType", out _));
        Assert.Equal("proceeded", result.GetProperty("content")[0].GetProperty("text").GetString());
    }
}
