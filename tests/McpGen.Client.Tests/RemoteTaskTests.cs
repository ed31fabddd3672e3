using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace McpGen.Client.Tests;

/// <summary>An elicitation form of the task tools.</summary>
/// <param name="Ok">Whether to go on.</param>
public sealed record GoOn(bool Ok);

/// <summary>Tools that run as tasks (tasks extension).</summary>
public static class TaskTools
{
    [McpProcessLocal("Test instrumentation: the in-process test host observes the cancellation through it.")]
    public static TaskCompletionSource Cancelled { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Adds slowly, only as a task.</summary>
    [McpTool(TaskSupport = McpTaskSupport.Required, TaskPollIntervalMs = 20)]
    public static async Task<int> SlowSum(int a, int b, CancellationToken cancellationToken)
    {
        await Task.Delay(60, cancellationToken);
        return a + b;
    }

    /// <summary>Asks, from inside its task.</summary>
    [McpTool(TaskSupport = McpTaskSupport.Required, TaskPollIntervalMs = 20)]
    public static async Task<string> AskInTask(McpInput input, CancellationToken cancellationToken)
    {
        var answer = await input.Elicit<GoOn>("go", "Go on?");
        cancellationToken.ThrowIfCancellationRequested();
        return answer.IsAccepted && answer.Content.Ok ? "went on" : "stopped";
    }

    /// <summary>Never ends by itself.</summary>
    [McpTool(TaskSupport = McpTaskSupport.Required, TaskPollIntervalMs = 20)]
    public static async Task<string> Forever(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "never";
        }
        catch (OperationCanceledException)
        {
            Cancelled.TrySetResult();
            throw;
        }
    }

    /// <summary>Fails with a protocol error, only as a task.</summary>
    [McpTool(TaskSupport = McpTaskSupport.Required, TaskPollIntervalMs = 20)]
    public static Task<string> Refuse(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        throw new ModelContextProtocol.McpProtocolException("backend said no", ModelContextProtocol.McpErrorCode.InvalidRequest);
    }
}

[McpServer("task-test", Types = [typeof(TaskTools)])]
public partial class TaskTestServer;

[McpClient]
public partial interface ITaskTools : IAsyncDisposable
{
    [McpRemoteTool]
    Task<int> SlowSumAsync(int a, int b, CancellationToken cancellationToken = default);

    [McpRemoteTool]
    Task<string> AskInTaskAsync(CancellationToken cancellationToken = default);

    [McpRemoteTool]
    Task<string> ForeverAsync(CancellationToken cancellationToken = default);

    [McpRemoteTool]
    Task<string> RefuseAsync();
}

/// <summary>Calls the server turns into tasks are awaited: polled, answered through tasks/update, cancelled with the caller.</summary>
public sealed class RemoteTaskTests : IAsyncLifetime
{
    private static readonly Uri Endpoint = new("http://localhost/tasks");
    private WebApplication _app = null!;
    private readonly List<string> _methods = [];

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapMcp<TaskTestServer>("/tasks");
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private ITaskTools Create(McpClientOptions options) =>
        McpClient.Create<ITaskTools>(new HttpClient(new Recorder(_methods) { InnerHandler = _app.GetTestServer().CreateHandler() }), Endpoint, options);

    private string[] Methods()
    {
        lock (_methods)
        {
            return [.. _methods];
        }
    }

    [Fact]
    public async Task A_call_the_server_makes_a_task_is_polled_until_its_result()
    {
        await using var tools = Create(new McpClientOptions { EnableTasks = true });

        Assert.Equal(5, await tools.SlowSumAsync(2, 3));

        var methods = Methods();
        Assert.Equal(["server/discover", "tools/call"], methods.Take(2));
        Assert.Contains("tasks/get", methods.Skip(2));
        Assert.All(methods.Skip(2), m => Assert.Equal("tasks/get", m));
    }

    [Fact]
    public async Task Input_a_task_asks_for_is_answered_through_tasks_update()
    {
        int asked = 0;
        await using var tools = Create(new McpClientOptions
        {
            EnableTasks = true,
            Elicitation = (request, _) =>
            {
                Interlocked.Increment(ref asked);
                Assert.Equal("Go on?", request.Message);
                return ValueTask.FromResult(new ElicitResult { Action = "accept", Content = new Dictionary<string, System.Text.Json.JsonElement> { ["ok"] = System.Text.Json.JsonSerializer.SerializeToElement(true) } });
            },
        });

        Assert.Equal("went on", await tools.AskInTaskAsync());
        Assert.Equal(1, asked);
        Assert.Contains("tasks/update", Methods());
    }

    [Fact]
    public async Task The_callers_token_cancels_the_remote_task()
    {
        TaskTools.Cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var tools = Create(new McpClientOptions { EnableTasks = true });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tools.ForeverAsync(cts.Token));

        Assert.Contains("tasks/cancel", Methods());
        await TaskTools.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_failed_task_throws_its_json_rpc_error()
    {
        await using var tools = Create(new McpClientOptions { EnableTasks = true });

        var error = await Assert.ThrowsAsync<McpRemoteException>(() => tools.RefuseAsync());
        Assert.Contains("backend said no", error.RemoteMessage);
    }

    [Fact]
    public async Task Without_the_extension_a_task_only_tool_is_refused_with_the_missing_capability()
    {
        await using var tools = Create(new McpClientOptions());

        var error = await Assert.ThrowsAsync<McpRemoteException>(() => tools.SlowSumAsync(1, 1));
        Assert.Equal(-32021, error.Code);
    }

    private sealed class Recorder(List<string> methods) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.TryGetValues("Mcp-Method", out var values))
            {
                lock (methods)
                {
                    methods.Add(values.First());
                }
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
