using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGen.AspNetCore.Tests;

/// <summary>An in-memory ASP.NET Core application serving MCP, and a client that speaks to it.</summary>
internal sealed class McpTestApp : IAsyncDisposable
{
    public const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private readonly WebApplication _app;
    private int _nextId;

    private McpTestApp(WebApplication app, bool kestrel)
    {
        _app = app;
        Client = kestrel
            ? new HttpClient { BaseAddress = new Uri(app.Urls.First()) }
            : app.GetTestClient();
    }

    public HttpClient Client { get; }

    /// <summary>The application's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the application in memory (TestHost), or on real Kestrel at a free loopback port when
    /// <paramref name="kestrel"/> is set: Kestrel checks what TestHost lets through, such as header values.</summary>
    public static async Task<McpTestApp> StartAsync(Action<IServiceCollection>? configureServices = null, Action<WebApplication>? map = null, bool kestrel = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (kestrel)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.Logging.ClearProviders();
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        if (map is null)
        {
            app.MapMcp<HttpTestServer>("/mcp");
        }
        else
        {
            map(app);
        }

        await app.StartAsync();
        return new McpTestApp(app, kestrel);
    }

    /// <summary>A 2026-07-28 request with every header a conforming client sends.</summary>
    public HttpRequestMessage Request(string method, string? paramsWithoutMeta = null, string? name = null, string path = "/mcp")
    {
        int id = Interlocked.Increment(ref _nextId);
        string @params = paramsWithoutMeta is null ? "{" + Meta + "}" : "{" + paramsWithoutMeta + "," + Meta + "}";
        var request = Raw($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":{@params}}}", path);
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", method);
        if (name is not null)
        {
            request.Headers.Add("Mcp-Name", name);
        }

        return request;
    }

    /// <summary>A tools/call request with matching headers.</summary>
    public HttpRequestMessage Call(string tool, string arguments = "{}") =>
        Request("tools/call", $"\"name\":\"{tool}\",\"arguments\":{arguments}", tool);

    /// <summary>A POST of <paramref name="body"/> as JSON, without MCP headers.</summary>
    public static HttpRequestMessage Raw(string body, string path = "/mcp")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default) =>
        Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>Sends and parses a JSON answer, asserting its status.</summary>
    public async Task<JsonElement> SendJsonAsync(HttpRequestMessage request, int expectedStatus = 200)
    {
        using var response = await SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(expectedStatus == (int)response.StatusCode, $"Expected HTTP {expectedStatus}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>Stops the host as <c>SIGTERM</c> would (the host's <c>StopAsync</c>); completes when it has stopped.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
