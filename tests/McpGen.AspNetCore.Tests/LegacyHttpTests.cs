using System.Net.Http;
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

    [Fact]
    public async Task Initialize_without_meta_starts_a_legacy_client_without_a_session()
    {
        var request = McpTestApp.Raw("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"old","version":"1"}}}""");
        using var response = await _app.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
        using var document = JsonDocument.Parse(body);
        var result = document.RootElement.GetProperty("result");
        Assert.Equal("2025-11-25", result.GetProperty("protocolVersion").GetString());
        Assert.Equal("http-test", result.GetProperty("serverInfo").GetProperty("name").GetString());
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
        using var response = await _app.SendAsync(Legacy("""{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"audited","arguments":{}}}"""));
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
        using var answer = await _app.SendAsync(Legacy("{\"jsonrpc\":\"2.0\",\"id\":" + request.GetProperty("id").GetRawText() + ",\"result\":{\"action\":\"accept\",\"content\":{\"ok\":true}}}"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, answer.StatusCode);

        var rest = HttpTransportTests.ParseEvents((await reader.ReadToEndAsync()).TrimStart('\n'));
        var result = Assert.Single(rest).GetProperty("result");
        Assert.False(result.TryGetProperty("resultType", out _));
        Assert.Equal("proceeded", result.GetProperty("content")[0].GetProperty("text").GetString());
    }
}
