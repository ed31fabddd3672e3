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

// A bounded load test of samples/ScaleOutServer: CLIENTS concurrent clients for DURATION seconds (or MAX requests),
// spread over one or more instances. Every client writes its own note on one instance and reads it back from the
// next (state lives in Redis, not in a process), and every tenth round starts a task on one instance and polls it to
// completion on another. Any HTTP error, JSON-RPC error or wrong answer counts as an error; the exit code is 1 if
// there was any. The servers' resident memory is sampled every second to show whether it stays flat.
//   LoadTest --targets http://127.0.0.1:3101/mcp[,http://127.0.0.1:3102/mcp] [--clients 200] [--duration 60]
//            [--max-requests 3000000] [--pids 123,456] [--tsv results.tsv --label one-instance]
// With --scenario limits it runs the memory scenario of stalled listeners and huge listen filters instead (Limits.cs):
//   LoadTest --scenario limits --targets http://127.0.0.1:3101/mcp --pids 123 [--listeners 200] [--publishers 8]
//            [--huge-filters 20] [--rounds 2] [--duration 20]
// With --scenario faults it runs the fault scenario of issue 25 through one load balancer instead (Faults.cs), while
// benchmarks/scaleout/run.sh kills and restarts what is behind it:
//   LoadTest --scenario faults --targets http://127.0.0.1:8080/mcp --pid-files slot1.pid,slot2.pid,slot3.pid
//            [--clients 200] [--task-clients 16] [--listeners 10] [--duration 60] [--task-deadline 60]
var options = Options.Parse(args);
if (options.Scenario == "limits")
{
    return await LimitsScenario.RunAsync(options);
}

if (options.Scenario == "faults")
{
    return await FaultsScenario.RunAsync(options);
}

var clients = options.Targets.Select(t => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    BaseAddress = new Uri(t),
    Timeout = TimeSpan.FromSeconds(30),
}).ToArray();

var latencies = new ConcurrentBag<List<double>>();
var errors = new ConcurrentQueue<string>();
long requests = 0, errorCount = 0, tasksCompleted = 0;
var memory = new List<(double Seconds, long[] RssKb)>();
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.DurationSeconds));
var clock = Stopwatch.StartNew();

var sampler = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        lock (memory)
        {
            memory.Add((clock.Elapsed.TotalSeconds, options.Pids.Select(ResidentMemory.Kb).ToArray()));
        }

        try { await Task.Delay(1000, stop.Token); } catch (OperationCanceledException) { }
    }
});

var workers = Enumerable.Range(0, options.Clients).Select(client => Task.Run(async () =>
{
    var mine = new List<double>(4096);
    latencies.Add(mine);
    for (int round = 0; !stop.IsCancellationRequested && Interlocked.Read(ref requests) < options.MaxRequests; round++)
    {
        var writer = clients[(client + round) % clients.Length];
        var reader = clients[(client + round + 1) % clients.Length];
        try
        {
            string id = $"load-{client}";
            string text = $"round {round} of client {client}";
            var wrote = await CallAsync(writer, "tools/call", "write_note", $$$"""{"name":"write_note","arguments":{"id":"{{{id}}}","text":"{{{text}}}"}}""", mine);
            Expect(Text(wrote) == $"Note {id} saved.", "write_note answered " + wrote);
            var read = await CallAsync(reader, "resources/read", "notes://" + id, $$"""{"uri":"notes://{{id}}"}""", mine);
            Expect(read.GetProperty("contents")[0].GetProperty("text").GetString() == text, "another instance read back " + read);

            if (round % 10 == 0)
            {
                var started = await CallAsync(writer, "tools/call", "send_report", """{"name":"send_report","arguments":{"seconds":0}}""", mine);
                string taskId = started.GetProperty("taskId").GetString() ?? throw new InvalidDataException("no taskId in " + started);
                for (int poll = 0; ; poll++)
                {
                    var task = await CallAsync(reader, "tasks/get", taskId, $$"""{"taskId":"{{taskId}}"}""", mine);
                    string? status = task.GetProperty("status").GetString();
                    if (status == "completed")
                    {
                        Expect(Text(task.GetProperty("result")) == "Report sent.", "the task's result was " + task);
                        Interlocked.Increment(ref tasksCompleted);
                        break;
                    }

                    Expect(status is "working" or "submitted", "the task ended " + task);
                    Expect(poll < 300, "the task did not complete within 30 s: " + task);
                    await Task.Delay(100);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            break; // the run's end cuts the requests in flight; they are not errors
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref errorCount);
            if (errors.Count < 10)
            {
                errors.Enqueue($"client {client} round {round}: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }
})).ToArray();

await Task.WhenAll(workers);
double elapsed = clock.Elapsed.TotalSeconds;
stop.Cancel();
await sampler;

var all = latencies.SelectMany(l => l).Order().ToArray();
double P(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
var rss = memory.Where(m => m.RssKb.All(v => v > 0)).Select(m => (m.Seconds, Total: m.RssKb.Sum())).ToList();
// Memory is "flat" when the second half of the run grows by less than 10% of where it started.
var half = rss.Where(m => m.Seconds >= elapsed / 2).ToList();
long rssStart = half.Count > 0 ? half[0].Total : 0, rssEnd = half.Count > 0 ? half[^1].Total : 0, rssMax = rss.Count > 0 ? rss.Max(m => m.Total) : 0;
double growth = rssStart > 0 ? (rssEnd - rssStart) / (double)rssStart : double.NaN;

string Ms(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
Console.WriteLine($"{options.Label}: {options.Targets.Length} instance(s), {options.Clients} clients, {elapsed:0.0} s");
Console.WriteLine($"  requests {requests:N0} ({requests / elapsed:N0}/s), tasks completed {tasksCompleted:N0}, errors {errorCount}");
Console.WriteLine($"  latency p50 {Ms(P(0.50))} ms, p99 {Ms(P(0.99))} ms, max {Ms(all.LastOrDefault())} ms");
Console.WriteLine($"  server RSS (all instances): max {rssMax * 1024 / 1e6:0.0} MB; second half {rssStart * 1024 / 1e6:0.0} -> {rssEnd * 1024 / 1e6:0.0} MB ({growth:+0.0%;-0.0%})");
foreach (var e in errors)
{
    Console.WriteLine("  error: " + e);
}

if (options.Tsv is { } tsv)
{
    File.AppendAllText(tsv, string.Join('\t', "load", options.Label, options.Targets.Length, options.Clients, elapsed.ToString("0.0", CultureInfo.InvariantCulture),
        requests, (requests / elapsed).ToString("0", CultureInfo.InvariantCulture), tasksCompleted, errorCount, Ms(P(0.50)), Ms(P(0.99)), Ms(all.LastOrDefault()),
        (rssMax * 1024 / 1e6).ToString("0.0", CultureInfo.InvariantCulture), (rssStart * 1024 / 1e6).ToString("0.0", CultureInfo.InvariantCulture),
        (rssEnd * 1024 / 1e6).ToString("0.0", CultureInfo.InvariantCulture)) + "\n");
}

return errorCount == 0 && requests > 0 ? 0 : 1;

async Task<JsonElement> CallAsync(HttpClient http, string method, string name, string parameters, List<double> mine)
{
    // The params object with the 2026-07-28 request metadata added as its last member.
    string body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + parameters[..^1]
        + ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}}}}";
    using var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    request.Headers.Add("Accept", "application/json, text/event-stream");
    request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
    request.Headers.Add("Mcp-Method", method);
    request.Headers.Add("Mcp-Name", name);
    long start = Stopwatch.GetTimestamp();
    using var response = await http.SendAsync(request, stop.Token);
    string answer = await response.Content.ReadAsStringAsync(stop.Token);
    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    Interlocked.Increment(ref requests);
    Expect(response.IsSuccessStatusCode, $"{method} {name}: HTTP {(int)response.StatusCode}: {answer}");
    using var document = JsonDocument.Parse(answer);
    Expect(document.RootElement.TryGetProperty("result", out var result), $"{method} {name}: {answer}");
    return result.Clone();
}

static string? Text(JsonElement result) => result.GetProperty("content")[0].GetProperty("text").GetString();

static void Expect(bool condition, string message)
{
    if (!condition)
    {
        throw new InvalidDataException(message);
    }
}


internal sealed record Options(string[] Targets, int Clients, int DurationSeconds, long MaxRequests, int[] Pids, string? Tsv, string Label,
    string Scenario, int Listeners, int Publishers, int HugeFilters, int Rounds, string[] PidFiles, int TaskClients, int TaskDeadlineSeconds)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        string targets = Get("--targets", "");
        if (targets.Length == 0)
        {
            Console.Error.WriteLine("usage: LoadTest --targets url[,url] [--clients 200] [--duration 60] [--max-requests N] [--pids p1,p2] [--tsv file --label name]");
            Environment.Exit(2);
        }

        return new Options(
            targets.Split(','),
            int.Parse(Get("--clients", "200"), CultureInfo.InvariantCulture),
            int.Parse(Get("--duration", "60"), CultureInfo.InvariantCulture),
            long.Parse(Get("--max-requests", "3000000"), CultureInfo.InvariantCulture),
            Get("--pids", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray(),
            Get("--tsv", "") is { Length: > 0 } tsv ? tsv : null,
            Get("--label", "load"),
            Get("--scenario", "load"),
            int.Parse(Get("--listeners", "200"), CultureInfo.InvariantCulture),
            int.Parse(Get("--publishers", "8"), CultureInfo.InvariantCulture),
            int.Parse(Get("--huge-filters", "20"), CultureInfo.InvariantCulture),
            int.Parse(Get("--rounds", "2"), CultureInfo.InvariantCulture),
            Get("--pid-files", "").Split(',', StringSplitOptions.RemoveEmptyEntries),
            int.Parse(Get("--task-clients", "16"), CultureInfo.InvariantCulture),
            int.Parse(Get("--task-deadline", "60"), CultureInfo.InvariantCulture));
    }
}
