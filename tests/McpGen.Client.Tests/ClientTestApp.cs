using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGen.Client.Tests;

/// <summary>A McpGen server in memory (TestHost), and clients that reach it through a recording handler.</summary>
internal sealed class ClientTestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ClientTestApp(WebApplication app) => _app = app;

    public static readonly Uri Endpoint = new("http://localhost/mcp");

    /// <summary>Every HTTP exchange the clients made, in order.</summary>
    public List<RecordedExchange> Exchanges { get; } = [];

    public static async Task<ClientTestApp> StartAsync(Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapMcp<ClientTestServer>("/mcp");
        await app.StartAsync();
        return new ClientTestApp(app);
    }

    /// <summary>A client of the server; <paramref name="intercept"/> may answer some requests itself (return null to pass on).</summary>
    public McpClient CreateClient(McpClientOptions? options = null, Func<HttpRequestMessage, string, HttpResponseMessage?>? intercept = null)
    {
        var handler = new RecordingHandler(this, intercept) { InnerHandler = _app.GetTestServer().CreateHandler() };
        return McpClient.Create(new HttpClient(handler), Endpoint, options);
    }

    public IEnumerable<RecordedExchange> Posts(string method) =>
        Exchanges.Where(e => e.HttpMethod == "POST" && e.Method == method);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class RecordingHandler(ClientTestApp app, Func<HttpRequestMessage, string, HttpResponseMessage?>? intercept) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            string? method = null;
            if (body.Length > 0)
            {
                using var document = JsonDocument.Parse(body);
                method = document.RootElement.TryGetProperty("method", out var m) ? m.GetString() : null;
            }

            var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            var exchange = new RecordedExchange(request.Method.Method, method, body, headers);
            lock (app.Exchanges)
            {
                app.Exchanges.Add(exchange);
            }

            var response = intercept?.Invoke(request, body) ?? await base.SendAsync(request, cancellationToken);
            if (response.Content.Headers.ContentType?.MediaType == "application/json")
            {
                // JSON answers are short; keep them for the assertions (event streams must stay streamed).
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                exchange.ResponseBody = await response.Content.ReadAsStringAsync(cancellationToken);
            }

            exchange.Status = (int)response.StatusCode;
            return response;
        }
    }
}

/// <summary>One HTTP request a client sent, and what came back.</summary>
internal sealed record RecordedExchange(string HttpMethod, string? Method, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public string? ResponseBody { get; set; }

    public int Status { get; set; }

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>A server made of a function: answers each POSTed JSON-RPC request with the JSON the function returns.</summary>
internal sealed class FakeServerHandler(Func<JsonElement, FakeAnswer> answer) : HttpMessageHandler
{
    public List<JsonElement> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        if (body.Length == 0)
        {
            return new HttpResponseMessage(HttpStatusCode.MethodNotAllowed);
        }

        var message = JsonDocument.Parse(body).RootElement.Clone();
        lock (Requests)
        {
            Requests.Add(message);
        }

        var (status, json) = answer(message);
        var response = new HttpResponseMessage((HttpStatusCode)status);
        if (json is not null)
        {
            response.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return response;
    }

    /// <summary>A JSON-RPC success response echoing the request's id.</summary>
    public static FakeAnswer Result(JsonElement request, string resultJson) =>
        new(200, $"{{\"jsonrpc\":\"2.0\",\"id\":{request.GetProperty("id").GetRawText()},\"result\":{resultJson}}}");

    /// <summary>A JSON-RPC error response echoing the request's id.</summary>
    public static FakeAnswer Error(JsonElement request, int status, int code, string message) =>
        new(status, $"{{\"jsonrpc\":\"2.0\",\"id\":{request.GetProperty("id").GetRawText()},\"error\":{{\"code\":{code},\"message\":\"{message}\"}}}}");

    public const string Discover = """{"resultType":"complete","supportedVersions":["2026-07-28"],"capabilities":{"tools":{}},"ttlMs":60000,"cacheScope":"public","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"fake","version":"1"}}}""";
}

/// <summary>What <see cref="FakeServerHandler"/> answers: an HTTP status and a body (none when null).</summary>
internal readonly record struct FakeAnswer(int Status, string? Json);

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
