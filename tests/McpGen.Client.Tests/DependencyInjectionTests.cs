using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGen.Client.Tests;

/// <summary><c>AddMcpClient&lt;T&gt;</c>: a typed client from dependency injection, sending through IHttpClientFactory.</summary>
public sealed class DependencyInjectionTests : IAsyncLifetime
{
    private WebApplication _server = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapMcp<TypedTestServer>("/typed");
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_registered_client_is_one_per_container_and_each_request_goes_through_the_factorys_handlers()
    {
        int requests = 0;
        var services = new ServiceCollection();
        services.AddMcpClient<IHelpDesk>(new Uri("http://localhost/typed"), options => options.ClientInfo = new() { Name = "di-test", Version = "1.0" })
            .ConfigurePrimaryHttpMessageHandler(() => _server.GetTestServer().CreateHandler())
            .AddHttpMessageHandler(() => new Counter(() => Interlocked.Increment(ref requests)));

        await using (var provider = services.BuildServiceProvider())
        {
            var desk = provider.GetRequiredService<IHelpDesk>();
            Assert.Same(desk, provider.GetRequiredService<IHelpDesk>());

            Assert.Equal(2, await desk.CountAsync(["a", "b"]));
            Assert.Equal(42, (await desk.SearchTicketsAsync("x")).Total);

            // server/discover once, then the two calls: the discover answer is cached by the one client.
            Assert.Equal(3, requests);
        }
    }

    [Fact]
    public void Options_are_named_after_the_interface_so_they_can_be_configured_separately()
    {
        var services = new ServiceCollection();
        services.AddMcpClient<IHelpDesk>(new Uri("http://localhost/typed"));
        services.Configure<McpClientOptions>(McpClientServiceCollectionExtensions.ClientName<IHelpDesk>(), o => o.MaxInputRounds = 3);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<McpClientOptions>>()
            .Get(McpClientServiceCollectionExtensions.ClientName<IHelpDesk>());
        Assert.Equal(3, options.MaxInputRounds);
        Assert.Equal("McpGen.Client:McpGen.Client.Tests.IHelpDesk", McpClientServiceCollectionExtensions.ClientName<IHelpDesk>());
    }

    private sealed class Counter(Action onRequest) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onRequest();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
