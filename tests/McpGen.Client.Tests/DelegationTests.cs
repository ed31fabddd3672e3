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
    private async Task<WebApplication> StartParentAsync(TimeSpan? lease = null, FailingPolls? failingPolls = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IMcpTaskStore>(_parentStore);
        builder.Services.AddSingleton<IMcpAuditSink>(_audit);
        builder.Services.Configure<McpServerOptions>(o => o.Tasks.LeaseDuration = lease ?? TimeSpan.FromSeconds(30));
        builder.Services.AddMcpClient<IChildAgent>(ChildEndpoint, o => o.Delegation.RetryDelay = TimeSpan.FromMilliseconds(20))
            .ConfigurePrimaryHttpMessageHandler(() => failingPolls is null
                ? new Recorder(_childBodies) { InnerHandler = _child.GetTestServer().CreateHandler() }
                : new Recorder(_childBodies) { InnerHandler = new FailingPollsHandler(failingPolls) { InnerHandler = _child.GetTestServer().CreateHandler() } });
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
        var first = await StartParentAsync(lease: TimeSpan.FromSeconds(1));
        var agent = ClientOf(first);
        var research = agent.ResearchAsync("q-resume", "acct-resume");
        await ChildAgentTools.Signal(ChildAgentTools.Started, "q-resume").Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The first instance goes away mid-chain (its run hands the task back); a second one takes the task over.
        await StopAsync(first);
        Assert.False(ChildAgentTools.Signal(ChildAgentTools.Cancelled, "q-resume").Task.IsCompleted, "stopping an instance must not cancel the child");
        var second = await StartParentAsync(lease: TimeSpan.FromSeconds(1));
        try
        {
            await using var resumed = McpClient.Create(new HttpClient(second.GetTestServer().CreateHandler()), ParentEndpoint, new McpClientOptions { EnableTasks = true });
            string taskId = SingleParentTaskIdWhenLinked();
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

    private string SingleParentTaskIdWhenLinked()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_audit.Events.FirstOrDefault(e => e.Outcome == McpAuditOutcome.TaskCreated && e.ParentTaskId is not null)?.ParentTaskId is { } id)
            {
                return id;
            }

            Thread.Sleep(10);
        }

        throw new TimeoutException("The parent task recorded no link.");
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
    public async Task Polls_of_a_child_that_fail_for_a_while_are_waited_out_not_taken_for_a_failed_call()
    {
        // The child's server cannot be reached, then answers -32603 (its task store restarting), a few times each: the
        // children (one of them not idempotent) are still working, so the run polls on instead of failing or re-sending.
        var failing = new FailingPolls(6);
        var parent = await StartParentAsync(failingPolls: failing);
        try
        {
            string answer = await ClientOf(parent).ResearchAsync("q-polls", "acct-polls");

            Assert.Equal("hits for q-polls | charged 16 to acct-polls", answer);
            Assert.True(failing.Remaining <= 0, "every failing poll was made");
            Assert.Equal(1, ChildAgentTools.Runs["find:q-polls"]);
            Assert.Equal(1, ChildAgentTools.Runs["charge:acct-polls"]);
            Assert.All(SingleParentTask("research").Links!.Values, l =>
            {
                Assert.Equal(McpChildLinkState.Completed, l.State);
                Assert.Equal(1, l.Attempts);
            });
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
            SingleParentTaskIdWhenLinked();

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

    private sealed class Recorder(List<string> bodies) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null)
            {
                string body = await request.Content.ReadAsStringAsync(cancellationToken);
                lock (bodies)
                {
                    bodies.Add(body);
                }
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>How many of the child's tasks/get polls still fail.</summary>
    private sealed class FailingPolls(int count)
    {
        private int _remaining = count;

        public int Remaining => Volatile.Read(ref _remaining);

        public int Take() => Interlocked.Decrement(ref _remaining);
    }

    /// <summary>Fails tasks/get polls: in turn unreachable (a transport error) and -32603 (the task store is unavailable).</summary>
    private sealed class FailingPollsHandler(FailingPolls polls) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            if (!body.Contains("\"tasks/get\"", StringComparison.Ordinal) || polls.Take() is var left && left < 0)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            if (left % 2 == 0)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (child:80)");
            }

            using var json = JsonDocument.Parse(body);
            string id = json.RootElement.GetProperty("id").GetRawText();
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{{\"code\":-32603,\"message\":\"The task store is unavailable: Redis is not connected. The task is not lost; try again.\"}}}}", System.Text.Encoding.UTF8, "application/json"),
            };
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
