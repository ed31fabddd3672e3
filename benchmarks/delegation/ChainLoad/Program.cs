using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client;

// The delegation load test (issue 24): CHAINS concurrent research chains for DURATION seconds against the research
// agents of samples/ResearchAgents (each chain is one `research` task whose run delegates to search, summarize and
// cite tasks on other servers). Every chain must complete with a report that names its own question; a chain that
// fails is lost work, one that has not ended STUCK_AFTER seconds after the load stops is stuck. The agents' resident
// memory is sampled every 5 s to show whether it stays flat. Exit code 1 when any chain was lost or stuck.
//   ChainLoad --targets http://127.0.0.1:5101/mcp,http://127.0.0.1:5102/mcp [--chains 100] [--duration 60]
//             [--stuck-after 60] [--pids 123,456,...]
var options = Options.Parse(args);
var clients = options.Targets.Select(t => McpClient.Create(new Uri(t), new McpClientOptions { EnableTasks = true })).ToArray();
long started = 0, completed = 0, failed = 0;
var failures = new ConcurrentQueue<string>();
var durations = new ConcurrentBag<double>();
var memory = new List<(double Seconds, long[] RssKb)>();
var clock = Stopwatch.StartNew();
using var load = new CancellationTokenSource(TimeSpan.FromSeconds(options.DurationSeconds));
using var sampling = new CancellationTokenSource();

var sampler = Task.Run(async () =>
{
    while (!sampling.IsCancellationRequested)
    {
        lock (memory)
        {
            memory.Add((clock.Elapsed.TotalSeconds, options.Pids.Select(ReadRssKb).ToArray()));
        }

        try
        {
            await Task.Delay(5000, sampling.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }
});

var inFlight = new ConcurrentDictionary<string, DateTime>();
var workers = Enumerable.Range(0, options.Chains).Select(worker => Task.Run(async () =>
{
    for (int round = 0; !load.IsCancellationRequested; round++)
    {
        string question = $"chain {worker}.{round}";
        var client = clients[(worker + round) % clients.Length];
        Interlocked.Increment(ref started);
        inFlight[question] = DateTime.UtcNow;
        var chain = Stopwatch.StartNew();
        try
        {
            using var stuck = new CancellationTokenSource(TimeSpan.FromSeconds(options.DurationSeconds + options.StuckAfterSeconds));
            var result = await client.CallToolAsync("research", new Dictionary<string, JsonElement> { ["question"] = JsonSerializer.SerializeToElement(question, ChainJson.Default.String) }, stuck.Token);
            string text = string.Concat(result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(b => b.Text));
            if (result.IsError == true || !text.Contains(question, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref failed);
                failures.Enqueue($"{question}: {(result.IsError == true ? "isError" : "wrong report")}: {Truncate(text)}");
            }
            else
            {
                Interlocked.Increment(ref completed);
                durations.Add(chain.Elapsed.TotalMilliseconds);
            }
        }
        catch (OperationCanceledException)
        {
            // Not ended long after the load stopped: stuck. Left in inFlight.
            continue;
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref failed);
            failures.Enqueue($"{question}: {e.GetType().Name}: {Truncate(e.Message)}");
        }

        inFlight.TryRemove(question, out _);
    }
})).ToArray();

await Task.WhenAll(workers);
sampling.Cancel();
await sampler;

var sorted = durations.Order().ToArray();
double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
Console.WriteLine($"## Delegation load: {options.Chains} concurrent chains for {options.DurationSeconds} s against {options.Targets.Length} research instance(s)");
Console.WriteLine();
Console.WriteLine("| Chains started | Completed | Failed (lost) | Stuck | Chains/s | p50 | p99 |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {started} | {completed} | {failed} | {inFlight.Count} | {completed / clock.Elapsed.TotalSeconds:0.0} | {Percentile(0.5):0} ms | {Percentile(0.99):0} ms |"));
if (options.Pids.Length > 0)
{
    Console.WriteLine();
    Console.WriteLine("| Process | RSS first sample | RSS at half time | RSS last sample | Max |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    for (int i = 0; i < options.Pids.Length; i++)
    {
        var series = memory.Select(m => m.RssKb[i]).Where(kb => kb > 0).ToArray();
        if (series.Length > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {options.Pids[i]} | {series[0] / 1024.0:0.0} MB | {series[series.Length / 2] / 1024.0:0.0} MB | {series[^1] / 1024.0:0.0} MB | {series.Max() / 1024.0:0.0} MB |"));
        }
    }
}

foreach (var failure in failures.Take(10))
{
    Console.WriteLine("failed: " + failure);
}

foreach (var question in inFlight.Keys.Take(10))
{
    Console.WriteLine("stuck: " + question);
}

foreach (var client in clients)
{
    await client.DisposeAsync();
}

return failed == 0 && inFlight.IsEmpty ? 0 : 1;

static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";

static long ReadRssKb(int pid)
{
    try
    {
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }
    }
    catch (IOException)
    {
    }

    return 0;
}

internal sealed record Options(string[] Targets, int Chains, int DurationSeconds, int StuckAfterSeconds, int[] Pids)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        string Get(string name, string fallback) => values.TryGetValue(name, out var v) ? v : fallback;
        return new Options(
            Get("--targets", "http://127.0.0.1:5101/mcp,http://127.0.0.1:5102/mcp").Split(',', StringSplitOptions.RemoveEmptyEntries),
            int.Parse(Get("--chains", "100"), CultureInfo.InvariantCulture),
            int.Parse(Get("--duration", "60"), CultureInfo.InvariantCulture),
            int.Parse(Get("--stuck-after", "60"), CultureInfo.InvariantCulture),
            Get("--pids", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray());
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class ChainJson : System.Text.Json.Serialization.JsonSerializerContext;
