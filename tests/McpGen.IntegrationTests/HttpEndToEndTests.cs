using System.Net;
using System.Text.Json;
using System.Threading.Tasks;

namespace McpGen.IntegrationTests;

/// <summary>The conformance sample as a real Kestrel process over Streamable HTTP.</summary>
public sealed class HttpEndToEndTests
{
    [Fact]
    public async Task Conformance_server_answers_over_http_with_json_event_streams_and_its_card()
    {
        await using var server = await HttpServerProcess.StartAsync("dotnet", Repo.SampleDll("ConformanceServer"));
        await AssertServesAsync(server);
    }

    /// <summary>What every build of the conformance sample (JIT or Native AOT) must do over HTTP.</summary>
    internal static async Task AssertServesAsync(HttpServerProcess server)
    {
        var (status, type, body) = await server.PostAsync("tools/call", "\"name\":\"test_simple_text\"", "test_simple_text");
        Assert.Equal(200, status);
        Assert.Equal("application/json", type);
        using (var document = JsonDocument.Parse(body))
        {
            Assert.Equal("This is a simple text response for testing.", document.RootElement.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
        }

        (status, type, body) = await server.PostAsync("tools/call", "\"name\":\"test_tool_with_progress\"", "test_tool_with_progress", progressToken: "p1");
        Assert.Equal(200, status);
        Assert.Equal("text/event-stream", type);
        Assert.Equal(4, body.Split("event: message\n").Length - 1);
        Assert.Contains("\"progressToken\":\"p1\"", body);
        Assert.Contains("Progress complete", body);

        (status, type, body) = await server.PostAsync("tools/call", "\"name\":\"test_missing_capability\"", "test_missing_capability");
        Assert.Equal(400, status);
        Assert.Contains("-32021", body);

        (status, _, body) = await server.PostAsync("ping");
        Assert.Equal(404, status);
        Assert.Contains("-32601", body);

        using var card = await server.Client.GetAsync("mcp/server-card");
        Assert.Equal(HttpStatusCode.OK, card.StatusCode);
        Assert.Equal("application/mcp-server-card+json", card.Content.Headers.ContentType?.MediaType);
        using var cardDocument = JsonDocument.Parse(await card.Content.ReadAsStringAsync());
        Assert.Equal("mcpgen.conformance/mcpgen-conformance", cardDocument.RootElement.GetProperty("name").GetString());
    }
}
