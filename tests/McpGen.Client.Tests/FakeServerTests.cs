using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;

namespace McpGen.Client.Tests;

/// <summary>Wire details checked against a scripted server: what a real one would never send, or would hide.</summary>
public sealed class FakeServerTests
{
    private const string Ask = """{"resultType":"input_required","inputRequests":{"ok":{"method":"elicitation/create","params":{"mode":"form","message":"Sure?","requestedSchema":{"type":"object","properties":{"ok":{"type":"boolean"}}}}}},"requestState":"v1.\u002Fopaque\\u00e9+state"}""";

    private static McpClient Client(FakeServerHandler server, McpClientOptions? options = null) =>
        McpClient.Create(new HttpClient(server), new Uri("http://fake/mcp"), options);

    private static McpClientOptions Accepting(int maxRounds = 8) => new()
    {
        MaxInputRounds = maxRounds,
        Elicitation = (_, _) => ValueTask.FromResult(new ElicitResult { Action = "accept", Content = new Dictionary<string, JsonElement> { ["ok"] = JsonSerializer.SerializeToElement(true) } }),
    };

    private static string Method(JsonElement request) => request.GetProperty("method").GetString()!;

    [Fact]
    public async Task The_request_state_is_echoed_byte_for_byte_escapes_included()
    {
        int calls = 0;
        var server = new FakeServerHandler(request => Method(request) switch
        {
            "server/discover" => FakeServerHandler.Result(request, FakeServerHandler.Discover),
            _ => FakeServerHandler.Result(request, ++calls == 1 ? Ask : """{"resultType":"complete","content":[{"type":"text","text":"ok"}]}"""),
        });
        await using var client = Client(server, Accepting());

        var result = await client.CallToolAsync("t");

        Assert.Equal("ok", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        var retry = server.Requests.Last().GetProperty("params");
        Assert.Equal("\"v1.\\u002Fopaque\\\\u00e9+state\"", retry.GetProperty("requestState").GetRawText());
        Assert.Equal("accept", retry.GetProperty("inputResponses").GetProperty("ok").GetProperty("action").GetString());
        Assert.False(server.Requests[1].GetProperty("params").TryGetProperty("requestState", out _));
    }

    [Fact]
    public async Task A_server_that_keeps_asking_is_given_up_on_after_MaxInputRounds()
    {
        var server = new FakeServerHandler(request => FakeServerHandler.Result(request, Method(request) == "server/discover" ? FakeServerHandler.Discover : Ask));
        await using var client = Client(server, Accepting(maxRounds: 3));

        var error = await Assert.ThrowsAsync<McpClientException>(() => client.CallToolAsync("t").AsTask());

        Assert.Contains("3 rounds", error.Message);
        Assert.Equal(4, server.Requests.Count(r => Method(r) == "tools/call"));
    }

    [Fact]
    public async Task An_input_request_without_a_handler_is_a_clear_error()
    {
        var server = new FakeServerHandler(request => FakeServerHandler.Result(request, Method(request) == "server/discover" ? FakeServerHandler.Discover : Ask));
        await using var client = Client(server);

        var error = await Assert.ThrowsAnyAsync<McpClientException>(() => client.CallToolAsync("t").AsTask());

        Assert.Contains("McpClientOptions.Elicitation", error.Message);
    }

    [Fact]
    public async Task An_error_status_without_a_json_rpc_body_names_the_status()
    {
        var server = new FakeServerHandler(_ => new FakeAnswer(502, null));
        await using var client = Client(server, new McpClientOptions { AllowLegacyFallback = false });

        var error = await Assert.ThrowsAsync<McpHttpStatusException>(() => client.ListToolsAsync().AsTask());

        Assert.Equal(502, error.StatusCode);
        Assert.Contains("HTTP 502", error.Message);
    }

    [Fact]
    public async Task A_modern_rejection_of_discover_is_not_mistaken_for_a_legacy_server()
    {
        var server = new FakeServerHandler(request => FakeServerHandler.Error(request, 400, -32020, "Header Mcp-Method does not match"));
        await using var client = Client(server);

        var error = await Assert.ThrowsAsync<McpRemoteException>(() => client.ListToolsAsync().AsTask());

        Assert.Equal(-32020, error.Code);
        Assert.Contains("Header Mcp-Method does not match", error.Message);
        Assert.DoesNotContain(server.Requests, r => Method(r) == "initialize");
    }

    [Fact]
    public async Task An_http_404_without_body_on_discover_falls_back_to_initialize()
    {
        var server = new FakeServerHandler(request => Method(request) switch
        {
            "server/discover" => new FakeAnswer(404, null),
            "initialize" => FakeServerHandler.Result(request, """{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"old","version":"0.9"}}"""),
            "notifications/initialized" => new FakeAnswer(202, null),
            _ => FakeServerHandler.Result(request, """{"tools":[]}"""),
        });
        await using var client = Client(server);

        var tools = await client.ListToolsAsync();

        Assert.Empty(tools.Tools);
        Assert.Equal("2025-06-18", client.ProtocolVersion);
        Assert.Equal(["server/discover", "initialize", "notifications/initialized", "tools/list"], server.Requests.Select(Method).ToArray());
    }

    [Fact]
    public async Task A_server_silent_on_discover_is_taken_for_a_legacy_server_after_the_discovery_timeout()
    {
        var fallback = new FakeServerHandler(request => Method(request) switch
        {
            "initialize" => FakeServerHandler.Result(request, """{"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"quiet","version":"1"}}"""),
            "notifications/initialized" => new FakeAnswer(202, null),
            _ => FakeServerHandler.Result(request, "{}"),
        });
        await using var client = McpClient.Create(new HttpClient(new SilentOnDiscover(fallback)), new Uri("http://fake/mcp"), new McpClientOptions { DiscoveryTimeout = TimeSpan.FromMilliseconds(200) });

        var description = await client.DiscoverAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(description.IsLegacy);
        Assert.Equal("quiet", description.ServerInfo?.Name);
    }

    [Fact]
    public async Task A_throwing_notification_callback_does_not_fail_the_request()
    {
        var server = new FakeServerHandler(request => Method(request) switch
        {
            "server/discover" => FakeServerHandler.Result(request, FakeServerHandler.Discover),
            _ => FakeServerHandler.Result(request, """{"resultType":"complete","tools":[]}"""),
        });
        int calls = 0;
        await using var client = Client(server, new McpClientOptions { Notifications = _ => { calls++; throw new InvalidOperationException("boom"); } });

        // Notifications come on event streams; this fake answers JSON, so the transport's hand-off is called directly.
        byte[] progress = """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":1}}"""u8.ToArray();
        ((IMcpClientPeer)client).OnNotification(progress, McpGen.Client.Internal.JsonRpcMessageParts.Read(progress));
        Assert.Empty((await client.ListToolsAsync()).Tools);
        Assert.Equal(1, calls);
    }

    /// <summary>Never answers server/discover (until the client gives up); passes everything else on.</summary>
    private sealed class SilentOnDiscover(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            if (request.Headers.TryGetValues("Mcp-Method", out var method) && method.Single() == "server/discover")
            {
                await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
