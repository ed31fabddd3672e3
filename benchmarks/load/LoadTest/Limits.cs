using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

/// <summary>
/// The memory scenario of issue 20 (items 10 and 11) against one instance: LISTENERS clients open
/// <c>subscriptions/listen</c> for every note and never read again while PUBLISHERS clients write notes (each write
/// publishes an event to every stream) for DURATION seconds, in ROUNDS rounds; then HUGE listen requests with a million
/// resource URIs each. It reports the server's resident memory at each step, the <c>tools/call</c> latency while the
/// listeners are stalled, and how many stalled streams the server ended. Fails only if a write fails.
/// </summary>
internal static class LimitsScenario
{
    private const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    public static async Task<int> RunAsync(Options options)
    {
        var target = new Uri(options.Targets[0]);
        int pid = options.Pids.FirstOrDefault();
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = target, Timeout = TimeSpan.FromSeconds(60) };
        for (int i = 0; i < 100; i++)
        {
            await WriteNoteAsync(http, "warm-up", i, CancellationToken.None);
        }

        long idle = ResidentMemory.Kb(pid);
        string Ms(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        string Mb(long kb) => (kb * 1024 / 1e6).ToString("0", CultureInfo.InvariantCulture) + " MB";
        Console.WriteLine($"{options.Label}: {options.Listeners} stalled listeners, {options.Publishers} publishers, {options.Rounds} round(s) of {options.DurationSeconds} s; server RSS idle {Mb(idle)}");

        // Two rounds: if a first round's buffers were released (to the pool, for reuse), the second does not add to it.
        long errors = 0;
        for (int round = 1; round <= options.Rounds; round++)
        {
            var r = await StalledRoundAsync(http, target, pid, options);
            errors += r.Errors;
            Console.WriteLine($"  round {round}: notes written {r.Writes:N0} ({r.Writes / r.Seconds:N0}/s, each an event to every stream), errors {r.Errors}; stalled streams ended by the server {r.Ended}/{options.Listeners}");
            Console.WriteLine($"    tools/call latency meanwhile: p50 {Ms(r.P50)} ms, p99 {Ms(r.P99)} ms, max {Ms(r.Max)} ms");
            Console.WriteLine($"    server RSS: listeners open {Mb(r.Listening)}, peak {Mb(r.Peak)}, end of publishing {Mb(r.Published)}");
        }

        await Task.Delay(10_000);
        long closed = ResidentMemory.Kb(pid);
        Console.WriteLine($"  server RSS 10 s after the last listener closed: {Mb(closed)}");

        // Huge filters: a million one-character URIs fit in one 4 MiB request.
        string uris = string.Join(",", Enumerable.Repeat("\"x\"", 1_000_000));
        string hugeBody = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscriptions/listen\",\"params\":{\"notifications\":{\"resourceSubscriptions\":[" + uris + "]}," + Meta + "}}";
        var answers = new List<HttpResponseMessage>();
        long hugePeak = closed;
        for (int i = 0; i < options.HugeFilters; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = new StringContent(hugeBody, Encoding.UTF8, "application/json") };
            request.Headers.Add("Accept", "application/json, text/event-stream");
            request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
            request.Headers.Add("Mcp-Method", "subscriptions/listen");
            answers.Add(await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead));
            hugePeak = Math.Max(hugePeak, ResidentMemory.Kb(pid));
        }

        await Task.Delay(5_000);
        long hugeHeld = ResidentMemory.Kb(pid);
        string outcome = string.Join(", ", answers.GroupBy(a => $"{(int)a.StatusCode} {a.Content.Headers.ContentType?.MediaType}").Select(g => $"{g.Count()} x {g.Key}"));
        foreach (var answer in answers)
        {
            answer.Dispose();
        }

        await Task.Delay(5_000);
        long hugeClosed = ResidentMemory.Kb(pid);
        Console.WriteLine($"  huge filters: {options.HugeFilters} listen requests of 1,000,000 URIs ({hugeBody.Length / 1e6:0.0} MB each) answered {outcome}");
        Console.WriteLine($"    server RSS: before {Mb(closed)}, peak {Mb(hugePeak)}, 5 s later with the answers open {Mb(hugeHeld)}, 5 s after they closed {Mb(hugeClosed)}");
        return errors == 0 ? 0 : 1;
    }

    private sealed record Round(long Writes, double Seconds, long Errors, int Ended, double P50, double P99, double Max, long Listening, long Peak, long Published);

    private static async Task<Round> StalledRoundAsync(HttpClient http, Uri target, int pid, Options options)
    {
        // Stalled listeners: each reads its acknowledgement, then nothing. A small receive window makes the kernel push
        // back early, as a client that stopped reading on a real network does.
        var stalled = new Socket[options.Listeners];
        byte[] buffer = new byte[4096];
        for (int i = 0; i < stalled.Length; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
            await socket.ConnectAsync(IPAddress.Loopback, target.Port);
            await socket.SendAsync(RawListen(target, "\"notes://\""), SocketFlags.None);
            var seen = new StringBuilder();
            while (!seen.ToString().Contains("acknowledged", StringComparison.Ordinal))
            {
                int read = await socket.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    throw new InvalidDataException("A listen stream ended before its acknowledgement: " + seen);
                }

                seen.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }

            stalled[i] = socket;
        }

        long listening = ResidentMemory.Kb(pid);
        long peak = listening;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.DurationSeconds));
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Interlocked.Exchange(ref peak, Math.Max(Interlocked.Read(ref peak), ResidentMemory.Kb(pid)));
                try { await Task.Delay(250, stop.Token); } catch (OperationCanceledException) { }
            }
        });

        // Long note ids make each event ~330 bytes on the wire: loopback sockets buffer ~3 MB per connection in the
        // kernel (outside the server's RSS) before the server's own queue sees any pressure, and a run must get past it.
        var noteIds = Enumerable.Range(0, options.Publishers).Select(p => ("limits-" + p + "-").PadRight(100, 'x')).ToArray();
        long writes = 0, errors = 0;
        var latencies = new List<double>[options.Publishers];
        var publishers = Enumerable.Range(0, options.Publishers).Select(p => Task.Run(async () =>
        {
            var mine = latencies[p] = new List<double>(16384);
            for (int round = 0; !stop.IsCancellationRequested; round++)
            {
                long start = Stopwatch.GetTimestamp();
                try
                {
                    await WriteNoteAsync(http, noteIds[p], round, stop.Token);
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    Interlocked.Increment(ref writes);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    if (Interlocked.Increment(ref errors) <= 5)
                    {
                        Console.WriteLine($"  error: {ex.GetType().Name}: {ex.Message}");
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(publishers);
        double elapsed = clock.Elapsed.TotalSeconds;
        await sampler;
        long published = ResidentMemory.Kb(pid);

        // Which stalled streams did the server end? An ended one drains what the kernel buffered, then closes.
        using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var drained = await Task.WhenAll(stalled.Select(async socket =>
        {
            byte[] sink = new byte[64 * 1024];
            try
            {
                while (await socket.ReceiveAsync(sink, SocketFlags.None, drain.Token) > 0)
                {
                }

                return true;
            }
            catch (SocketException)
            {
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            finally
            {
                socket.Dispose();
            }
        }));

        var all = latencies.Where(l => l is not null).SelectMany(l => l).Order().ToArray();
        double P(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
        return new Round(writes, elapsed, errors, drained.Count(e => e), P(0.50), P(0.99), all.LastOrDefault(), listening, peak, published);
    }

    private static byte[] RawListen(Uri target, string uris)
    {
        string body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscriptions/listen\",\"params\":{\"notifications\":{\"resourceSubscriptions\":[" + uris + "]}," + Meta + "}}";
        return Encoding.UTF8.GetBytes("POST " + target.AbsolutePath + " HTTP/1.1\r\nHost: " + target.Authority + "\r\nContent-Type: application/json\r\n"
            + "Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2026-07-28\r\nMcp-Method: subscriptions/listen\r\n"
            + "Content-Length: " + Encoding.UTF8.GetByteCount(body) + "\r\n\r\n" + body);
    }

    private static async Task WriteNoteAsync(HttpClient http, string id, int round, CancellationToken cancellationToken)
    {
        string body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"write_note\",\"arguments\":{\"id\":\"" + id + "\",\"text\":\"round " + round + "\"}," + Meta + "}}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", "tools/call");
        request.Headers.Add("Mcp-Name", "write_note");
        using var response = await http.SendAsync(request, cancellationToken);
        string answer = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode || !answer.Contains("saved", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"write_note: HTTP {(int)response.StatusCode}: {answer}");
        }
    }

}
