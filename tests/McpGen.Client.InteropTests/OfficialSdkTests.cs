using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using McpGen.Client.InteropTests.OfficialSdk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.AspNetCore;

namespace McpGen.Client.InteropTests;

/// <summary>The official C# SDK's server (ModelContextProtocol.AspNetCore 2.4.0) on Kestrel at 127.0.0.1, in process.</summary>
internal sealed class OfficialSdkHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OfficialSdkHttpServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<OfficialSdkHttpServer> StartAsync(HttpServerSessionMode mode)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services
            .AddMcpServer()
            .WithHttpTransport(options => options.SessionMode = mode)
            .WithTools<OfficialSdkTools>()
            .WithResources<OfficialSdkResources>()
            .WithPrompts<OfficialSdkPrompts>();
        var app = builder.Build();
        app.MapMcp("/mcp");
        await app.StartAsync();
        return new OfficialSdkHttpServer(app, new Uri(app.Urls.Single() + "/mcp"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>McpGen's client against the official C# SDK's server: HTTP (its three session modes) and stdio, both revisions.</summary>
public sealed class OfficialSdkTests
{
    // The SDK's session mode serves 2026-07-28 only without sessions: a Stateful server refuses server/discover with 400
    // and the client falls back to initialize; StatefulForInitializeClients answers 2026-07-28 statelessly and gives
    // 2025-11-25 clients a session.
    [Theory]
    [InlineData(HttpServerSessionMode.Stateless, "2026-07-28", "2026-07-28", false)]
    [InlineData(HttpServerSessionMode.Stateless, "2025-11-25", "2025-11-25", false)]
    [InlineData(HttpServerSessionMode.Stateful, "2026-07-28", "2025-11-25", true)]
    [InlineData(HttpServerSessionMode.Stateful, "2025-11-25", "2025-11-25", true)]
    [InlineData(HttpServerSessionMode.StatefulForInitializeClients, "2026-07-28", "2026-07-28", false)]
    [InlineData(HttpServerSessionMode.StatefulForInitializeClients, "2025-11-25", "2025-11-25", true)]
    public async Task Untyped_client_over_http(HttpServerSessionMode mode, string requested, string negotiated, bool session)
    {
        await using var server = await OfficialSdkHttpServer.StartAsync(mode);
        using var http = new HttpClient();
        await using var client = McpClient.Create(http, server.Endpoint, InteropScenario.Options(requested));

        await InteropScenario.UntypedAsync(client, negotiated);

        var transport = Assert.IsType<McpHttpClientTransport>(client.Transport);
        Assert.Equal(session, transport.SessionId is not null);
    }

    [Theory]
    [InlineData(HttpServerSessionMode.Stateless, "2026-07-28", "2026-07-28")]
    [InlineData(HttpServerSessionMode.Stateless, "2025-11-25", "2025-11-25")]
    [InlineData(HttpServerSessionMode.Stateful, "2026-07-28", "2025-11-25")]
    [InlineData(HttpServerSessionMode.Stateful, "2025-11-25", "2025-11-25")]
    [InlineData(HttpServerSessionMode.StatefulForInitializeClients, "2026-07-28", "2026-07-28")]
    public async Task Typed_client_over_http(HttpServerSessionMode mode, string requested, string negotiated)
    {
        await using var server = await OfficialSdkHttpServer.StartAsync(mode);
        using var http = new HttpClient();
        await using var client = McpClient.Create(http, server.Endpoint, InteropScenario.Options(requested));

        await InteropScenario.TypedAsync(client.As<IInteropServer>(), client, negotiated);
        await InteropScenario.CancellationAsync(client.As<IInteropServer>());
    }

    [Theory]
    [InlineData(HttpServerSessionMode.Stateless, "2026-07-28")]
    [InlineData(HttpServerSessionMode.Stateful, "2025-11-25")]
    public async Task Progress_notifications_arrive_over_http(HttpServerSessionMode mode, string revision)
    {
        await using var server = await OfficialSdkHttpServer.StartAsync(mode);
        using var http = new HttpClient();
        await InteropScenario.ProgressAsync(options => Task.FromResult(McpClient.Create(http, server.Endpoint, options)), revision);
    }

    [Theory]
    [InlineData("2026-07-28")]
    [InlineData("2025-11-25")]
    public async Task Progress_notifications_arrive_over_stdio(string revision) =>
        await InteropScenario.ProgressAsync(
            options => Task.FromResult(McpClient.CreateStdio(new McpStdioServerOptions { Command = "dotnet", Arguments = [Repo.OfficialSdkStdioServerDll] }, options)),
            revision);

    // The SDK's server.ElicitAsync (confirm) needs a back channel: a 2025-11-25 session or stdio. Without a session
    // ("Elicitation is not supported in stateless mode") a tool asks through an input_required round (confirm_rounds).
    [Theory]
    [InlineData(HttpServerSessionMode.Stateless, "2026-07-28", "confirm_rounds")]
    [InlineData(HttpServerSessionMode.Stateful, "2025-11-25", "confirm")]
    [InlineData(HttpServerSessionMode.StatefulForInitializeClients, "2026-07-28", "confirm_rounds")]
    [InlineData(HttpServerSessionMode.StatefulForInitializeClients, "2025-11-25", "confirm")]
    public async Task Elicitation_is_answered_over_http(HttpServerSessionMode mode, string revision, string tool)
    {
        await using var server = await OfficialSdkHttpServer.StartAsync(mode);
        using var http = new HttpClient();
        await InteropScenario.ElicitationAsync(options => Task.FromResult(McpClient.Create(http, server.Endpoint, options)), revision, tool);
    }

    [Theory]
    [InlineData("2026-07-28", "confirm")]
    [InlineData("2026-07-28", "confirm_rounds")]
    [InlineData("2025-11-25", "confirm")]
    public async Task Elicitation_is_answered_over_stdio(string revision, string tool) =>
        await InteropScenario.ElicitationAsync(
            options => Task.FromResult(McpClient.CreateStdio(new McpStdioServerOptions { Command = "dotnet", Arguments = [Repo.OfficialSdkStdioServerDll] }, options)),
            revision,
            tool);

    [Fact]
    public async Task Default_client_negotiates_2026_07_28_with_server_discover()
    {
        await using var server = await OfficialSdkHttpServer.StartAsync(HttpServerSessionMode.Stateless);
        using var http = new HttpClient();
        await using var desk = McpClient.Create<IInteropServer>(http, server.Endpoint);

        Assert.Equal("hi", await desk.EchoAsync("hi"));
    }

    [Theory]
    [InlineData("2026-07-28")]
    [InlineData("2025-11-25")]
    public async Task Untyped_and_typed_clients_over_stdio(string revision)
    {
        await using var client = McpClient.CreateStdio(
            new McpStdioServerOptions { Command = "dotnet", Arguments = [Repo.OfficialSdkStdioServerDll] },
            InteropScenario.Options(revision));

        await InteropScenario.UntypedAsync(client, revision);
        await InteropScenario.TypedAsync(client.As<IInteropServer>(), client, revision);
        await InteropScenario.CancellationAsync(client.As<IInteropServer>());
    }
}
