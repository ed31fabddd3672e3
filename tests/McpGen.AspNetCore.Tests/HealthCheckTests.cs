using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace McpGen.AspNetCore.Tests;

/// <summary><c>AddMcpHealthChecks</c> and <c>MapMcpHealthChecks</c>: readiness from the task store, the event bus and draining; liveness from the process.</summary>
public sealed class HealthCheckTests
{
    private static Task<McpTestApp> StartAsync(Action<IServiceCollection>? configure = null) =>
        McpTestApp.StartAsync(
            services =>
            {
                services.AddHealthChecks().AddMcpHealthChecks();
                configure?.Invoke(services);
            },
            app =>
            {
                app.MapMcp<HttpTestServer>("/mcp");
                app.MapMcpHealthChecks();
            });

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(McpTestApp app, string path)
    {
        using var response = await app.Client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_instance_whose_dependencies_answer_is_live_and_ready()
    {
        await using var app = await StartAsync();

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(app, "/healthz/live"));
        Assert.Equal((HttpStatusCode.OK, "Healthy\n"), await GetAsync(app, "/healthz/ready"));
    }

    [Fact]
    public async Task A_task_store_that_does_not_answer_makes_the_instance_not_ready_but_still_live()
    {
        await using var app = await StartAsync(services => services.AddSingleton<IMcpTaskStore>(new UnreachableStore()));

        var (status, body) = await GetAsync(app, "/healthz/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy\nmcp-task-store: The task store does not answer: Redis is not connected.\n", body);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/healthz/live")).Status);
    }

    [Fact]
    public async Task A_probe_that_reports_a_problem_names_it()
    {
        await using var app = await StartAsync(services =>
        {
            services.AddSingleton<IMcpTaskStore>(new ProbedStore("The Redis task store does not answer: Redis did not answer within 2 s."));
            services.AddSingleton<IMcpEventBus>(new ProbedBus("The Redis event bus is not connected: notifications do not reach other instances."));
        });

        var (status, body) = await GetAsync(app, "/healthz/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(
            "Unhealthy\nmcp-event-bus: The Redis event bus is not connected: notifications do not reach other instances.\n"
            + "mcp-task-store: The Redis task store does not answer: Redis did not answer within 2 s.\n",
            body);
    }

    [Fact]
    public async Task A_stopping_instance_is_not_ready_so_the_balancer_drains_it()
    {
        await using var app = await StartAsync();

        app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var (status, body) = await GetAsync(app, "/healthz/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith("Unhealthy\nmcp-draining: This instance is stopping", body);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/healthz/live")).Status);
    }

    [Fact]
    public async Task With_a_drain_delay_a_stopping_instance_is_not_ready_but_keeps_serving_then_ends_its_listen_streams()
    {
        var app = await McpTestApp.StartAsync(
            services =>
            {
                services.AddHealthChecks().AddMcpHealthChecks();
                services.Configure<McpHttpOptions>(o => o.DrainDelay = TimeSpan.FromSeconds(2));
            },
            a =>
            {
                a.MapMcp<HttpTestServer>("/mcp");
                a.MapMcpHealthChecks();
            },
            kestrel: true);
        using var listen = await app.SendAsync(app.Request("subscriptions/listen", "\"notifications\":{\"toolsListChanged\":true}"));
        using var stream = new System.IO.StreamReader(await listen.Content.ReadAsStreamAsync());
        Assert.Contains("acknowledged", await ReadEventAsync(stream));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var stopped = app.StopAsync();
        await Task.Delay(200);

        // During the delay: readiness says 503, the MCP endpoint answers as usual, the listen stream stays open.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(app, "/healthz/ready")).Status);
        var echo = await app.SendJsonAsync(app.Call("echo", "{\"text\":\"still here\"}"));
        Assert.Equal("still here", echo.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.False(stopped.IsCompleted);

        // After it: the stream ends with its final result, and the host stops.
        string last = await ReadEventAsync(stream);
        Assert.Contains("\"resultType\":\"complete\"", last);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"the stream ended after {clock.Elapsed}, before the drain delay");
        await stopped.WaitAsync(TimeSpan.FromSeconds(10));
        await app.DisposeAsync();
    }

    /// <summary>The data line of the next SSE event (keep-alive comments skipped).</summary>
    private static async Task<string> ReadEventAsync(System.IO.StreamReader stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await stream.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line;
            }
        }

        return "(end of stream)";
    }

    private sealed class UnreachableStore : IMcpTaskStore
    {
        public Task<McpTaskCreation> CreateAsync(McpTaskRecord task, McpTaskLimits limits, CancellationToken cancellationToken) => throw Down();

        public Task<McpTaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken) => throw Down();

        public Task<bool> TryReplaceAsync(McpTaskRecord task, long expectedVersion, CancellationToken cancellationToken) => throw Down();

        public Task<IReadOnlyList<string>> FindLapsedLeasesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) => throw Down();

        private static McpTaskStoreUnavailableException Down() => new("Redis is not connected.");
    }

    private sealed class ProbedStore(string problem) : IMcpTaskStore, IMcpDependencyProbe
    {
        private readonly InMemoryMcpTaskStore _inner = new();

        public ValueTask<string?> ProbeAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(problem);

        public Task<McpTaskCreation> CreateAsync(McpTaskRecord task, McpTaskLimits limits, CancellationToken cancellationToken) => _inner.CreateAsync(task, limits, cancellationToken);

        public Task<McpTaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken) => _inner.GetAsync(taskId, cancellationToken);

        public Task<bool> TryReplaceAsync(McpTaskRecord task, long expectedVersion, CancellationToken cancellationToken) => _inner.TryReplaceAsync(task, expectedVersion, cancellationToken);

        public Task<IReadOnlyList<string>> FindLapsedLeasesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) => _inner.FindLapsedLeasesAsync(now, limit, cancellationToken);
    }

    private sealed class ProbedBus(string problem) : IMcpEventBus, IMcpDependencyProbe
    {
        public ValueTask<string?> ProbeAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(problem);

        public ValueTask PublishAsync(McpServerEvent serverEvent, CancellationToken cancellationToken = default) => default;

        public IDisposable Subscribe(Action<McpServerEvent> handler) => new Subscription();

        private sealed class Subscription : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
