using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

/// <summary>
/// The fault scenario of issue 25: CLIENTS clients through one load balancer (one target URL) for DURATION seconds while
/// benchmarks/scaleout/run.sh kills, restarts or fails over what is behind it. It counts every request and sorts the
/// failures: retryable (HTTP 502/503/504 from the balancer, a connection error or timeout: the client may send again)
/// against wrong (any other HTTP status, a JSON-RPC error, a wrong answer: must be zero). A JSON-RPC error or tool error
/// that names an unreachable Redis is counted apart, as "unavailable". TASK_CLIENTS of the clients run tasks one after
/// another instead, alternating rebuild_index (idempotent: must complete, on another instance if need be) and
/// send_report (not idempotent: completes, or fails saying it is not run again), each polled to a terminal state with a
/// deadline long enough for a dead instance's lease to lapse; lost (unknown to tasks/get) and stuck (still working at the
/// deadline) must be zero. LISTENERS subscriptions/listen streams each follow one note that a publisher writes four
/// times a second; a listener listens again whenever its stream ends, and the run reports the updates received
/// against those written while a stream was open. The instances' resident memory is sampled every second by slot
/// (PID_FILES: one file per slot holding the current process id, so a restarted instance keeps its slot).
/// Exit code 1 on any wrong answer or any lost or stuck task.
/// </summary>
internal static class FaultsScenario
{
    private const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}}";

    private enum Kind
    {
        Retryable,
        Unavailable,
        Wrong,
    }

    private sealed class Failure(Kind kind, string message) : Exception(message)
    {
        public Kind Kind { get; } = kind;
    }

    private sealed class Counters
    {
        public long Requests, Retryable, Connection, Http5xx, Unavailable, Wrong;
        public long TasksStarted, TasksCompleted, TasksFailedSafely, TasksLost, TasksStuck, TasksWrong;
        public long Updates, Expected, Missed, StreamsEndedClean, StreamsCut;
        public readonly ConcurrentDictionary<int, long> FailuresBySecond = new();
        public readonly ConcurrentDictionary<int, string> FirstFailureBySecond = new();
        public readonly ConcurrentQueue<string> Samples = new();
    }

    public static async Task<int> RunAsync(Options options)
    {
        var target = new Uri(options.Targets[0]);
        var c = new Counters();
        var clock = Stopwatch.StartNew();
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { BaseAddress = target, Timeout = TimeSpan.FromSeconds(30) };
        using var listenHttp = new HttpClient(new SocketsHttpHandler()) { BaseAddress = target, Timeout = Timeout.InfiniteTimeSpan };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.DurationSeconds));

        void Sample(string message)
        {
            if (c.Samples.Count < 20)
            {
                c.Samples.Enqueue($"t+{clock.Elapsed.TotalSeconds:0.0}s {message}");
            }
        }

        void Count(Failure f)
        {
            switch (f.Kind)
            {
                case Kind.Retryable:
                    if (Interlocked.Increment(ref c.Retryable) <= 3)
                    {
                        Sample("retryable: " + f.Message);
                    }

                    break;
                case Kind.Unavailable:
                    if (Interlocked.Increment(ref c.Unavailable) <= 3)
                    {
                        Sample("unavailable: " + f.Message);
                    }

                    break;
                default: Interlocked.Increment(ref c.Wrong); Sample("wrong: " + f.Message); break;
            }

            int second = (int)clock.Elapsed.TotalSeconds;
            c.FailuresBySecond.AddOrUpdate(second, 1, static (_, n) => n + 1);
            c.FirstFailureBySecond.TryAdd(second, $"{f.Kind}: {(f.Message.Length > 200 ? f.Message[..200] + "…" : f.Message)}");
        }

        async Task<JsonElement> CallAsync(string method, string name, string parameters, CancellationToken ct)
        {
            string body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + parameters[..^1] + "," + Meta + "}}";
            using var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Accept", "application/json, text/event-stream");
            request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
            request.Headers.Add("Mcp-Method", method);
            request.Headers.Add("Mcp-Name", name);
            int status;
            string answer;
            try
            {
                using var response = await http.SendAsync(request, ct);
                status = (int)response.StatusCode;
                answer = await response.Content.ReadAsStringAsync(ct);
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                Interlocked.Increment(ref c.Requests);
                Interlocked.Increment(ref c.Connection);
                throw new Failure(Kind.Retryable, $"{method} {name}: {e.GetType().Name}: {e.Message} {e.InnerException?.Message}");
            }

            Interlocked.Increment(ref c.Requests);
            if (status is 502 or 503 or 504)
            {
                Interlocked.Increment(ref c.Http5xx);
                throw new Failure(Kind.Retryable, $"{method} {name}: HTTP {status}");
            }

            if (status is < 200 or > 299)
            {
                throw new Failure(Kind.Wrong, $"{method} {name}: HTTP {status}: {answer}");
            }

            using var document = JsonDocument.Parse(answer);
            if (document.RootElement.TryGetProperty("error", out var error))
            {
                string message = error.GetProperty("message").GetString() ?? "";
                throw new Failure(NamesRedis(message) ? Kind.Unavailable : Kind.Wrong, $"{method} {name}: JSON-RPC error {error.GetRawText()}");
            }

            var result = document.RootElement.GetProperty("result");
            if (result.TryGetProperty("isError", out var isError) && isError.GetBoolean())
            {
                string text = result.GetProperty("content")[0].GetProperty("text").GetString() ?? "";
                throw new Failure(NamesRedis(text) ? Kind.Unavailable : Kind.Wrong, $"{method} {name}: tool error {text}");
            }

            return result.Clone();
        }

        // Resident memory by slot: the pid file of a slot names its current process.
        var memory = new List<(double Seconds, long[] RssKb)>();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var sample = options.PidFiles.Select(f => ReadPid(f) is int pid ? ResidentMemory.Kb(pid) : 0).ToArray();
                lock (memory)
                {
                    memory.Add((clock.Elapsed.TotalSeconds, sample));
                }

                try { await Task.Delay(1000, stop.Token); } catch (OperationCanceledException) { }
            }
        });

        // Notes: each client writes its own note and reads it back (any instance may answer either).
        var writers = Enumerable.Range(options.TaskClients, Math.Max(0, options.Clients - options.TaskClients)).Select(client => Task.Run(async () =>
        {
            for (int round = 0; !stop.IsCancellationRequested; round++)
            {
                try
                {
                    string id = $"fault-{client}";
                    string text = $"round {round} of client {client}";
                    var wrote = await CallAsync("tools/call", "write_note", $$$"""{"name":"write_note","arguments":{"id":"{{{id}}}","text":"{{{text}}}"}}""", stop.Token);
                    if (Text(wrote) != $"Note {id} saved.")
                    {
                        throw new Failure(Kind.Wrong, "write_note answered " + wrote);
                    }

                    var read = await CallAsync("resources/read", "notes://" + id, $$"""{"uri":"notes://{{id}}"}""", stop.Token);
                    if (read.GetProperty("contents")[0].GetProperty("text").GetString() != text)
                    {
                        throw new Failure(Kind.Wrong, $"read back {read} after writing '{text}'");
                    }
                }
                catch (Failure f)
                {
                    Count(f);
                    await Pause(stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
            }
        })).ToArray();

        // Tasks: one at a time per task client, polled to a terminal state.
        var taskClients = Enumerable.Range(0, Math.Min(options.TaskClients, options.Clients)).Select(client => Task.Run(async () =>
        {
            for (int round = 0; !stop.IsCancellationRequested; round++)
            {
                string tool = round % 2 == 0 ? "rebuild_index" : "send_report";
                string taskId;
                try
                {
                    var started = await CallAsync("tools/call", tool, $$$"""{"name":"{{{tool}}}","arguments":{"seconds":1}}""", stop.Token);
                    taskId = started.GetProperty("taskId").GetString() ?? throw new Failure(Kind.Wrong, "no taskId in " + started);
                }
                catch (Failure f)
                {
                    Count(f);
                    await Pause(stop.Token);
                    continue;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }

                Interlocked.Increment(ref c.TasksStarted);
                await PollAsync(taskId, tool);
            }
        })).ToArray();

        async Task PollAsync(string taskId, string tool)
        {
            // Long enough for a lease (McpGen__Tasks__LeaseDuration, 5 s in run.sh) to lapse and a sweep to take it over,
            // also when the run ends while the task is still working.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(options.TaskDeadlineSeconds));
            string last = "(never answered)";
            while (!deadline.IsCancellationRequested)
            {
                try
                {
                    var task = await CallAsync("tasks/get", taskId, $$"""{"taskId":"{{taskId}}"}""", deadline.Token);
                    last = task.GetRawText();
                    switch (task.GetProperty("status").GetString())
                    {
                        case "completed":
                            string? text = Text(task.GetProperty("result"));
                            if (text == (tool == "rebuild_index" ? "Index rebuilt in 1 s." : "Report sent."))
                            {
                                Interlocked.Increment(ref c.TasksCompleted);
                            }
                            else
                            {
                                Interlocked.Increment(ref c.TasksWrong);
                                Sample($"task {taskId} ({tool}) completed with {last}");
                            }

                            return;
                        case "failed" when tool == "send_report" && task.GetProperty("error").GetProperty("message").GetString() is { } m && m.Contains("not marked idempotent", StringComparison.Ordinal):
                            Interlocked.Increment(ref c.TasksFailedSafely);
                            return;
                        case "working" or "submitted":
                            break;
                        default:
                            Interlocked.Increment(ref c.TasksWrong);
                            Sample($"task {taskId} ({tool}) ended {last}");
                            return;
                    }
                }
                catch (Failure f) when (f.Message.Contains("-32602", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref c.TasksLost);
                    Sample($"task {taskId} ({tool}) lost: {f.Message}");
                    return;
                }
                catch (Failure f)
                {
                    Count(f);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    break;
                }

                try { await Task.Delay(200, deadline.Token); } catch (OperationCanceledException) { }
            }

            Interlocked.Increment(ref c.TasksStuck);
            Sample($"task {taskId} ({tool}) stuck: {last}");
        }

        // Listeners and their publishers.
        var writes = new ConcurrentBag<(int Note, double Start, double End)>();
        var opened = new ConcurrentBag<(int Note, double From, double To)>();
        var received = new long[options.Listeners];
        var publishers = Enumerable.Range(0, options.Listeners).Select(k => Task.Run(async () =>
        {
            for (int round = 0; !stop.IsCancellationRequested; round++)
            {
                double start = clock.Elapsed.TotalSeconds;
                try
                {
                    await CallAsync("tools/call", "write_note", $$$"""{"name":"write_note","arguments":{"id":"listen-{{{k}}}","text":"{{{round}}}"}}""", stop.Token);
                    writes.Add((k, start, clock.Elapsed.TotalSeconds));
                }
                catch (Failure f)
                {
                    Count(f);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }

                try { await Task.Delay(250, stop.Token); } catch (OperationCanceledException) { }
            }
        })).ToArray();
        var listeners = Enumerable.Range(0, options.Listeners).Select(k => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                double? from = null;
                bool clean = false;
                try
                {
                    string body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscriptions/listen\",\"params\":{\"notifications\":{\"resourceSubscriptions\":[\"notes://listen-" + k + "\"]}," + Meta + "}}";
                    using var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    request.Headers.Add("Accept", "application/json, text/event-stream");
                    request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
                    request.Headers.Add("Mcp-Method", "subscriptions/listen");
                    using var response = await listenHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new Failure((int)response.StatusCode is 502 or 503 or 504 ? Kind.Retryable : Kind.Wrong, $"subscriptions/listen: HTTP {(int)response.StatusCode}");
                    }

                    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
                    while (await reader.ReadLineAsync(stop.Token) is { } line)
                    {
                        if (!line.StartsWith("data: ", StringComparison.Ordinal))
                        {
                            continue;
                        }

                        if (line.Contains("notifications/subscriptions/acknowledged", StringComparison.Ordinal))
                        {
                            from = clock.Elapsed.TotalSeconds;
                        }
                        else if (line.Contains("notifications/resources/updated", StringComparison.Ordinal))
                        {
                            Interlocked.Increment(ref received[k]);
                        }
                        else if (line.Contains("\"resultType\":\"complete\"", StringComparison.Ordinal))
                        {
                            clean = true;
                        }
                    }
                }
                catch (Failure f)
                {
                    Count(f);
                }
                catch (Exception e) when (e is HttpRequestException or IOException)
                {
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }

                if (from is double f0)
                {
                    opened.Add((k, f0, clock.Elapsed.TotalSeconds));
                }

                if (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref clean ? ref c.StreamsEndedClean : ref c.StreamsCut);
                    await Pause(stop.Token);
                }
            }
        })).ToArray();

        await Task.WhenAll(writers.Concat(publishers).Concat(listeners));
        double elapsed = clock.Elapsed.TotalSeconds;
        await sampler;
        await Task.WhenAll(taskClients);
        double drained = clock.Elapsed.TotalSeconds;

        // Expected updates: writes that began after a stream of their note was acknowledged and ended at least half a
        // second before that stream ended.
        foreach (var group in writes.GroupBy(w => w.Note))
        {
            var windows = opened.Where(o => o.Note == group.Key).ToList();
            long expected = group.Count(w => windows.Any(o => w.Start >= o.From && w.End + 0.5 <= o.To));
            c.Expected += expected;
            c.Missed += Math.Max(0, expected - Interlocked.Read(ref received[group.Key]));
        }

        c.Updates = received.Sum();
        long failed = c.Retryable + c.Unavailable + c.Wrong;
        Console.WriteLine($"{options.Label}: through {target}, {options.Clients} clients ({options.TaskClients} running tasks), {options.Listeners} listeners, {elapsed:0.0} s (tasks drained at {drained:0.0} s)");
        Console.WriteLine($"  requests {c.Requests:N0} ({c.Requests / elapsed:N0}/s), failed {failed:N0}: retryable {c.Retryable:N0} (HTTP 502/503/504 {c.Http5xx:N0}, connection/timeout {c.Connection:N0}), unavailable {c.Unavailable:N0}, wrong {c.Wrong:N0}");
        if (!c.FailuresBySecond.IsEmpty)
        {
            Console.WriteLine("  failures by second of the run: " + string.Join(" ", c.FailuresBySecond.OrderBy(p => p.Key).Select(p => $"{p.Key}s:{p.Value}")));
            foreach (var (second, first) in c.FirstFailureBySecond.OrderBy(p => p.Key))
            {
                Console.WriteLine($"    first at {second}s: {first}");
            }
        }

        Console.WriteLine($"  tasks started {c.TasksStarted:N0}: completed {c.TasksCompleted:N0}, failed safely (send_report, not idempotent) {c.TasksFailedSafely:N0}, lost {c.TasksLost}, stuck {c.TasksStuck}, wrong {c.TasksWrong}");
        Console.WriteLine($"  notifications: received {c.Updates:N0}, expected {c.Expected:N0} (written while a stream was open), missed {c.Missed:N0}; streams ended with their final result {c.StreamsEndedClean}, cut {c.StreamsCut}");
        List<(double Seconds, long[] RssKb)> rss;
        lock (memory)
        {
            rss = [.. memory];
        }

        for (int slot = 0; slot < options.PidFiles.Length; slot++)
        {
            var values = rss.Select(m => m.RssKb[slot]).ToArray();
            var live = values.Where(v => v > 0).ToArray();
            string series = string.Join(" ", rss.Where((_, i) => i % 10 == 0).Select(m => Mb(m.RssKb[slot])));
            Console.WriteLine($"  RSS slot {slot + 1}: max {Mb(live.DefaultIfEmpty().Max())} MB, end {Mb(values.LastOrDefault())} MB; every 10 s: {series}");
        }

        foreach (var s in c.Samples)
        {
            Console.WriteLine("  " + s);
        }

        if (options.Tsv is { } tsv)
        {
            File.AppendAllText(tsv, string.Join('\t', "faults", options.Label, options.Clients, elapsed.ToString("0.0", CultureInfo.InvariantCulture), c.Requests, c.Retryable, c.Unavailable, c.Wrong,
                c.TasksStarted, c.TasksCompleted, c.TasksFailedSafely, c.TasksLost, c.TasksStuck, c.TasksWrong, c.Updates, c.Expected, c.Missed,
                string.Join('/', Enumerable.Range(0, options.PidFiles.Length).Select(s => Mb(rss.Select(m => m.RssKb[s]).DefaultIfEmpty().Max())))) + "\n");
        }

        return c.Wrong == 0 && c.TasksWrong == 0 && c.TasksLost == 0 && c.TasksStuck == 0 && c.Requests > 0 ? 0 : 1;
    }

    /// <summary>
    /// Whether an error's text says Redis could not be reached: McpGen's task store ("unavailable: Redis cannot be
    /// reached") or StackExchange.Redis itself, through the sample's note store (a socket failure, a write that failed,
    /// no connection, a timeout, a write that reached a replica just demoted by a failover, or a Redis Cluster saying a
    /// slot has no primary until a replica takes over: CLUSTERDOWN, TRYAGAIN).
    /// </summary>
    private static bool NamesRedis(string message) =>
        message.Contains("unavailable", StringComparison.OrdinalIgnoreCase) || message.Contains("Redis", StringComparison.Ordinal)
        || message.Contains("SocketFailure", StringComparison.Ordinal) || message.Contains("SocketClosed", StringComparison.Ordinal) || message.Contains("Failed to write", StringComparison.Ordinal)
        || message.Contains("No connection is active", StringComparison.Ordinal) || message.Contains("No connection is available", StringComparison.Ordinal)
        || message.Contains("UnableToConnect", StringComparison.Ordinal) || message.Contains("Timeout performing", StringComparison.Ordinal)
        || message.Contains("READONLY", StringComparison.Ordinal) || message.Contains("CLUSTERDOWN", StringComparison.Ordinal)
        || message.Contains("TRYAGAIN", StringComparison.Ordinal);

    private static async Task Pause(CancellationToken cancellationToken)
    {
        try { await Task.Delay(100, cancellationToken); } catch (OperationCanceledException) { }
    }

    private static string? Text(JsonElement result) => result.GetProperty("content")[0].GetProperty("text").GetString();

    private static string Mb(long kb) => (kb * 1024 / 1e6).ToString("0", CultureInfo.InvariantCulture);

    private static int? ReadPid(string file)
    {
        try
        {
            return int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

}
