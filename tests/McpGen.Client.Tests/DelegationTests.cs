using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;

namespace McpGen.Client.Tests;

/// <summary>The child agent's tools: task tools that count their runs and can be held mid-way.</summary>
public static class ChildAgentTools
{
    [McpProcessLocal("Test instrumentation: counts runs per key across the in-process servers.")]
    public static ConcurrentDictionary<string, int> Runs { get; } = new();

    [McpProcessLocal("Test instrumentation: a run of Find waits for the gate of its query when there is one.")]
    public static ConcurrentDictionary<string, TaskCompletionSource> Gates { get; } = new();

    [McpProcessLocal("Test instrumentation: completes when a run of Find for the key started.")]
    public static ConcurrentDictionary<string, TaskCompletionSource> Started { get; } = new();

    [McpProcessLocal("Test instrumentation: completes when a run of Find for the key was cancelled.")]
    public static ConcurrentDictionary<string, TaskCompletionSource> Cancelled { get; } = new();

    public static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> map, string key) =>
        map.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Finds hits for a query (idempotent).</summary>
    /// <param name="query">The query.</param>
    [McpTool(TaskSupport = McpTaskSupport.Required, TaskPollIntervalMs = 20, Idempotent = true)]
    public static async Task<string> Find(string query, CancellationToken cancellationToken)
    {
        Runs.AddOrUpdate("find:" + query, 1, (_, n) => n + 1);
        Signal(Started, query).TrySetResult();
        try
        {
            if (Gates.TryGetValue(query, out var gate))
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            await Task.Delay(10, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Signal(Cancelled, query).TrySetResult();
            throw;
        }

        return "hits for " + query;
    }

    /// <summary>Charges an account (not idempotent).</summary>
    /// <param name="account">The account.</param>
    /// <param name="cents">How much.</param>
    [McpTool(TaskSupport = McpTaskSupport.Required, TaskPollIntervalMs = 20)]
    public static async Task<string> Charge(string account, int cents, CancellationToken cancellationToken)
    {
        int run = Runs.AddOrUpdate("charge:" + account, 1, (_, n) => n + 1);
        await Task.Delay(10, cancellationToken);
        if (account.StartsWith("broken", StringComparison.Ordinal))
        {
            throw new McpProtocolException($"the ledger refused charge {run}", McpErrorCode.InternalError);
        }

        return $"charged {cents} to {account}";
    }

    /// <summary>Fails its first run for a key, then succeeds (idempotent).</summary>
    /// <param name="key">The key.</param>
    [McpTool(TaskSupport = McpTaskSupport.Required, TaskPollIntervalMs = 20, Idempotent = true)]
    public static async Task<string> Flaky(string key, CancellationToken cancellationToken)
    {
        int run = Runs.AddOrUpdate("flaky:" + key, 1, (_, n) => n + 1);
        await Task.Delay(10, cancellationToken);
        return run == 1 ? throw new McpProtocolException("the index was rebuilding", McpErrorCode.InternalError) : "flaky ok after " + run;
    }

    /// <summary>Looks something up; its task and result are kept for half a second only.</summary>
    /// <param name="what">What to look up.</param>
    [McpTool(TaskSupport = McpTaskSupport.Required, TaskPollIntervalMs = 20, TaskTimeToLiveMs = 500)]
    public static async Task<string> Lookup(string what, CancellationToken cancellationToken)
    {
        Runs.AddOrUpdate("lookup:" + what, 1, (_, n) => n + 1);
        await Signal(Gates, what).Task.WaitAsync(cancellationToken);
        return "found " + what;
    }

    /// <summary>Publishes once approved, asking within the call (no task): an input round of the request itself.</summary>
    /// <param name="what">What to publish.</param>
    [McpTool]
    public static async Task<string> Publish(string what, McpInput input, CancellationToken cancellationToken)
    {
        var answer = await input.Elicit<Confirmation>("approve", "Publish " + what + "?");
        cancellationToken.ThrowIfCancellationRequested();
        if (!answer.IsAccepted || !answer.Content.Ok)
        {
            return what + " not published";
        }

        Runs.AddOrUpdate("publish:" + what, 1, (_, n) => n + 1);
        return what + " published";
    }

    /// <summary>Asks for a confirmation from inside its task.</summary>
    /// <param name="what">What to confirm.</param>
    [McpTool(TaskSupport = McpTaskSupport.Required, TaskPollIntervalMs = 20)]
    public static async Task<string> Confirm(string what, McpInput input, CancellationToken cancellationToken)
    {
        var answer = await input.Elicit<Confirmation>("ok", "Confirm " + what + "?");
        cancellationToken.ThrowIfCancellationRequested();
        return answer.IsAccepted && answer.Content.Ok ? what + " confirmed" : what + " declined";
    }
}

[McpServer("child-agent", Types = [typeof(ChildAgentTools)])]
public partial class ChildAgentServer;

[McpClient]
public partial interface IChildAgent
{
    [McpRemoteTool]
    Task<string> FindAsync(string query, CancellationToken cancellationToken = default);

    [McpRemoteTool]
    Task<string> ChargeAsync(string account, int cents, CancellationToken cancellationToken = default);

    [McpRemoteTool]
    Task<string> FlakyAsync(string key, CancellationToken cancellationToken = default);

    [McpRemoteTool]
    Task<string> ConfirmAsync(string what, CancellationToken cancellationToken = default);

    [McpRemoteTool]
    Task<string> LookupAsync(string what, CancellationToken cancellationToken = default);

    [McpRemoteTool]
    Task<string> PublishAsync(string what, CancellationToken cancellationToken = default);
}

/// <summary>The parent agent: task tools whose runs delegate to the child agent.</summary>
public static class ParentAgentTools
{
    /// <summary>Finds, then charges: two dependent links.</summary>
    /// <param name="question">The question.</param>
    /// <param name="account">Who pays.</param>
    [McpTool(TaskSupport = McpTaskSupport.Required, TaskPollIntervalMs = 20)]
    public static async Task<string> Research(string question, string account, IChildAgent child, CancellationToken cancellationToken)
    {
        string hits = await child.FindAsync(question, cancellationToken);
        string charged = await child.ChargeAsync(account, hits.Length, cancellationToken);
        return hits + " | " + charged;
    }

    /// <summary>Calls the flaky tool.</summary>
    /// <param name="key">The key.</param>
    [McpTool(TaskSupport = McpTaskSupport.Required, TaskPollIntervalMs = 20)]
    public static Task<string> Retrying(string key, IChildAgent child, CancellationToken cancellationToken) =>
        child.FlakyAsync(key, cancellationToken);

    /// <summary>Looks up through the child, whose result is kept briefly.</summary>
    /// <param name="what">What to look up.</param>
    [McpTool(TaskSupport = McpTaskSupport.Required, TaskPollIntervalMs = 20)]
    public static Task<string> Investigate(string what, IChildAgent child, CancellationToken cancellationToken) =>
        child.LookupAsync(what, cancellationToken);

    /// <summary>Publishes through the child, which asks within its call.</summary>
    /// <param name="what">What to publish.</param>
    [McpTool(TaskSupport = McpTaskSupport.Required, TaskPollIntervalMs = 20)]
    public static Task<string> Release(string what, IChildAgent child, CancellationToken cancellationToken) =>
        child.PublishAsync(what, cancellationToken);

    /// <summary>Needs the child's confirmation.</summary>
    /// <param name="what">What to confirm.</param>
    [McpTool(TaskSupport = McpTaskSupport.Required, TaskPollIntervalMs = 20)]
    public static Task<string> Deploy(string what, IChildAgent child, CancellationToken cancellationToken) =>
        child.ConfirmAsync(what, cancellationToken);
}

[McpServer("parent-agent", Types = [typeof(ParentAgentTools)])]
public partial class ParentAgentServer;

[McpClient]
public partial interface IParentAgent
{
    [McpRemoteTool]
    Task<string> ResearchAsync(string question, string account, CancellationToken cancellationToken = default);

    [McpRemoteTool]
    Task<string> RetryingAsync(string key, CancellationToken cancellationToken = default);

    [McpRemoteTool]
    Task<string> DeployAsync(string what, CancellationToken cancellationToken = default);

    [McpRemoteTool]
    Task<string> InvestigateAsync(string what, CancellationToken cancellationToken = default);

    [McpRemoteTool]
    Task<string> ReleaseAsync(string what, CancellationToken cancellationToken = default);
}

/// <summary>
/// Agent-to-agent delegation in memory: a parent agent's task runs call a child agent's task tools through a typed
/// client, and each call becomes a durable link of the parent task (docs/delegation.md).
/// </summary>
public sealed class DelegationTests : IAsyncLifetime
{
    private static readonly Uri ChildEndpoint = new("http://child/mcp");
    private static readonly Uri ParentEndpoint = new("http://parent/mcp");
    private readonly InMemoryMcpTaskStore _parentStore = new();
    private readonly List<string> _childBodies = [];
    private readonly RecordingAuditSink _audit = new();
    private readonly List<string?> _subjects = [];

    /// <summary>How many more tasks/get requests to the child fail as if its server were unreachable.</summary>
    private int _failingPolls;
    private WebApplication _child = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        _child = builder.Build();
        _child.MapMcp<ChildAgentServer>("/mcp");
        await _child.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _child.StopAsync();
        await _child.DisposeAsync();
    }

    /// <summary>An instance of the parent agent: its own host, the shared task store, a typed client of the child.</summary>
    private async Task<WebApplication> StartParentAsync(TimeSpan? lease = null, bool keepCallerToken = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IMcpTaskStore>(_parentStore);
        builder.Services.AddSingleton<IMcpAuditSink>(_audit);
        builder.Services.Configure<McpServerOptions>(o =>
        {
            o.Tasks.LeaseDuration = lease ?? TimeSpan.FromSeconds(30);
            o.Tasks.KeepCallerToken = keepCallerToken;
        });
        if (keepCallerToken)
        {
            builder.Services.AddAuthentication(TestBearer.Scheme).AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TestBearer>(TestBearer.Scheme, null);
        }

        builder.Services.AddMcpClient<IChildAgent>(ChildEndpoint, o => o.Delegation.RetryDelay = TimeSpan.FromMilliseconds(20))
            .ConfigurePrimaryHttpMessageHandler(() => new BodyRecorder(_childBodies) { InnerHandler = _child.GetTestServer().CreateHandler() })
            .AddHttpMessageHandler(() => new SubjectRecorder(_subjects))
            .AddHttpMessageHandler(() => new PollOutage(this));
        var app = builder.Build();
        app.MapMcp<ParentAgentServer>("/mcp");
        await app.StartAsync();
        return app;
    }

    private static IParentAgent ClientOf(WebApplication parent, McpClientOptions? options = null)
    {
        options ??= new McpClientOptions();
        options.EnableTasks = true;
        return McpClient.Create<IParentAgent>(new HttpClient(parent.GetTestServer().CreateHandler()), ParentEndpoint, options);
    }

    private static async Task StopAsync(WebApplication app)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private McpTaskRecord SingleParentTask(string tool)
    {
        // The store has no listing: find the task through the audit trail of the links it made.
        string taskId = _audit.Events.Select(e => e.ParentTaskId).First(id => id is not null)!;
        var task = _parentStore.GetAsync(taskId, CancellationToken.None).GetAwaiter().GetResult();
        Assert.NotNull(task);
        Assert.Equal(tool, task.ToolName);
        return task;
    }

    [Fact]
    public async Task Each_remote_call_of_a_task_run_is_recorded_in_the_parent_task_with_its_result()
    {
        var parent = await StartParentAsync();
        try
        {
            var agent = ClientOf(parent);
            string answer = await agent.ResearchAsync("q-record", "acct-record");

            Assert.Equal("hits for q-record | charged 17 to acct-record", answer);
            var task = SingleParentTask("research");
            Assert.Equal(McpTaskStatus.Completed, task.Status);
            var links = task.Links!.Values.OrderBy(l => l.Tool).ToArray();
            Assert.Equal(["charge", "find"], links.Select(l => l.Tool));
            Assert.All(links, l =>
            {
                Assert.Equal(McpChildLinkState.Completed, l.State);
                Assert.Equal(ChildEndpoint.OriginalString, l.Server);
                Assert.StartsWith("tsk_", l.ChildTaskId);
                Assert.Equal(1, l.Attempts);
            });
            Assert.Contains("hits for q-record", System.Text.Encoding.UTF8.GetString(links[1].Result.Span));

            // One audit event when each child task was created and one when it ended, each naming both tasks and the server.
            var hops = _audit.Events.Where(e => e.ParentTaskId == task.TaskId).ToArray();
            Assert.Equal([McpAuditOutcome.TaskCreated, McpAuditOutcome.Succeeded, McpAuditOutcome.TaskCreated, McpAuditOutcome.Succeeded], hops.Select(e => e.Outcome));
            Assert.All(hops, e => Assert.Equal(ChildEndpoint.OriginalString, e.RemoteServer));
            Assert.Equal(links.Select(l => l.ChildTaskId).Order(), hops.Where(e => e.Outcome == McpAuditOutcome.Succeeded).Select(e => e.ChildTaskId).Order());
        }
        finally
        {
            await StopAsync(parent);
        }
    }

    [Fact]
    public async Task A_parent_resumed_on_another_instance_reattaches_to_its_running_child_and_runs_nothing_twice()
    {
        var gate = ChildAgentTools.Signal(ChildAgentTools.Gates, "q-resume");
        var first = await StartParentAsync(lease: TimeSpan.FromSeconds(5));
        var agent = ClientOf(first);
        var research = agent.ResearchAsync("q-resume", "acct-resume");
        await ChildAgentTools.Signal(ChildAgentTools.Started, "q-resume").Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The first instance goes away mid-chain (its run hands the task back); a second one takes the task over.
        await StopAsync(first);
        Assert.False(ChildAgentTools.Signal(ChildAgentTools.Cancelled, "q-resume").Task.IsCompleted, "stopping an instance must not cancel the child");
        var second = await StartParentAsync(lease: TimeSpan.FromSeconds(5));
        try
        {
            await using var resumed = McpClient.Create(new HttpClient(second.GetTestServer().CreateHandler()), ParentEndpoint, new McpClientOptions { EnableTasks = true });
            string taskId = await SingleParentTaskIdWhenLinked();
            gate.TrySetResult();
            string answer = await resumed.WaitForTaskAsync(taskId, static json => McpToolResultJson.Read(json).Text ?? "", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal("hits for q-resume | charged 17 to acct-resume", answer);
            Assert.Equal(1, ChildAgentTools.Runs["find:q-resume"]);
            Assert.Equal(1, ChildAgentTools.Runs["charge:acct-resume"]);
            var task = await _parentStore.GetAsync(taskId, CancellationToken.None);
            Assert.Equal(2, task!.Attempts);
        }
        finally
        {
            await StopAsync(second);
            _ = research.ContinueWith(static t => t.Exception, TaskScheduler.Default);
        }
    }

    private async Task<string> SingleParentTaskIdWhenLinked()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_audit.Events.FirstOrDefault(e => e.Outcome == McpAuditOutcome.TaskCreated && e.ParentTaskId is not null)?.ParentTaskId is { } id)
            {
                return id;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("The parent task recorded no link.");
    }

    [Fact]
    public async Task A_child_result_that_expired_before_the_parent_collected_it_is_reported_not_run_again()
    {
        var first = await StartParentAsync(lease: TimeSpan.FromSeconds(5));
        var investigate = ClientOf(first).InvestigateAsync("w-expired");
        string taskId = await SingleParentTaskIdWhenLinked();

        // No instance of the parent runs while the child finishes and its result expires.
        await StopAsync(first);
        ChildAgentTools.Signal(ChildAgentTools.Gates, "w-expired").TrySetResult();
        await Task.Delay(1500);
        var second = await StartParentAsync(lease: TimeSpan.FromSeconds(5));
        try
        {
            await using var resumed = McpClient.Create(new HttpClient(second.GetTestServer().CreateHandler()), ParentEndpoint, new McpClientOptions { EnableTasks = true });
            var error = await Assert.ThrowsAsync<McpRemoteException>(() => resumed.WaitForTaskAsync(taskId, static json => McpToolResultJson.Read(json).Text ?? "", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));

            Assert.Contains("tool 'lookup'", error.RemoteMessage);
            Assert.Contains("expired before this task collected it", error.RemoteMessage);
            Assert.Equal(1, ChildAgentTools.Runs["lookup:w-expired"]);
        }
        finally
        {
            await StopAsync(second);
            _ = investigate.ContinueWith(static t => t.Exception, TaskScheduler.Default);
        }
    }

    [Fact]
    public async Task A_failed_idempotent_child_is_retried_and_the_chain_completes()
    {
        var parent = await StartParentAsync();
        try
        {
            string answer = await ClientOf(parent).RetryingAsync("k-retry");

            Assert.Equal("flaky ok after 2", answer);
            var link = Assert.Single(SingleParentTask("retrying").Links!.Values);
            Assert.Equal(2, link.Attempts);
            Assert.Equal(McpChildLinkState.Completed, link.State);
        }
        finally
        {
            await StopAsync(parent);
        }
    }

    [Fact]
    public async Task A_failed_non_idempotent_child_fails_the_parent_naming_the_link()
    {
        var parent = await StartParentAsync();
        try
        {
            var error = await Assert.ThrowsAsync<McpRemoteException>(() => ClientOf(parent).ResearchAsync("q-broken", "broken-acct"));

            var task = SingleParentTask("research");
            Assert.Equal(McpTaskStatus.Failed, task.Status);
            var charge = task.Links!.Values.Single(l => l.Tool == "charge");
            Assert.Equal(McpChildLinkState.Failed, charge.State);
            Assert.Contains("tool 'charge'", error.RemoteMessage);
            Assert.Contains(ChildEndpoint.OriginalString, error.RemoteMessage);
            Assert.Contains(charge.ChildTaskId!, error.RemoteMessage);
            Assert.Contains("the ledger refused charge 1", error.RemoteMessage);
            Assert.Equal(1, ChildAgentTools.Runs["charge:broken-acct"]);
            Assert.Equal(charge.ChildTaskId, error.Data!.Value.GetProperty("childTaskId").GetString());
        }
        finally
        {
            await StopAsync(parent);
        }
    }

    [Fact]
    public async Task Cancelling_the_parent_cancels_its_running_child()
    {
        ChildAgentTools.Signal(ChildAgentTools.Gates, "q-cancel");
        var parent = await StartParentAsync();
        try
        {
            using var cancel = new CancellationTokenSource();
            var research = ClientOf(parent).ResearchAsync("q-cancel", "acct-cancel", cancel.Token);
            await ChildAgentTools.Signal(ChildAgentTools.Started, "q-cancel").Task.WaitAsync(TimeSpan.FromSeconds(10));
            await SingleParentTaskIdWhenLinked();

            cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => research);
            await ChildAgentTools.Signal(ChildAgentTools.Cancelled, "q-cancel").Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.False(ChildAgentTools.Runs.ContainsKey("charge:acct-cancel"));
        }
        finally
        {
            await StopAsync(parent);
        }
    }

    [Fact]
    public async Task A_childs_question_is_asked_of_the_parents_client_and_the_answer_goes_down()
    {
        var parent = await StartParentAsync();
        try
        {
            string? asked = null;
            var agent = ClientOf(parent, new McpClientOptions
            {
                Elicitation = (request, _) =>
                {
                    asked = request.Message;
                    return ValueTask.FromResult(new ModelContextProtocol.Protocol.ElicitResult
                    {
                        Action = "accept",
                        Content = new Dictionary<string, JsonElement> { ["ok"] = JsonDocument.Parse("true").RootElement },
                    });
                },
            });

            Assert.Equal("release 7 confirmed", await agent.DeployAsync("release 7"));
            Assert.Equal("Confirm release 7?", asked);
        }
        finally
        {
            await StopAsync(parent);
        }
    }

    [Fact]
    public async Task Cancelling_a_parent_that_waits_for_input_cancels_its_child_through_the_registered_client()
    {
        var parent = await StartParentAsync();
        try
        {
            var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var cancel = new CancellationTokenSource();
            var agent = ClientOf(parent, new McpClientOptions
            {
                Elicitation = async (_, token) =>
                {
                    asked.TrySetResult();
                    await Task.Delay(Timeout.Infinite, token);
                    throw new InvalidOperationException("unreachable");
                },
            });
            var deploy = agent.DeployAsync("release 8", cancel.Token);
            await asked.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var link = Assert.Single(SingleParentTask("deploy").Links!.Values);
            Assert.Equal(McpChildLinkState.Running, link.State);

            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => deploy);

            await using var childClient = McpClient.Create(new HttpClient(_child.GetTestServer().CreateHandler()), ChildEndpoint, new McpClientOptions { EnableTasks = true });
            var deadline = DateTime.UtcNow.AddSeconds(10);
            McpRemoteTask child;
            do
            {
                child = await childClient.GetTaskAsync(link.ChildTaskId!);
                await Task.Delay(20);
            }
            while (child.Status != "cancelled" && DateTime.UtcNow < deadline);
            Assert.Equal("cancelled", child.Status);
            Assert.Equal(McpTaskStatus.Cancelled, SingleParentTask("deploy").Status);
        }
        finally
        {
            await StopAsync(parent);
        }
    }

    [Fact]
    public async Task A_question_a_child_asks_within_its_call_goes_up_and_the_call_is_sent_again_with_the_answer()
    {
        var parent = await StartParentAsync();
        try
        {
            var asked = new List<string>();
            var agent = ClientOf(parent, new McpClientOptions
            {
                Elicitation = (request, _) =>
                {
                    lock (asked)
                    {
                        asked.Add(request.Message);
                    }

                    return ValueTask.FromResult(new ModelContextProtocol.Protocol.ElicitResult
                    {
                        Action = "accept",
                        Content = new Dictionary<string, JsonElement> { ["ok"] = JsonDocument.Parse("true").RootElement },
                    });
                },
            });

            Assert.Equal("v9 published", await agent.ReleaseAsync("v9"));

            Assert.Equal(["Publish v9?"], asked);
            Assert.Equal(1, ChildAgentTools.Runs["publish:v9"]);
            var link = Assert.Single(SingleParentTask("release").Links!.Values);
            Assert.Equal(McpChildLinkState.Completed, link.State);
            Assert.Equal(1, link.Attempts);
            Assert.True(link.InputRequests.IsEmpty && link.RequestState.IsEmpty, "a completed link keeps no questions");
        }
        finally
        {
            await StopAsync(parent);
        }
    }

    [Fact]
    public async Task The_trace_of_the_parents_caller_travels_to_the_child()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("delegation-test");
        var parent = await StartParentAsync();
        try
        {
            using var caller = source.StartActivity("caller")!;
            await ClientOf(parent).ResearchAsync("q-trace", "acct-trace");
            string traceId = caller.TraceId.ToString();

            string[] childCalls;
            lock (_childBodies)
            {
                childCalls = [.. _childBodies.Where(b => b.Contains("\"tools/call\"", StringComparison.Ordinal) && b.Contains("q-trace", StringComparison.Ordinal))];
            }

            var call = Assert.Single(childCalls);
            using var body = JsonDocument.Parse(call);
            string traceParent = body.RootElement.GetProperty("params").GetProperty("_meta").GetProperty("traceparent").GetString()!;
            Assert.Equal(traceId, traceParent.Split('-')[1]);
        }
        finally
        {
            await StopAsync(parent);
        }
    }

    [Fact]
    public async Task A_kept_caller_token_is_sealed_in_the_task_offered_to_its_runs_calls_and_dropped_when_it_ends()
    {
        var parent = await StartParentAsync(keepCallerToken: true);
        try
        {
            var http = new HttpClient(parent.GetTestServer().CreateHandler());
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "caller-token-7");
            var agent = McpClient.Create<IParentAgent>(http, ParentEndpoint, new McpClientOptions { EnableTasks = true });
            ChildAgentTools.Signal(ChildAgentTools.Gates, "q-behalf");
            var research = agent.ResearchAsync("q-behalf", "acct-behalf");
            await ChildAgentTools.Signal(ChildAgentTools.Started, "q-behalf").Task.WaitAsync(TimeSpan.FromSeconds(10));
            string taskId = await SingleParentTaskIdWhenLinked();

            var running = await _parentStore.GetAsync(taskId, CancellationToken.None);
            Assert.NotNull(running!.SealedCallerToken);
            Assert.DoesNotContain("caller-token-7", running.SealedCallerToken, StringComparison.Ordinal);

            ChildAgentTools.Signal(ChildAgentTools.Gates, "q-behalf").TrySetResult();
            await research;

            lock (_subjects)
            {
                Assert.NotEmpty(_subjects);
                Assert.All(_subjects, s => Assert.Equal("caller-token-7", s));
            }

            Assert.Null((await _parentStore.GetAsync(taskId, CancellationToken.None))!.SealedCallerToken);
        }
        finally
        {
            await StopAsync(parent);
        }
    }

    [Fact]
    public async Task Without_KeepCallerToken_a_run_has_no_caller_token()
    {
        var parent = await StartParentAsync();
        try
        {
            await ClientOf(parent).ResearchAsync("q-nobehalf", "acct-nobehalf");
            lock (_subjects)
            {
                Assert.NotEmpty(_subjects);
                Assert.All(_subjects, Assert.Null);
            }
        }
        finally
        {
            await StopAsync(parent);
        }
    }

    [Fact]
    public async Task A_child_whose_server_cannot_be_polled_for_a_while_is_polled_on_and_runs_once()
    {
        var parent = await StartParentAsync();
        try
        {
            Volatile.Write(ref _failingPolls, 4);

            string answer = await ClientOf(parent).ResearchAsync("q-outage", "acct-outage");

            Assert.Equal("hits for q-outage | charged 17 to acct-outage", answer);
            Assert.True(Volatile.Read(ref _failingPolls) < 0, "all four failing polls happened");
            Assert.Equal(1, ChildAgentTools.Runs["charge:acct-outage"]);
            Assert.All(SingleParentTask("research").Links!.Values, l => Assert.Equal(1, l.Attempts));
        }
        finally
        {
            await StopAsync(parent);
        }
    }

    /// <summary>Fails tasks/get requests while the test says so, as an unreachable server would.</summary>
    private sealed class PollOutage(DelegationTests test) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.Headers.TryGetValues("Mcp-Method", out var method) && method.Single() == "tasks/get" && Interlocked.Decrement(ref test._failingPolls) >= 0
                ? throw new HttpRequestException("Connection refused (test outage)")
                : base.SendAsync(request, cancellationToken);
    }

    /// <summary>Records the caller token a task run offers to its calls' authorization (what a token exchange would send).</summary>
    private sealed class SubjectRecorder(List<string?> subjects) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (McpTaskRunContext.Current is { } run)
            {
                lock (subjects)
                {
                    subjects.Add(run.CallerAccessToken);
                }
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Authenticates any bearer token as a caller named by it.</summary>
    private sealed class TestBearer(Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions> options, ILoggerFactory logger, System.Text.Encodings.Web.UrlEncoder encoder)
        : Microsoft.AspNetCore.Authentication.AuthenticationHandler<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public new const string Scheme = "TestBearer";

        protected override Task<Microsoft.AspNetCore.Authentication.AuthenticateResult> HandleAuthenticateAsync()
        {
            string header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return Task.FromResult(Microsoft.AspNetCore.Authentication.AuthenticateResult.NoResult());
            }

            var identity = new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("sub", header[7..])], Scheme);
            return Task.FromResult(Microsoft.AspNetCore.Authentication.AuthenticateResult.Success(
                new Microsoft.AspNetCore.Authentication.AuthenticationTicket(new System.Security.Claims.ClaimsPrincipal(identity), Scheme)));
        }
    }


    private sealed class RecordingAuditSink : IMcpAuditSink
    {
        private readonly List<McpAuditEvent> _events = [];

        public McpAuditEvent[] Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public ValueTask WriteAsync(McpAuditEvent auditEvent, CancellationToken cancellationToken)
        {
            lock (_events)
            {
                _events.Add(auditEvent);
            }

            return default;
        }
    }
}
