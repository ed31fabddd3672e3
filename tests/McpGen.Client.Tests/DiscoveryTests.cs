using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace McpGen.Client.Tests;

/// <summary>Discovery from a domain: AI catalog, server cards, endpoint; then a typed client of what was found.</summary>
public sealed class DiscoveryTests
{
    [Fact]
    public async Task A_domain_catalog_leads_to_the_card_the_endpoint_and_a_working_client()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapMcp<TypedTestServer>("/typed");
        await app.StartAsync();
        var http = new HttpClient(app.GetTestServer().CreateHandler());

        var servers = await McpServerDiscovery.DiscoverAsync(new Uri("http://localhost/anything"), http);

        var server = Assert.Single(servers);
        Assert.Equal("typed-test", server.DisplayName);
        Assert.Equal("1.0.0", server.Version);
        Assert.Equal(new Uri("http://localhost/typed/server-card"), server.CardUrl);
        var endpoint = server.GetEndpoint();
        Assert.Equal(new Uri("http://localhost/typed"), endpoint);

        await using var desk = McpClient.Create<IHelpDesk>(http, endpoint);
        Assert.Equal(2, await desk.CountAsync(["a", "b"]));
    }

    [Fact]
    public async Task Inline_cards_templated_remotes_and_required_headers_are_read()
    {
        const string catalog = """
            {"specVersion":"draft","entries":[
              {"identifier":"urn:air:example.com:other","type":"application/other","url":"https://example.com/x"},
              {"identifier":"urn:air:example.com:mcp:weather","type":"application/mcp-server-card+json","data":{
                "$schema":"https://static.modelcontextprotocol.io/schemas/v1/server-card.schema.json",
                "name":"com.example/weather","version":"2.1.0","description":"Weather.","title":"Weather",
                "remotes":[{"type":"streamable-http","url":"https://{tenant}.example.com/mcp",
                  "headers":[{"name":"Authorization","isRequired":true,"isSecret":true,"value":"Bearer {token}"}],
                  "variables":{"tenant":{"isRequired":true,"default":"default"}},
                  "supportedProtocolVersions":["2025-11-25","2026-07-28"]}]}}]}
            """;
        var http = new HttpClient(new Canned(catalog));

        var server = Assert.Single(await McpServerDiscovery.DiscoverAsync(new Uri("https://example.com"), http));

        Assert.Equal("urn:air:example.com:mcp:weather", server.Identifier);
        Assert.Null(server.CardUrl);
        var remote = Assert.Single(server.Remotes);
        Assert.Equal(["2025-11-25", "2026-07-28"], remote.SupportedProtocolVersions);
        var header = Assert.Single(remote.Headers);
        Assert.True(header.IsRequired && header.IsSecret);
        Assert.Equal("Authorization", header.Name);
        Assert.Equal(new Uri("https://default.example.com/mcp"), server.GetEndpoint());
        Assert.Equal(new Uri("https://contoso.example.com/mcp"), server.GetEndpoint(new Dictionary<string, string> { ["tenant"] = "contoso" }));
    }

    [Fact]
    public async Task A_missing_catalog_names_the_url_and_the_status()
    {
        var http = new HttpClient(new Canned(null));
        var error = await Assert.ThrowsAsync<McpClientException>(() => McpServerDiscovery.DiscoverAsync(new Uri("https://example.com"), http));
        Assert.Equal("Fetching the AI catalog at https://example.com/.well-known/ai-catalog.json answered HTTP 404.", error.Message);
    }

    private sealed class Canned(string? catalog) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(catalog is not null && request.RequestUri!.AbsolutePath == "/.well-known/ai-catalog.json"
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(catalog, Encoding.UTF8, "application/ai-catalog+json") }
                : new HttpResponseMessage(HttpStatusCode.NotFound));
    }
}
