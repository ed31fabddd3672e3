using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace McpGen.Tests;

/// <summary>The tasks extension: creation, polling, outcomes, input inside tasks, cancellation, expiry, gating.</summary>
public sealed class TaskTests
{
    private const string WithTasks = "{\"elicitation\":{},\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";

    private readonly TestClient _client;

    public TaskTests() => _client = new TestClient(TaskTestServer.Definition);

    private async Task<JsonElement> SendAsync(string method, string @params, string capabilities = WithTasks, TestClient? client = null)
    {
        string meta = $"\"_meta\":{{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{capabilities}}}";
        var response = await (client ?? _client).SendRawAsync($"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"{method}\",\"params\":{{{@params},{meta}}}}}");
        return response!.Value;
    }

    private Task<JsonElement> CallAsync(string tool, string arguments = "{}", string capabilities = WithTasks, TestClient? client = null) =>
        SendAsync("tools/call", $"\"name\":\"{tool}\",\"arguments\":{arguments}", capabilities, client);

    private async Task<JsonElement> GetAsync(string taskId, TestClient? client = null) =>
        (await SendAsync("tasks/get", $"\"taskId\":\"{taskId}\"", client: client)).GetProperty("result");

    private async Task<JsonElement> UntilAsync(string taskId, Func<JsonElement, bool> done, TestClient? client = null)
    {
        for (int i = 0; i < 500; i++)
        {
            var task = await GetAsync(taskId, client);
            if (done(task))
            {
                return task;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("The task did not get there: " + await GetAsync(taskId, client));
    }

    private static string Status(JsonElement task) => task.GetProperty("status").GetString()!;

    private static bool IsTerminal(JsonElement task) => Status(task) is "completed" or "failed" or "cancelled";

    [Fact]
    public async Task A_task_is_created_flat_stored_before_the_answer_and_completes_with_the_result()
    {
        var created = (await CallAsync("wait", "{\"milliseconds\":50}")).GetProperty("result");
        Assert.Equal("task", created.GetProperty("resultType").GetString());
        string taskId = created.GetProperty("taskId").GetString()!;
        Assert.StartsWith("tsk_", taskId);
        Assert.Equal("working", Status(created));
        Assert.Equal(60000, created.GetProperty("ttlMs").GetInt64());
        Assert.Equal(250, created.GetProperty("pollIntervalMs").GetInt64());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", created.GetProperty("createdAt").GetString());
        foreach (var forbidden in new[] { "task", "result", "error", "inputRequests", "requestState", "ttl", "pollInterval", "content" })
        {
            Assert.False(created.TryGetProperty(forbidden, out _), forbidden);
        }

        // Strong consistency: the id resolves at once.
        Assert.Equal(taskId, (await GetAsync(taskId)).GetProperty("taskId").GetString());
        var done = await UntilAsync(taskId, IsTerminal);
        Assert.Equal("completed", Status(done));
        Assert.Equal("complete", done.GetProperty("resultType").GetString());
        TestClient.AssertJsonEqual("""{"resultType":"complete","content":[{"type":"text","text":"waited 50 ms"}]}""", done.GetProperty("result"));
    }

    [Fact]
    public async Task A_tool_error_completes_with_isError_and_a_protocol_error_fails_with_its_code()
    {
        string toolError = (await CallAsync("tool_error")).GetProperty("result").GetProperty("taskId").GetString()!;
        var completed = await UntilAsync(toolError, IsTerminal);
        Assert.Equal("completed", Status(completed));
        Assert.True(completed.GetProperty("result").GetProperty("isError").GetBoolean());

        string protocolError = (await CallAsync("protocol_error")).GetProperty("result").GetProperty("taskId").GetString()!;
        var failed = await UntilAsync(protocolError, IsTerminal);
        Assert.Equal("failed", Status(failed));
        Assert.False(failed.TryGetProperty("result", out _));
        TestClient.AssertJsonEqual("""{"code":-32600,"message":"backend said no"}""", failed.GetProperty("error"));
    }

    [Fact]
    public async Task Without_the_extension_optional_tools_answer_within_the_request_and_the_rest_is_minus_32021()
    {
        var sync = (await CallAsync("wait", "{\"milliseconds\":1}", capabilities: "{}")).GetProperty("result");
        Assert.Equal("complete", sync.GetProperty("resultType").GetString());
        Assert.Equal("waited 1 ms", TestClient.SingleText(sync));

        foreach (var response in new[]
        {
            await CallAsync("tool_error", capabilities: "{}"),
            await SendAsync("tasks/get", "\"taskId\":\"never-made\"", capabilities: "{}"),
            await SendAsync("tasks/update", "\"taskId\":\"never-made\",\"inputResponses\":{}", capabilities: "{}"),
            await SendAsync("tasks/cancel", "\"taskId\":\"never-made\"", capabilities: "{}"),
        })
        {
            var error = response.GetProperty("error");
            Assert.Equal(-32021, error.GetProperty("code").GetInt32());
            TestClient.AssertJsonEqual("""{"requiredCapabilities":{"extensions":{"io.modelcontextprotocol/tasks":{}}}}""", error.GetProperty("data"));
        }
    }

    [Fact]
    public async Task Sync_tools_stay_sync_and_a_legacy_task_parameter_changes_nothing()
    {
        var result = (await SendAsync("tools/call", "\"name\":\"now\",\"arguments\":{},\"task\":{\"ttl\":60000}")).GetProperty("result");
        Assert.Equal("complete", result.GetProperty("resultType").GetString());
        Assert.Equal("now", TestClient.SingleText(result));
    }

    [Fact]
    public async Task Questions_inside_a_task_wait_for_tasks_update_which_applies_partial_answers_before_its_ack()
    {
        string taskId = (await CallAsync("two_questions")).GetProperty("result").GetProperty("taskId").GetString()!;
        var asking = await UntilAsync(taskId, t => Status(t) == "input_required");
        Assert.Equal(["a", "b"], asking.GetProperty("inputRequests").EnumerateObject().Select(p => p.Name));
        Assert.Equal("elicitation/create", asking.GetProperty("inputRequests").GetProperty("a").GetProperty("method").GetString());

        var ack = (await SendAsync("tasks/update", $"\"taskId\":\"{taskId}\",\"inputResponses\":{{\"a\":{{\"action\":\"accept\",\"content\":{{\"ok\":true}}}},\"unknown\":{{\"ignored\":true}}}}")).GetProperty("result");
        TestClient.AssertJsonEqual("""{"resultType":"complete"}""", JsonDocument.Parse("{\"resultType\":" + ack.GetProperty("resultType").GetRawText() + "}").RootElement);
        Assert.False(ack.TryGetProperty("taskId", out _));
        var partial = await GetAsync(taskId);
        Assert.Equal("input_required", Status(partial));
        Assert.Equal(["b"], partial.GetProperty("inputRequests").EnumerateObject().Select(p => p.Name));

        await SendAsync("tasks/update", $"\"taskId\":\"{taskId}\",\"inputResponses\":{{\"b\":{{\"action\":\"accept\",\"content\":{{\"ok\":false}}}}}}");
        var done = await UntilAsync(taskId, IsTerminal);
        Assert.Equal("a=True, b=False", TestClient.SingleText(done.GetProperty("result")));
    }

    [Fact]
    public async Task Cancel_stops_a_running_task_is_idempotent_on_ended_ones_and_unknown_ids_are_minus_32602()
    {
        string taskId = (await CallAsync("wait", "{\"milliseconds\":30000}")).GetProperty("result").GetProperty("taskId").GetString()!;
        await UntilAsync(taskId, t => t.GetProperty("statusMessage").GetString() == "running");
        var ack = (await SendAsync("tasks/cancel", $"\"taskId\":\"{taskId}\"")).GetProperty("result");
        Assert.Equal("complete", ack.GetProperty("resultType").GetString());
        Assert.Equal("cancelled", Status(await UntilAsync(taskId, IsTerminal)));

        Assert.Equal("complete", (await SendAsync("tasks/cancel", $"\"taskId\":\"{taskId}\"")).GetProperty("result").GetProperty("resultType").GetString());
        Assert.Equal("cancelled", Status(await GetAsync(taskId)));

        var unknown = (await SendAsync("tasks/get", "\"taskId\":\"tsk_nope\"")).GetProperty("error");
        Assert.Equal(-32602, unknown.GetProperty("code").GetInt32());
        Assert.Equal("Unknown task 'tsk_nope': it does not exist or has expired.", unknown.GetProperty("message").GetString());
        Assert.Equal("tsk_nope", unknown.GetProperty("data").GetProperty("taskId").GetString());
    }

    [Fact]
    public async Task Cancelling_a_task_that_waits_for_input_ends_it_at_once()
    {
        string taskId = (await CallAsync("two_questions")).GetProperty("result").GetProperty("taskId").GetString()!;
        await UntilAsync(taskId, t => Status(t) == "input_required");
        await SendAsync("tasks/cancel", $"\"taskId\":\"{taskId}\"");
        var cancelled = await GetAsync(taskId);
        Assert.Equal("cancelled", Status(cancelled));
        Assert.False(cancelled.TryGetProperty("inputRequests", out _));
    }

    [Fact]
    public async Task A_run_past_its_timeout_fails_saying_so()
    {
        string taskId = (await CallAsync("too_slow")).GetProperty("result").GetProperty("taskId").GetString()!;
        var failed = await UntilAsync(taskId, IsTerminal);
        Assert.Equal("failed", Status(failed));
        Assert.Equal("The task ran longer than its timeout of 0.1 s and was stopped.", failed.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Tasks_expire_after_their_time_to_live()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var store = new InMemoryMcpTaskStore(clock);
        var services = new ServiceCollection().AddSingleton<IMcpTaskStore>(store).BuildServiceProvider();
        var client = new TestClient(TaskTestServer.Definition, services);
        string taskId = (await CallAsync("wait", "{\"milliseconds\":1}", client: client)).GetProperty("result").GetProperty("taskId").GetString()!;
        await UntilAsync(taskId, IsTerminal, client);
        clock.Now += TimeSpan.FromSeconds(59);
        Assert.Equal("completed", Status(await GetAsync(taskId, client)));
        clock.Now += TimeSpan.FromMinutes(1);
        Assert.Equal(-32602, (await SendAsync("tasks/get", $"\"taskId\":\"{taskId}\"", client: client)).GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_store_that_cannot_keep_the_task_is_an_error_not_a_handle_to_nowhere()
    {
        var services = new ServiceCollection().AddSingleton<IMcpTaskStore>(new BrokenStore()).BuildServiceProvider();
        var error = (await CallAsync("wait", "{\"milliseconds\":1}", client: new TestClient(TaskTestServer.Definition, services))).GetProperty("error");
        Assert.Equal(-32603, error.GetProperty("code").GetInt32());
        // The store's own text (an engine's internals) goes to the log, not to the client.
        Assert.Equal("The task for tool 'wait' could not be stored: the task store failed (the server's log has the details). Try again.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_handler_that_starts_its_task_itself_asks_in_rounds_first_then_inside_the_task()
    {
        // Round 1: an ordinary input round on tools/call, no task yet.
        var round1 = (await CallAsync("ask_then_task", "{\"skip\":false}")).GetProperty("result");
        Assert.Equal("input_required", round1.GetProperty("resultType").GetString());
        Assert.False(round1.TryGetProperty("taskId", out _));
        string state = round1.GetProperty("requestState").GetString()!;

        // Round 2 answers: the task starts at RunAsTaskAsync and keeps the answer; no requestState leaks into it.
        var created = (await SendAsync("tools/call", "\"name\":\"ask_then_task\",\"arguments\":{\"skip\":false},\"inputResponses\":{\"go\":{\"action\":\"accept\",\"content\":{\"ok\":true}}},\"requestState\":\"" + state + "\"")).GetProperty("result");
        Assert.Equal("task", created.GetProperty("resultType").GetString());
        Assert.False(created.TryGetProperty("requestState", out _));
        string taskId = created.GetProperty("taskId").GetString()!;

        // The later question waits inside the task; answering it replays the handler with both answers.
        var asking = await UntilAsync(taskId, t => Status(t) == "input_required");
        Assert.Equal(["more"], asking.GetProperty("inputRequests").EnumerateObject().Select(p => p.Name));
        await SendAsync("tasks/update", $"\"taskId\":\"{taskId}\",\"inputResponses\":{{\"more\":{{\"action\":\"accept\",\"content\":{{\"ok\":false}}}}}}");
        var done = await UntilAsync(taskId, IsTerminal);
        Assert.Equal("go=True, more=False", TestClient.SingleText(done.GetProperty("result")));
    }

    [Fact]
    public async Task A_handler_that_never_starts_its_task_answers_within_the_request_and_without_the_extension_it_never_does()
    {
        var quick = (await CallAsync("ask_then_task", "{\"skip\":true}")).GetProperty("result");
        Assert.Equal("complete", quick.GetProperty("resultType").GetString());
        Assert.Equal("answered without a task", TestClient.SingleText(quick));

        // Without the extension RunAsTaskAsync does nothing: the whole call is input rounds and a result.
        var round1 = (await CallAsync("ask_then_task", "{\"skip\":false}", capabilities: "{\"elicitation\":{}}")).GetProperty("result");
        Assert.Equal("input_required", round1.GetProperty("resultType").GetString());
        var round2 = (await SendAsync("tools/call", "\"name\":\"ask_then_task\",\"arguments\":{\"skip\":false},\"inputResponses\":{\"go\":{\"action\":\"accept\",\"content\":{\"ok\":true}},\"more\":{\"action\":\"accept\",\"content\":{\"ok\":true}}}", capabilities: "{\"elicitation\":{}}")).GetProperty("result");
        Assert.Equal("go=True, more=True", TestClient.SingleText(round2));
    }

    [Theory]
    [InlineData("wait", 1, "completed", null)]
    [InlineData("wait", 3, "failed", "The instance running this task stopped before it finished (attempt 3); all 3 attempts were used.")]
    [InlineData("tool_error", 1, "failed", "The instance running this task stopped before it finished (attempt 1); tool 'tool_error' is not marked idempotent, so it is not run again.")]
    [InlineData("tool_error", 0, "completed", null)]
    public async Task An_orphaned_task_is_retried_when_idempotent_and_attempts_remain_otherwise_it_fails_saying_why(string tool, int attempts, string status, string? message)
    {
        // A record as a dead instance left it: working, its lease lapsed.
        var store = new InMemoryMcpTaskStore();
        var services = new ServiceCollection().AddSingleton<IMcpTaskStore>(store).BuildServiceProvider();
        var client = new TestClient(TaskTestServer.Definition, services);
        var now = DateTimeOffset.UtcNow;
        await store.CreateAsync(new McpTaskRecord
        {
            TaskId = "tsk_orphan",
            ToolName = tool,
            Arguments = "{\"milliseconds\":1}"u8.ToArray(),
            ClientCapabilities = "{}"u8.ToArray(),
            Status = McpTaskStatus.Working,
            CreatedAt = now,
            LastUpdatedAt = now,
            TimeToLiveMs = 60000,
            PollIntervalMs = 100,
            Attempts = attempts,
            LeaseOwner = attempts == 0 ? null : "dead-instance",
            LeaseExpiresAt = now.AddSeconds(-1),
        }, McpTaskLimits.None, default);

        await client.Processor.Tasks.SweepAsync(default);
        var task = await UntilAsync("tsk_orphan", IsTerminal, client);
        Assert.Equal(status, Status(task));
        if (message is not null)
        {
            Assert.Equal(message, task.GetProperty("error").GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task A_task_whose_cancel_was_requested_before_its_instance_died_ends_cancelled()
    {
        var store = new InMemoryMcpTaskStore();
        var client = new TestClient(TaskTestServer.Definition, new ServiceCollection().AddSingleton<IMcpTaskStore>(store).BuildServiceProvider());
        var now = DateTimeOffset.UtcNow;
        await store.CreateAsync(new McpTaskRecord
        {
            TaskId = "tsk_cancelled_orphan", ToolName = "wait", Arguments = "{\"milliseconds\":1}"u8.ToArray(), ClientCapabilities = "{}"u8.ToArray(),
            Status = McpTaskStatus.Working, CreatedAt = now, LastUpdatedAt = now, TimeToLiveMs = 60000, PollIntervalMs = 100,
            Attempts = 1, LeaseOwner = "dead-instance", LeaseExpiresAt = now.AddSeconds(-1), CancelRequested = true,
        }, McpTaskLimits.None, default);
        await client.Processor.Tasks.SweepAsync(default);
        Assert.Equal("cancelled", Status(await GetAsync("tsk_cancelled_orphan", client)));
    }

    [Fact]
    public async Task Stopping_the_server_hands_running_tasks_back_for_another_instance()
    {
        var store = new InMemoryMcpTaskStore();
        var client = new TestClient(TaskTestServer.Definition, new ServiceCollection().AddSingleton<IMcpTaskStore>(store).BuildServiceProvider());
        string taskId = (await CallAsync("wait", "{\"milliseconds\":30000}", client: client)).GetProperty("result").GetProperty("taskId").GetString()!;
        await UntilAsync(taskId, t => t.GetProperty("statusMessage").GetString() == "running", client);

        client.Processor.BeginStopping();
        var handedBack = await UntilAsync(taskId, t => t.GetProperty("statusMessage").GetString() != "running", client);
        Assert.Equal("working", Status(handedBack));
        Assert.Equal("interrupted; waiting to be resumed", handedBack.GetProperty("statusMessage").GetString());
        var record = (await store.GetAsync(taskId, default))!;
        Assert.Null(record.LeaseOwner);
        Assert.Contains(taskId, await store.FindLapsedLeasesAsync(DateTimeOffset.UtcNow, 10, default));
    }

    [Theory]
    [InlineData("wait")]             // started by the executor
    [InlineData("start_then_wait")]  // started by its handler, within the request
    public async Task StopAsync_returns_once_running_tasks_are_back_in_the_store(string tool)
    {
        var store = new InMemoryMcpTaskStore();
        var client = new TestClient(TaskTestServer.Definition, new ServiceCollection().AddSingleton<IMcpTaskStore>(store).BuildServiceProvider());
        string taskId = (await CallAsync(tool, "{\"milliseconds\":30000}", client: client)).GetProperty("result").GetProperty("taskId").GetString()!;
        await UntilAsync(taskId, t => t.GetProperty("statusMessage").GetString() == "running", client);

        await client.Processor.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var record = (await store.GetAsync(taskId, default))!;
        Assert.Equal(McpTaskStatus.Working, record.Status);
        Assert.Equal("interrupted; waiting to be resumed", record.StatusMessage);
        Assert.Null(record.LeaseOwner);
    }

    [Fact]
    public async Task Disposing_the_processor_hands_running_tasks_back()
    {
        var store = new InMemoryMcpTaskStore();
        var client = new TestClient(TaskTestServer.Definition, new ServiceCollection().AddSingleton<IMcpTaskStore>(store).BuildServiceProvider());
        string taskId = (await CallAsync("wait", "{\"milliseconds\":30000}", client: client)).GetProperty("result").GetProperty("taskId").GetString()!;
        await UntilAsync(taskId, t => t.GetProperty("statusMessage").GetString() == "running", client);

        await client.Processor.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        var record = (await store.GetAsync(taskId, default))!;
        Assert.Equal("interrupted; waiting to be resumed", record.StatusMessage);
        Assert.Null(record.LeaseOwner);
    }

    [Fact]
    public async Task A_host_that_stops_has_running_tasks_back_in_the_store_when_ApplicationStopped_returns()
    {
        var store = new InMemoryMcpTaskStore();
        var client = new TestClient(TaskTestServer.Definition, new ServiceCollection().AddSingleton<IMcpTaskStore>(store).BuildServiceProvider());
        var lifetime = new Lifetime();
        McpHostLifetime.Attach(client.Processor, lifetime);
        lifetime.Started.Cancel();
        string taskId = (await CallAsync("wait", "{\"milliseconds\":30000}", client: client)).GetProperty("result").GetProperty("taskId").GetString()!;
        await UntilAsync(taskId, t => t.GetProperty("statusMessage").GetString() == "running", client);

        lifetime.Stopping.Cancel();
        lifetime.Stopped.Cancel(); // its callbacks run synchronously: the bounded wait for the hand-back

        var record = (await store.GetAsync(taskId, default))!;
        Assert.Equal("interrupted; waiting to be resumed", record.StatusMessage);
        Assert.Null(record.LeaseOwner);
    }

    private sealed class Lifetime : Microsoft.Extensions.Hosting.IHostApplicationLifetime
    {
        public CancellationTokenSource Started { get; } = new();

        public CancellationTokenSource Stopping { get; } = new();

        public CancellationTokenSource Stopped { get; } = new();

        public CancellationToken ApplicationStarted => Started.Token;

        public CancellationToken ApplicationStopping => Stopping.Token;

        public CancellationToken ApplicationStopped => Stopped.Token;

        public void StopApplication() => Stopping.Cancel();
    }

    [Fact]
    public async Task A_task_belongs_to_the_caller_who_created_it_and_is_unknown_to_everyone_else()
    {
        static System.Security.Claims.ClaimsPrincipal Caller(string subject, string issuer = "https://login.example.com") =>
            new(new System.Security.Claims.ClaimsIdentity([new("sub", subject), new("iss", issuer)], "Bearer"));

        var alice = _client.As(Caller("alice"));
        string taskId = (await CallAsync("wait", "{\"milliseconds\":30000}", client: alice)).GetProperty("result").GetProperty("taskId").GetString()!;

        // Another subject, the same subject from another issuer, and an anonymous caller: the task does not exist for them.
        foreach (var stranger in new[] { _client.As(Caller("bob")), _client.As(Caller("alice", "https://other.example.com")), _client.As(null) })
        {
            foreach (var (method, extra) in new[] { ("tasks/get", ""), ("tasks/cancel", ""), ("tasks/update", ",\"inputResponses\":{}") })
            {
                var error = (await SendAsync(method, $"\"taskId\":\"{taskId}\"{extra}", client: stranger)).GetProperty("error");
                Assert.Equal(-32602, error.GetProperty("code").GetInt32());
                Assert.Equal($"Unknown task '{taskId}': it does not exist or has expired.", error.GetProperty("message").GetString());
            }
        }

        // The creator still sees it running (the stranger's cancel changed nothing), and can cancel it.
        Assert.Equal("working", Status(await GetAsync(taskId, alice)));
        await SendAsync("tasks/cancel", $"\"taskId\":\"{taskId}\"", client: alice);
        Assert.Equal("cancelled", Status(await UntilAsync(taskId, IsTerminal, alice)));
    }

    [Fact]
    public async Task A_task_created_anonymously_is_open_to_any_caller_as_before()
    {
        string taskId = (await CallAsync("wait", "{\"milliseconds\":1}")).GetProperty("result").GetProperty("taskId").GetString()!;
        var someone = _client.As(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new("sub", "carol")], "Bearer")));
        Assert.Equal("completed", Status(await UntilAsync(taskId, IsTerminal, someone)));
    }

    [Fact]
    public void Task_support_and_policy_come_from_the_attribute()
    {
        var wait = TaskTestServer.Definition.Tools.Single(t => t.Name == "wait");
        Assert.Equal(McpTaskSupport.Optional, wait.TaskSupport);
        Assert.Equal(TimeSpan.FromMinutes(1), wait.TaskPolicy!.TimeToLive);
        Assert.Equal(TimeSpan.FromMilliseconds(250), wait.TaskPolicy.PollInterval);
        Assert.Null(wait.TaskPolicy.MaxAttempts);
        Assert.Equal(McpTaskSupport.Forbidden, TaskTestServer.Definition.Tools.Single(t => t.Name == "now").TaskSupport);
        Assert.False(wait.StartsTaskInHandler);
        Assert.True(TaskTestServer.Definition.Tools.Single(t => t.Name == "ask_then_task").StartsTaskInHandler);
    }

    private Task<string> StartAsync(string tool, string arguments, TestClient client) =>
        CallAsync(tool, arguments, client: client).ContinueWith(t => t.Result.GetProperty("result").GetProperty("taskId").GetString()!, TaskScheduler.Default);

    private static TestClient WithStore(IMcpTaskStore store, Action<McpTaskOptions> tasks)
    {
        var options = new McpServerOptions();
        tasks(options.Tasks);
        return new TestClient(TaskTestServer.Definition, new ServiceCollection().AddSingleton(store).BuildServiceProvider(), options);
    }

    [Fact]
    public async Task Unfinished_tasks_are_limited_per_caller_and_overall_with_an_error_naming_the_option()
    {
        static System.Security.Claims.ClaimsPrincipal Caller(string subject) =>
            new(new System.Security.Claims.ClaimsIdentity([new("iss", "https://login.example.com"), new("sub", subject)], "test"));
        var store = new InMemoryMcpTaskStore();
        var client = WithStore(store, t => { t.MaxActiveTasksPerCaller = 2; t.MaxActiveTasks = 3; });
        var alice = client.As(Caller("alice"));
        var bob = client.As(Caller("bob"));

        string first = await StartAsync("wait", "{\"milliseconds\":30000}", alice);
        await StartAsync("wait", "{\"milliseconds\":30000}", alice);
        var refused = (await CallAsync("wait", "{\"milliseconds\":30000}", client: alice)).GetProperty("error");
        Assert.Equal(-32603, refused.GetProperty("code").GetInt32());
        Assert.Equal("Too many unfinished tasks: this caller has 2 working or waiting for input (McpServerOptions.Tasks.MaxActiveTasksPerCaller). Wait for one to finish, or cancel one, and try again.", refused.GetProperty("message").GetString());
        Assert.Equal("MaxActiveTasksPerCaller", refused.GetProperty("data").GetProperty("limit").GetString());

        // Another caller has slots of its own, until the server's limit.
        await StartAsync("wait", "{\"milliseconds\":30000}", bob);
        var full = (await CallAsync("wait", "{\"milliseconds\":30000}", client: bob)).GetProperty("error");
        Assert.Equal("Too many unfinished tasks: this server has 3 working or waiting for input (McpServerOptions.Tasks.MaxActiveTasks). Try again later.", full.GetProperty("message").GetString());
        Assert.Equal(3, store.CountActive());

        // A task that ends frees its slot; tasks that ended do not count.
        await SendAsync("tasks/cancel", $"\"taskId\":\"{first}\"", client: alice);
        await UntilAsync(first, IsTerminal, alice);
        Assert.Equal(1, store.CountActive("https://login.example.com alice"));
        await StartAsync("wait", "{\"milliseconds\":1}", alice);
        await client.Processor.StopAsync();
    }

    [Fact]
    public async Task A_result_finished_while_the_store_is_down_is_recorded_once_it_is_back()
    {
        var store = new FlakyStore(new InMemoryMcpTaskStore());
        var client = WithStore(store, t => t.LeaseDuration = TimeSpan.FromSeconds(3));
        string label = "outage-" + Guid.NewGuid().ToString("N");
        string taskId = await StartAsync("side_effect", $"{{\"label\":\"{label}\",\"milliseconds\":600}}", client);
        await UntilAsync(taskId, t => t.GetProperty("statusMessage").GetString() == "running", client);

        store.Down = true;   // the run finishes during the outage
        await Task.Delay(1500);
        store.Down = false;

        var done = await UntilAsync(taskId, IsTerminal, client);
        Assert.Equal("completed", Status(done));
        Assert.Equal("did " + label, done.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(1, SideEffectLog.Count(label));
        Assert.Equal(1, (await store.GetAsync(taskId, default))!.Attempts);
    }

    [Fact]
    public async Task A_run_that_cannot_renew_its_lease_stops_before_its_side_effect_and_the_task_fails_once()
    {
        var store = new FlakyStore(new InMemoryMcpTaskStore());
        var client = WithStore(store, t => t.LeaseDuration = TimeSpan.FromSeconds(1));
        string label = "lost-lease-" + Guid.NewGuid().ToString("N");
        var started = DateTime.UtcNow;
        string taskId = await StartAsync("side_effect", $"{{\"label\":\"{label}\",\"milliseconds\":2500}}", client);
        await UntilAsync(taskId, t => t.GetProperty("statusMessage").GetString() == "running", client);

        store.Down = true;   // longer than the lease: the run must stop, since another instance may now take the task
        await Task.Delay(2000);
        store.Down = false;

        var ended = await UntilAsync(taskId, IsTerminal, client);
        Assert.Equal("failed", Status(ended));
        Assert.Contains("is not marked idempotent, so it is not run again", ended.GetProperty("error").GetProperty("message").GetString());

        // Past the moment the side effect would have happened: it never did.
        await Task.Delay(TimeSpan.FromSeconds(3.5) - (DateTime.UtcNow - started));
        Assert.Equal(0, SideEffectLog.Count(label));
    }

    [Fact]
    public async Task A_cancel_recorded_while_the_run_could_not_renew_its_lease_reaches_it_once_the_store_answers()
    {
        var inner = new InMemoryMcpTaskStore();
        var store = new FlakyStore(inner);
        var client = WithStore(store, t => t.LeaseDuration = TimeSpan.FromSeconds(5));
        string label = "late-cancel-" + Guid.NewGuid().ToString("N");
        string taskId = await StartAsync("side_effect", $"{{\"label\":\"{label}\",\"milliseconds\":3500}}", client);
        await UntilAsync(taskId, t => t.GetProperty("statusMessage").GetString() == "running", client);

        // This instance cannot reach the store; another one records the client's cancel meanwhile.
        store.Down = true;
        await Task.Delay(1200);
        var record = (await inner.GetAsync(taskId, default))!;
        Assert.True(await inner.TryReplaceAsync(record with { CancelRequested = true, StatusMessage = "cancelling" }, record.Version, default));
        store.Down = false;

        Assert.Equal("cancelled", Status(await UntilAsync(taskId, IsTerminal, client)));
        await Task.Delay(3000);
        Assert.Equal(0, SideEffectLog.Count(label));
    }

    [Fact]
    public async Task A_task_running_longer_than_its_time_to_live_stays_visible_and_keeps_its_result_for_the_time_to_live_after_it_ends()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var store = new InMemoryMcpTaskStore(clock);
        var client = WithStore(store, t => t.LeaseDuration = TimeSpan.FromHours(1));
        client.Processor.Time = clock;
        string taskId = await StartAsync("wait", "{\"milliseconds\":3000}", client);   // "wait" keeps tasks 60 s
        await UntilAsync(taskId, t => t.GetProperty("statusMessage").GetString() == "running", client);

        clock.Now += TimeSpan.FromSeconds(45);
        await Task.Delay(1300);                       // a lease renewal extends the record
        clock.Now += TimeSpan.FromSeconds(45);        // 90 s after creation, 60 s time to live
        var running = await GetAsync(taskId, client);
        Assert.Equal("working", Status(running));
        Assert.True(running.GetProperty("ttlMs").GetInt64() > 90_000, running.ToString());

        var done = await UntilAsync(taskId, IsTerminal, client);
        Assert.Equal("completed", Status(done));
        clock.Now += TimeSpan.FromSeconds(59);        // the result is kept 60 s after it was recorded
        Assert.Equal("completed", Status(await GetAsync(taskId, client)));
        clock.Now += TimeSpan.FromSeconds(2);
        Assert.Equal(-32602, (await SendAsync("tasks/get", $"\"taskId\":\"{taskId}\"", client: client)).GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task The_in_memory_store_counts_unfinished_tasks_until_they_end_or_expire()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var store = new InMemoryMcpTaskStore(clock);
        McpTaskRecord Record(string id, string? caller) => new()
        {
            TaskId = id, ToolName = "wait", Arguments = "{}"u8.ToArray(), ClientCapabilities = "{}"u8.ToArray(), Status = McpTaskStatus.Working,
            CreatedAt = clock.Now, LastUpdatedAt = clock.Now, TimeToLiveMs = 1000, PollIntervalMs = 100, CreatedBy = caller,
        };
        var limits = new McpTaskLimits(MaxActiveTasks: 3, MaxActiveTasksPerCaller: 2, MaxFinishedTasksPerCaller: 100);
        Assert.Equal(McpTaskCreation.Created, await store.CreateAsync(Record("a1", "alice"), limits, default));
        Assert.Equal(McpTaskCreation.Created, await store.CreateAsync(Record("a2", "alice"), limits, default));
        Assert.Equal(McpTaskCreation.CallerLimitReached, await store.CreateAsync(Record("a3", "alice"), limits, default));
        Assert.Equal(McpTaskCreation.Created, await store.CreateAsync(Record("n1", null), limits, default));
        Assert.Equal(McpTaskCreation.ServerLimitReached, await store.CreateAsync(Record("n2", null), limits, default));
        Assert.Null(await store.GetAsync("a3", default));

        var a1 = (await store.GetAsync("a1", default))!;
        Assert.True(await store.TryReplaceAsync(a1 with { Status = McpTaskStatus.Completed }, a1.Version, default));
        Assert.Equal(1, store.CountActive("alice"));
        Assert.Equal(McpTaskCreation.Created, await store.CreateAsync(Record("a3", "alice"), limits, default));

        clock.Now += TimeSpan.FromSeconds(2);         // everything expired: read, and no longer counted
        foreach (var id in new[] { "a2", "a3", "n1" })
        {
            Assert.Null(await store.GetAsync(id, default));
        }

        Assert.Equal(0, store.CountActive());
    }

    [Fact]
    public async Task A_caller_keeps_at_most_its_limit_of_finished_tasks_and_the_oldest_go_first()
    {
        var client = WithStore(new InMemoryMcpTaskStore(), t => t.MaxFinishedTasksPerCaller = 2);
        var finished = new System.Collections.Generic.List<string>();
        for (int i = 0; i < 3; i++)
        {
            string taskId = await StartAsync("wait", "{\"milliseconds\":1}", client);
            await UntilAsync(taskId, IsTerminal, client);
            finished.Add(taskId);
        }

        // Making room for the next task's result drops the oldest finished ones, down to the limit.
        string next = await StartAsync("wait", "{\"milliseconds\":1}", client);
        await UntilAsync(next, IsTerminal, client);
        foreach (var dropped in finished.Take(2))
        {
            Assert.Equal(-32602, (await SendAsync("tasks/get", $"\"taskId\":\"{dropped}\"", client: client)).GetProperty("error").GetProperty("code").GetInt32());
        }

        Assert.Equal("completed", Status(await GetAsync(finished[2], client)));
    }

    /// <summary>A store whose engine can be made unreachable, as Redis is during a pause or a restart.</summary>
    private sealed class FlakyStore(IMcpTaskStore inner) : IMcpTaskStore
    {
        public volatile bool Down;

        private void ThrowIfDown()
        {
            if (Down)
            {
                throw new McpTaskStoreUnavailableException("The test store is down.");
            }
        }

        public Task<McpTaskCreation> CreateAsync(McpTaskRecord task, McpTaskLimits limits, CancellationToken cancellationToken)
        {
            ThrowIfDown();
            return inner.CreateAsync(task, limits, cancellationToken);
        }

        public Task<McpTaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken)
        {
            ThrowIfDown();
            return inner.GetAsync(taskId, cancellationToken);
        }

        public Task<bool> TryReplaceAsync(McpTaskRecord task, long expectedVersion, CancellationToken cancellationToken)
        {
            ThrowIfDown();
            return inner.TryReplaceAsync(task, expectedVersion, cancellationToken);
        }

        public Task<System.Collections.Generic.IReadOnlyList<string>> FindLapsedLeasesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
        {
            ThrowIfDown();
            return inner.FindLapsedLeasesAsync(now, limit, cancellationToken);
        }
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class BrokenStore : IMcpTaskStore
    {
        public Task<McpTaskCreation> CreateAsync(McpTaskRecord task, McpTaskLimits limits, CancellationToken cancellationToken) => throw new InvalidOperationException("store is down");

        public Task<McpTaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken) => Task.FromResult<McpTaskRecord?>(null);

        public Task<bool> TryReplaceAsync(McpTaskRecord task, long expectedVersion, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<System.Collections.Generic.IReadOnlyList<string>> FindLapsedLeasesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<System.Collections.Generic.IReadOnlyList<string>>([]);
    }
}
