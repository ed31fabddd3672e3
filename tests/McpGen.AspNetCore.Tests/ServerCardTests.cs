using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace McpGen.AspNetCore.Tests;

/// <summary>The compile-time server card and the AI catalog, as served.</summary>
public sealed class ServerCardTests : IAsyncLifetime
{
    private static readonly JsonSchemaValidator s_cardSchema =
        JsonSchemaValidator.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "spec", "server-card.schema.json")));

    private McpTestApp _app = null!;

    public async Task InitializeAsync() => _app = await McpTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<(HttpResponseMessage Response, JsonElement Card)> GetCardAsync()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/mcp/server-card");
        request.Headers.Accept.ParseAdd("application/mcp-server-card+json");
        var response = await _app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response, document.RootElement.Clone());
    }

    [Fact]
    public async Task The_card_is_served_with_its_media_type_caching_and_cors()
    {
        var (response, _) = await GetCardAsync();
        Assert.Equal("application/mcp-server-card+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("GET", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Contains("If-None-Match", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Equal("ETag", response.Headers.GetValues("Access-Control-Expose-Headers").Single());
    }

    [Fact]
    public async Task The_etag_is_the_content_hash_and_revalidation_gets_304()
    {
        var (response, _) = await GetCardAsync();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(McpDiscoveryEndpoints.ETagOf(bytes), response.Headers.ETag!.Tag);
        Assert.Equal(HttpTestServer.Definition.ServerCard!.ETag, response.Headers.ETag.Tag);

        var revalidate = new HttpRequestMessage(HttpMethod.Get, "/mcp/server-card");
        revalidate.Headers.TryAddWithoutValidation("If-None-Match", "\"other\", " + response.Headers.ETag.Tag);
        using var notModified = await _app.Client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        var stale = new HttpRequestMessage(HttpMethod.Get, "/mcp/server-card");
        stale.Headers.TryAddWithoutValidation("If-None-Match", "\"other\"");
        using var changed = await _app.Client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
    }

    [Fact]
    public async Task The_card_is_valid_against_the_server_card_schema()
    {
        var (_, card) = await GetCardAsync();
        Assert.Empty(s_cardSchema.Validate(card, "#/$defs/ServerCard"));
    }

    [Fact]
    public async Task The_card_carries_the_declarations()
    {
        var (_, card) = await GetCardAsync();
        Assert.Equal("https://static.modelcontextprotocol.io/schemas/v1/server-card.schema.json", card.GetProperty("$schema").GetString());
        Assert.Equal("com.example/http-test", card.GetProperty("name").GetString());
        Assert.Equal("https://example.com/http-test", card.GetProperty("websiteUrl").GetString());
        var icons = card.GetProperty("icons");
        Assert.Equal(2, icons.GetArrayLength());
        Assert.Equal(["48x48"], icons[0].GetProperty("sizes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("dark", icons[1].GetProperty("theme").GetString());
        var remotes = card.GetProperty("remotes");
        Assert.Equal(["https://mcp.example.com/mcp", "https://{tenant}.example.com/mcp"], remotes.EnumerateArray().Select(r => r.GetProperty("url").GetString()));
        Assert.All(remotes.EnumerateArray(), r => Assert.Equal("streamable-http", r.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task The_card_agrees_with_server_discover()
    {
        var (_, card) = await GetCardAsync();
        var discover = (await _app.SendJsonAsync(_app.Request("server/discover"))).GetProperty("result");
        var serverInfo = discover.GetProperty("_meta").GetProperty("io.modelcontextprotocol/serverInfo");

        Assert.EndsWith("/" + serverInfo.GetProperty("name").GetString(), card.GetProperty("name").GetString());
        Assert.Equal(serverInfo.GetProperty("version").GetString(), card.GetProperty("version").GetString());
        Assert.Equal(serverInfo.GetProperty("title").GetString(), card.GetProperty("title").GetString());
        Assert.Equal(serverInfo.GetProperty("websiteUrl").GetString(), card.GetProperty("websiteUrl").GetString());
        Assert.Equal(serverInfo.GetProperty("icons").GetRawText(), card.GetProperty("icons").GetRawText());
        Assert.StartsWith(serverInfo.GetProperty("description").GetString()!.TrimEnd('.'), card.GetProperty("description").GetString()!.TrimEnd('.', '…'));

        var discovered = discover.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()).ToArray();
        foreach (var remote in card.GetProperty("remotes").EnumerateArray())
        {
            var advertised = remote.GetProperty("supportedProtocolVersions").EnumerateArray().Select(v => v.GetString()).ToArray();
            Assert.Superset(discovered.ToHashSet(), advertised.ToHashSet());
        }
    }

    [Fact]
    public async Task Every_revision_the_card_advertises_is_served_over_http()
    {
        var (_, card) = await GetCardAsync();
        foreach (var version in card.GetProperty("remotes")[0].GetProperty("supportedProtocolVersions").EnumerateArray().Select(v => v.GetString()!))
        {
            HttpRequestMessage request;
            if (version == "2026-07-28")
            {
                request = _app.Call("echo", """{"text":"v"}""");
            }
            else
            {
                request = McpTestApp.Raw("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"v"}}}""");
                request.Headers.Add("MCP-Protocol-Version", version);
            }

            var response = await _app.SendJsonAsync(request);
            Assert.Equal("v", response.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
        }
    }

    [Fact]
    public async Task The_ai_catalog_lists_the_card_by_absolute_url()
    {
        using var response = await _app.Client.GetAsync("/.well-known/ai-catalog.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ai-catalog+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var entry = Assert.Single(document.RootElement.GetProperty("entries").EnumerateArray());
        Assert.Equal("urn:air:example.com:http-test", entry.GetProperty("identifier").GetString());
        Assert.Equal("application/mcp-server-card+json", entry.GetProperty("type").GetString());
        Assert.Equal("HTTP test server", entry.GetProperty("displayName").GetString());
        var url = new Uri(entry.GetProperty("url").GetString()!);
        Assert.True(url.IsAbsoluteUri);
        Assert.Equal("/mcp/server-card", url.AbsolutePath);
        using var card = await _app.Client.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, card.StatusCode);
    }

    [Fact]
    public async Task Two_servers_share_one_catalog()
    {
        await using var app = await McpTestApp.StartAsync(map: a =>
        {
            a.MapMcp<HttpTestServer>("/one");
            a.MapMcp<HttpTestServer>("/two/mcp");
        });
        using var response = await app.Client.GetAsync("/.well-known/ai-catalog.json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var urls = document.RootElement.GetProperty("entries").EnumerateArray().Select(e => new Uri(e.GetProperty("url").GetString()!).AbsolutePath);
        Assert.Equal(["/one/server-card", "/two/mcp/server-card"], urls);
    }

    [Fact]
    public async Task Preflight_requests_are_answered_for_browser_clients()
    {
        using var response = await _app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/mcp/server-card"));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task The_card_can_be_turned_off()
    {
        await using var app = await McpTestApp.StartAsync(services => Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.Configure<McpHttpOptions>(services, o => o.ServeServerCard = false));
        using var response = await app.Client.GetAsync("/mcp/server-card");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Conventions_on_the_returned_builder_apply_to_mcp_requests_but_not_to_the_public_card()
    {
        await using var app = await McpTestApp.StartAsync(map: a =>
        {
            a.Use(async (context, next) =>
            {
                if (context.GetEndpoint()?.Metadata.GetMetadata<ProtectedMarker>() is not null)
                {
                    context.Response.Headers["X-Protected"] = "yes";
                }

                await next(context);
            });
            a.MapMcp<HttpTestServer>("/mcp").WithMetadata(new ProtectedMarker());
        });

        using var call = await app.SendAsync(app.Call("echo", """{"text":"x"}"""));
        Assert.Equal("yes", call.Headers.GetValues("X-Protected").Single());
        using var card = await app.Client.GetAsync("/mcp/server-card");
        Assert.Equal(HttpStatusCode.OK, card.StatusCode);
        Assert.False(card.Headers.Contains("X-Protected"));
    }

    private sealed class ProtectedMarker;
}
