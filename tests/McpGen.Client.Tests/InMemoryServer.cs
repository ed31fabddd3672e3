using System;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace McpGen.Client.Tests;

/// <summary>A McpGen server mapped at one path of an in-memory host (TestHost): what most client tests call.</summary>
internal sealed class InMemoryServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InMemoryServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The MCP endpoint, e.g. <c>http://localhost/typed</c>.</summary>
    public Uri Endpoint { get; }

    public static async Task<InMemoryServer> StartAsync<TServer>(string path)
        where TServer : IMcpServer
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapMcp<TServer>(path);
        await app.StartAsync();
        return new InMemoryServer(app, new Uri("http://localhost" + path));
    }

    /// <summary>A handler that reaches the server in memory.</summary>
    public HttpMessageHandler CreateHandler() => _app.GetTestServer().CreateHandler();

    /// <summary>An <see cref="HttpClient"/> through <paramref name="handler"/> (a recording or failing one) to the server.</summary>
    public HttpClient CreateHttpClient(DelegatingHandler? handler = null)
    {
        if (handler is null)
        {
            return new HttpClient(CreateHandler());
        }

        handler.InnerHandler = CreateHandler();
        return new HttpClient(handler);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
