using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client;
using McpGen.Redis.Tests;
using StackExchange.Redis;

namespace McpGen.IntegrationTests;

/// <summary>
/// samples/ResearchAgents as real processes on a real redis-server: research delegates to search, summarize and cite,
/// and instances die (kill -9), the parent is cancelled and Redis restarts mid-chain. Each test has its own Redis
/// database, so its tasks and run counters are its own.
/// </summary>
public sealed class DelegationFaultTests(DelegationFaultTests.PersistentRedis fixture) : IClassFixture<DelegationFaultTests.PersistentRedis>
{
    private static int s_database;

    private readonly RedisServer _redis = fixture.Server;

    /// <summary>A redis-server with append-only persistence, so a restart keeps every task and link.</summary>
    public sealed class PersistentRedis : IAsyncLifetime
    {
        public RedisServer Server { get; } = new() { Persistent = true };

        public Task InitializeAsync() => Server.InitializeAsync();

        public Task DisposeAsync() => Server.DisposeAsync();
    }

    [Fact]
    public async Task Killing_the_research_instance_mid_chain_resumes_it_on_the_other_and_no_remote_tool_runs_twice()
    {
        await using var fleet = await Fleet.StartAsync(_redis, research: 2, search: 1, summarize: 1, cite: 1);
        string taskId = await fleet.AskAsync(fleet.Research[0], "why do cats purr");
        await fleet.UntilRunningAsync("find");
        await fleet.UntilLinkedAsync(taskId, "find");

        fleet.Research[0].Kill();   // kill -9 while search works: the parent's lease lapses, research[1] takes it over

        var report = await fleet.WaitForReportAsync(fleet.Research[1], taskId);
        Assert.Equal("why do cats purr", report.GetProperty("question").GetString());
        Assert.Equal(3, report.GetProperty("references").GetArrayLength());
        Assert.Equal(new long[] { 1 }, await fleet.RunsAsync("find"));
        Assert.Equal(new long[] { 1 }, await fleet.RunsAsync("summarize"));
        Assert.Equal(new long[] { 1 }, await fleet.RunsAsync("cite"));
        long researchRuns = Assert.Single(await fleet.RunsAsync("research"));
        Assert.True(researchRuns >= 2, $"research ran {researchRuns} times: the killed run and at least one resumed run");

        using var record = await fleet.ParentRecordAsync(taskId);
        Assert.Equal(researchRuns, record.RootElement.GetProperty("attempts").GetInt32());
        var links = Links(record);
        Assert.Equal(["cite", "find", "summarize"], links.Select(l => l.GetProperty("tool").GetString()).Order());
        Assert.All(links, l =>
        {
            Assert.Equal(2, l.GetProperty("state").GetInt32());      // completed
            Assert.Equal(1, l.GetProperty("attempts").GetInt32());   // sent once: the resumed run re-attached or replayed
        });
    }

    [Fact]
    public async Task Killing_the_search_instance_mid_run_resumes_the_idempotent_child_and_the_chain_completes()
    {
        await using var fleet = await Fleet.StartAsync(_redis, research: 1, search: 2, summarize: 1, cite: 1);
        string taskId = await fleet.AskAsync(fleet.Research[0], "how do bees navigate");
        await fleet.UntilRunningAsync("find");
        await fleet.UntilLinkedAsync(taskId, "find");

        fleet.Search[0].Kill();   // the instance the call went to (the first endpoint) runs the child

        var report = await fleet.WaitForReportAsync(fleet.Research[0], taskId);
        Assert.Equal("how do bees navigate", report.GetProperty("question").GetString());
        Assert.Equal(new long[] { 2 }, await fleet.RunsAsync("find"));       // the killed run, and its resumption on search[1]
        Assert.Equal(new long[] { 1 }, await fleet.RunsAsync("summarize"));
        Assert.Equal(new long[] { 1 }, await fleet.RunsAsync("cite"));
        using var record = await fleet.ParentRecordAsync(taskId);
        Assert.All(Links(record), l => Assert.Equal(2, l.GetProperty("state").GetInt32()));
    }

    [Fact]
    public async Task Killing_the_cite_instance_mid_run_fails_the_parent_naming_the_link()
    {
        await using var fleet = await Fleet.StartAsync(_redis, research: 1, search: 1, summarize: 1, cite: 2);
        string taskId = await fleet.AskAsync(fleet.Research[0], "what is dark matter");
        await fleet.UntilRunningAsync("cite");
        await fleet.UntilLinkedAsync(taskId, "cite");

        fleet.Cite[0].Kill();   // cite is not idempotent: its interrupted run is not run again

        var error = await Assert.ThrowsAsync<McpRemoteException>(() => fleet.WaitForReportAsync(fleet.Research[0], taskId));
        using var record = await fleet.ParentRecordAsync(taskId);
        var cite = Links(record).Single(l => l.GetProperty("tool").GetString() == "cite");
        string childTaskId = cite.GetProperty("taskId").GetString()!;
        Assert.Equal(3, cite.GetProperty("state").GetInt32());   // failed
        Assert.Contains("tool 'cite'", error.RemoteMessage);
        Assert.Contains(fleet.Cite[0].Endpoint.OriginalString, error.RemoteMessage);
        Assert.Contains(childTaskId, error.RemoteMessage);
        Assert.Contains("not marked idempotent", error.RemoteMessage);
        Assert.Equal("cite", error.Data!.Value.GetProperty("tool").GetString());
        Assert.Equal(childTaskId, error.Data!.Value.GetProperty("childTaskId").GetString());
        Assert.Equal(fleet.Cite[0].Endpoint.OriginalString, error.Data!.Value.GetProperty("server").GetString());
        Assert.Equal(new long[] { 1 }, await fleet.RunsAsync("cite"));
        Assert.Equal(0, await fleet.Database.ListLengthAsync("research-agents:citations"));   // nothing registered, nothing twice
    }

    [Fact]
    public async Task Cancelling_the_parent_cancels_its_running_child()
    {
        await using var fleet = await Fleet.StartAsync(_redis, research: 1, search: 1, summarize: 1, cite: 1, workMs: 4000);
        string taskId = await fleet.AskAsync(fleet.Research[0], "where do comets come from");
        await fleet.UntilRunningAsync("find");
        string childTaskId = await fleet.UntilLinkedAsync(taskId, "find");

        await using var client = Fleet.ClientOf(fleet.Research[0]);
        await client.CancelTaskAsync(taskId);

        await Fleet.UntilStatusAsync(client, taskId, "cancelled");
        await using var search = Fleet.ClientOf(fleet.Search[0]);
        await Fleet.UntilStatusAsync(search, childTaskId, "cancelled");
        Assert.Empty(await fleet.RunsAsync("summarize"));
        Assert.Empty(await fleet.RunsAsync("cite"));
    }

    [Fact]
    public async Task Restarting_redis_mid_chain_loses_nothing_and_the_chain_completes()
    {
        // A lease longer than the outage, as in production: no run loses its task, so none is interrupted. The child
        // being waited for is cite, which must not run twice: while Redis is down its server answers tasks/get with
        // -32603 (the store is unavailable), which is no failure of the child.
        await using var fleet = await Fleet.StartAsync(_redis, research: 1, search: 1, summarize: 1, cite: 1, workMs: 2500, lease: "00:00:10");
        string taskId = await fleet.AskAsync(fleet.Research[0], "why is the sea salty");
        await fleet.UntilRunningAsync("cite");
        await fleet.UntilLinkedAsync(taskId, "cite");

        _redis.Stop();   // a crash; the append-only file has every write
        await Task.Delay(TimeSpan.FromSeconds(2));
        await _redis.StartAsync();

        var report = await fleet.WaitForReportAsync(fleet.Research[0], taskId, tolerateStoreErrors: true);
        Assert.Equal("why is the sea salty", report.GetProperty("question").GetString());
        using var record = await fleet.ParentRecordAsync(taskId);
        var links = Links(record);
        Assert.Equal(3, links.Length);
        Assert.All(links, l =>
        {
            Assert.Equal(2, l.GetProperty("state").GetInt32());
            Assert.Equal(1, l.GetProperty("attempts").GetInt32());
        });
        Assert.Equal(new long[] { 1 }, await fleet.RunsAsync("research"));
        Assert.Equal(new long[] { 1 }, await fleet.RunsAsync("find"));
        Assert.Equal(new long[] { 1 }, await fleet.RunsAsync("summarize"));
        Assert.Equal(new long[] { 1 }, await fleet.RunsAsync("cite"));
        Assert.Equal(1, await fleet.Database.ListLengthAsync("research-agents:citations"));
    }

    private static JsonElement[] Links(JsonDocument record) =>
        record.RootElement.TryGetProperty("links", out var links) ? [.. links.EnumerateObject().Select(p => p.Value)] : [];

    /// <summary>Agent processes sharing one Redis database, with the peers' endpoints given to research.</summary>
    private sealed class Fleet : IAsyncDisposable
    {
        private readonly List<Agent> _all = [];
        private ConnectionMultiplexer _connection = null!;

        public Agent[] Research { get; private set; } = [];

        public Agent[] Search { get; private set; } = [];

        public Agent[] Summarize { get; private set; } = [];

        public Agent[] Cite { get; private set; } = [];

        public int DatabaseNumber { get; private init; }

        public IDatabase Database => _connection.GetDatabase(DatabaseNumber);

        public static async Task<Fleet> StartAsync(RedisServer redis, int research, int search, int summarize, int cite, int workMs = 1200, string lease = "00:00:02")
        {
            var fleet = new Fleet { DatabaseNumber = Interlocked.Increment(ref s_database) };
            var options = ConfigurationOptions.Parse(redis.Configuration);
            options.AbortOnConnectFail = false;
            fleet._connection = await ConnectionMultiplexer.ConnectAsync(options);
            fleet.Search = Ports(search);
            fleet.Summarize = Ports(summarize);
            fleet.Cite = Ports(cite);
            fleet.Research = Ports(research);
            string store = $"{redis.Configuration},defaultDatabase={fleet.DatabaseNumber}";
            var peers = new List<string>();
            foreach (var (name, agents) in new[] { ("Search", fleet.Search), ("Summarize", fleet.Summarize), ("Cite", fleet.Cite) })
            {
                for (int i = 0; i < agents.Length; i++)
                {
                    peers.AddRange([$"--Agents:{name}:{i}", agents[i].Endpoint.OriginalString]);
                }
            }

            foreach (var (agent, instances) in new[] { ("research", fleet.Research), ("search", fleet.Search), ("summarize", fleet.Summarize), ("cite", fleet.Cite) })
            {
                foreach (var instance in instances)
                {
                    instance.Start(agent, ["--Redis", store, "--Agents:WorkMs", workMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        "--McpGen:Tasks:LeaseDuration", lease, "--Logging:LogLevel:Default", "Warning", .. peers]);
                    fleet._all.Add(instance);
                }
            }

            try
            {
                await Task.WhenAll(fleet._all.Select(a => a.UntilHealthyAsync()));
            }
            catch
            {
                await fleet.DisposeAsync();
                throw;
            }

            return fleet;
        }

        private static Agent[] Ports(int count) => [.. Enumerable.Range(0, count).Select(_ => new Agent(HttpServerProcess.FreeLoopbackPort()))];

        public static McpClient ClientOf(Agent agent) =>
            McpClient.Create(agent.Endpoint, new McpClientOptions { EnableTasks = true });

        /// <summary>Asks research (a tools/call the server makes a task) and returns the task's id.</summary>
        public async Task<string> AskAsync(Agent research, string question)
        {
            string meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":" + HttpServerProcess.TasksCapabilities + "}";
            using var request = new HttpRequestMessage(HttpMethod.Post, research.Endpoint)
            {
                Content = new StringContent(
                    $"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{{\"name\":\"research\",\"arguments\":{{\"question\":{JsonSerializer.Serialize(question)}}},{meta}}}}}",
                    Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Accept", "application/json, text/event-stream");
            request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
            request.Headers.Add("Mcp-Method", "tools/call");
            request.Headers.Add("Mcp-Name", "research");
            using var http = new HttpClient();
            using var response = await http.SendAsync(request);
            string body = await response.Content.ReadAsStringAsync();
            using var document = JsonDocument.Parse(body);
            return document.RootElement.GetProperty("result").GetProperty("taskId").GetString() ?? throw new InvalidOperationException("no task id in " + body);
        }

        /// <summary>Waits for the research task on <paramref name="research"/>; returns the report (its structured content).</summary>
        public async Task<JsonElement> WaitForReportAsync(Agent research, string taskId, bool tolerateStoreErrors = false)
        {
            await using var client = ClientOf(research);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            if (tolerateStoreErrors)
            {
                // While Redis is down the server answers tasks/get with -32603 (the store is unavailable): poll until it answers.
                while (true)
                {
                    try
                    {
                        if ((await client.GetTaskAsync(taskId, timeout.Token)).IsTerminal)
                        {
                            break;
                        }
                    }
                    catch (McpRemoteException e) when (e.Code == -32603)
                    {
                    }
                    catch (McpClientException)
                    {
                    }

                    await Task.Delay(200, timeout.Token);
                }
            }

            try
            {
                return await client.WaitForTaskAsync(taskId, static json =>
                {
                    using var result = JsonDocument.Parse(json.ToArray());
                    return result.RootElement.GetProperty("structuredContent").Clone();
                }, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"The research task {taskId} did not end in 40 s. Agents' output:\n{Output}");
            }
        }

        public static async Task UntilStatusAsync(McpClient client, string taskId, string status)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            string last = "";
            while (DateTime.UtcNow < deadline)
            {
                last = (await client.GetTaskAsync(taskId)).Status;
                if (last == status)
                {
                    return;
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"Task {taskId} is '{last}', not '{status}'.");
        }

        /// <summary>Waits until <paramref name="tool"/> has started running (its run counter exists).</summary>
        public async Task UntilRunningAsync(string tool)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline)
            {
                if ((await RunsAsync(tool)).Length > 0)
                {
                    return;
                }

                await Task.Delay(50);
            }

            throw new TimeoutException($"{tool} did not start. Agents' output:\n{Output}");
        }

        /// <summary>Waits until the parent's record links a child task of <paramref name="tool"/>; returns the child's id.</summary>
        public async Task<string> UntilLinkedAsync(string taskId, string tool)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline)
            {
                using var record = await ParentRecordAsync(taskId);
                if (Links(record).FirstOrDefault(l => l.GetProperty("tool").GetString() == tool && l.TryGetProperty("taskId", out _)) is { ValueKind: JsonValueKind.Object } link)
                {
                    return link.GetProperty("taskId").GetString()!;
                }

                await Task.Delay(50);
            }

            throw new TimeoutException($"Task {taskId} has no link to {tool}.");
        }

        /// <summary>The counts of <paramref name="tool"/>'s runs, one per distinct arguments.</summary>
        public async Task<long[]> RunsAsync(string tool)
        {
            var counts = new List<long>();
            var server = _connection.GetServer(_connection.GetEndPoints()[0]);
            await foreach (var key in server.KeysAsync(DatabaseNumber, "research-agents:runs:" + tool + ":*"))
            {
                counts.Add((long)await Database.StringGetAsync(key));
            }

            return [.. counts.Order()];
        }

        /// <summary>The research task's record as the store keeps it (see RedisMcpTaskStore: a hash under the hash-tagged prefix, the record in <c>d</c>).</summary>
        public async Task<JsonDocument> ParentRecordAsync(string taskId)
        {
            var json = await Database.HashGetAsync("{research-agents:research:tasks}:" + taskId, "d");
            return JsonDocument.Parse(json.IsNull ? throw new InvalidOperationException($"No record of task {taskId}.") : json.ToString());
        }

        public string Output => string.Join("\n", _all.Select(a => a.Describe()));

        public async ValueTask DisposeAsync()
        {
            foreach (var agent in _all)
            {
                agent.Kill();
            }

            await (_connection?.DisposeAsync() ?? ValueTask.CompletedTask);
        }
    }

    /// <summary>One agent process on its loopback port.</summary>
    private sealed class Agent(int port)
    {
        private readonly StringBuilder _output = new();
        private Process? _process;
        private string _name = "";

        public Uri Endpoint { get; } = new($"http://127.0.0.1:{port}/mcp");

        public void Start(string agent, string[] arguments)
        {
            _name = agent;
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in (string[])[Repo.SampleDll("ResearchAgents"), "--agent", agent, "--urls", $"http://127.0.0.1:{port}", .. arguments])
            {
                info.ArgumentList.Add(argument);
            }

            _process = Process.Start(info)!;
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public async Task UntilHealthyAsync()
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            for (int attempt = 0; attempt < 300; attempt++)
            {
                try
                {
                    using var response = await http.GetAsync($"http://127.0.0.1:{port}/healthz");
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException) when (_process is { HasExited: false })
                {
                }

                await Task.Delay(100);
            }

            throw new InvalidOperationException($"{_name} did not become healthy on port {port}:\n{Describe()}");
        }

        /// <summary>kill -9: no goodbye, its leases simply stop being renewed.</summary>
        public void Kill()
        {
            if (_process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }

        public string Describe()
        {
            lock (_output)
            {
                return $"--- {_name} {Endpoint}\n{_output}";
            }
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }
}
