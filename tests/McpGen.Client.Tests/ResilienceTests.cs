using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGen.Client.Tests;

/// <summary><c>AddMcpResilienceHandler</c>: transient failures are retried only where MCP allows it.</summary>
public sealed class ResilienceTests
{
    [Fact]
    public async Task Reads_and_read_only_tools_are_retried_and_other_tool_calls_never_are()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapMcp<TypedTestServer>("/typed");
        await app.StartAsync();

        var flaky = new FailFirstAttempt();
        var services = new ServiceCollection();
        services.AddHttpClient("mcp")
            .ConfigurePrimaryHttpMessageHandler(() => app.GetTestServer().CreateHandler())
            .AddMcpResilienceHandler(options => options.Retry.Delay = TimeSpan.FromMilliseconds(1))
            .Services.AddHttpClient("mcp").AddHttpMessageHandler(() => flaky);
        await using var provider = services.BuildServiceProvider();
        await using var client = McpClient.Create(provider.GetRequiredService<IHttpClientFactory>().CreateClient("mcp"), new Uri("http://localhost/typed"));

        // server/discover and tools/list: each failed once, then went through.
        var tools = await client.ListAllToolsAsync();
        Assert.Contains(tools, t => t.Name == "evens");

        // A read-only tool is retried.
        var evens = await client.CallToolAsync("evens", new Dictionary<string, JsonElement> { ["upTo"] = JsonSerializer.SerializeToElement(2) });
        Assert.NotNull(evens.StructuredContent);

        // A tool that may have side effects is not: the first failure is the caller's.
        var error = await Assert.ThrowsAsync<McpHttpStatusException>(() => client.CallToolAsync("forget", new Dictionary<string, JsonElement> { ["id"] = JsonSerializer.SerializeToElement("T-1") }).AsTask());
        Assert.Equal(503, error.StatusCode);
        Assert.Equal(1, flaky.Attempts("forget"));
        Assert.Equal(2, flaky.Attempts("evens"));
    }

    [Fact]
    public async Task A_typed_client_retries_the_tools_it_declares_read_only()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapMcp<TypedTestServer>("/typed");
        await app.StartAsync();

        var flaky = new FailFirstAttempt();
        var services = new ServiceCollection();
        services.AddMcpClient<IHelpDesk>(new Uri("http://localhost/typed"))
            .ConfigurePrimaryHttpMessageHandler(() => app.GetTestServer().CreateHandler())
            .AddMcpResilienceHandler(options => options.Retry.Delay = TimeSpan.FromMilliseconds(1))
            .Services.AddHttpClient(McpClientServiceCollectionExtensions.ClientName<IHelpDesk>()).AddHttpMessageHandler(() => flaky);
        await using var provider = services.BuildServiceProvider();
        var desk = provider.GetRequiredService<IHelpDesk>();

        Assert.Equal([0, 2], await desk.EvensAsync(2));
        Assert.Equal(2, flaky.Attempts("evens"));
        var error = await Assert.ThrowsAsync<McpHttpStatusException>(() => desk.ForgetAsync("T-1"));
        Assert.Equal(503, error.StatusCode);
        Assert.Equal(1, flaky.Attempts("forget"));
    }

    /// <summary>Answers 503 to the first attempt of every JSON-RPC request (a retry resends the same id).</summary>
    private sealed class FailFirstAttempt : DelegatingHandler
    {
        private readonly ConcurrentDictionary<string, int> _attempts = new();
        private readonly ConcurrentDictionary<string, int> _byTool = new();

        public int Attempts(string tool) => _byTool.TryGetValue(tool, out int n) ? n : 0;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            using var json = JsonDocument.Parse(body);
            if (!json.RootElement.TryGetProperty("id", out var id))
            {
                return await base.SendAsync(request, cancellationToken);
            }

            if (json.RootElement.GetProperty("method").GetString() == "tools/call")
            {
                _byTool.AddOrUpdate(json.RootElement.GetProperty("params").GetProperty("name").GetString()!, 1, (_, n) => n + 1);
            }

            return _attempts.AddOrUpdate(id.GetRawText(), 1, (_, n) => n + 1) == 1
                ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
                : await base.SendAsync(request, cancellationToken);
        }
    }
}
