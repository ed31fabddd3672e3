using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Redis.Tests;

namespace McpGen.IntegrationTests;

/// <summary>
/// samples/ScaleOutServer as three processes behind a real HAProxy running benchmarks/scaleout/haproxy.cfg (the file
/// docs/deployment.md shows), on one redis-server: round-robin, an instance killed, an instance stopped with SIGTERM.
/// </summary>
public sealed class LoadBalancerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private async Task<HttpServerProcess[]> StartInstancesAsync()
    {
        string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => HttpServerProcess.StartAsync(
            "dotnet", Repo.SampleDll("ScaleOutServer"), "--Redis", redis.Configuration, "--McpGen:RequestState:Keys", key,
            "--McpGen:Tasks:LeaseDuration", "00:00:05", "--McpGen:Http:DrainDelay", "00:00:02")));
    }

    private static HttpRequestMessage Request(string method, string @params, string? name = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "mcp")
        {
            Content = new StringContent($"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"{method}\",\"params\":{{{@params},{Meta}}}}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", method);
        if (name is not null)
        {
            request.Headers.Add("Mcp-Name", name);
        }

        return request;
    }

    /// <summary>Writes a note through the balancer; returns the server that answered, or why it failed.</summary>
    private static async Task<(string? Server, string? Failure)> WriteAsync(HttpClient balancer, string id, string text)
    {
        try
        {
            using var response = await balancer.SendAsync(Request("tools/call", $"\"name\":\"write_note\",\"arguments\":{{\"id\":\"{id}\",\"text\":\"{text}\"}}", "write_note"));
            string body = await response.Content.ReadAsStringAsync();
            string? server = response.Headers.TryGetValues("X-McpGen-Server", out var values) ? values.Single() : null;
            if (server is not null)
            {
                Assert.Equal("mcp_requests", response.Headers.GetValues("X-McpGen-Backend").Single());
            }

            return body.Contains($"Note {id} saved.", StringComparison.Ordinal) ? (server, null) : (server, $"HTTP {(int)response.StatusCode}: {body}");
        }
        catch (HttpRequestException e)
        {
            return (null, e.Message);
        }
    }

    [HaProxyFact]
    public async Task Requests_are_spread_round_robin_over_the_instances()
    {
        var instances = await StartInstancesAsync();
        try
        {
            await using var haproxy = await HaProxyProcess.StartAsync(instances);
            var answered = new List<string?>();
            for (int i = 0; i < 30; i++)
            {
                var (server, failure) = await WriteAsync(haproxy.Client, "rr", "round " + i);
                Assert.Null(failure);
                answered.Add(server);
            }

            Assert.True(answered.Distinct().Count() >= 2, "answered by: " + string.Join(",", answered));
            Assert.Equal(new[] { "s1", "s2", "s3" }, answered.Distinct().Order().ToArray());
        }
        finally
        {
            await DisposeAllAsync(instances);
        }
    }

    [HaProxyFact]
    public async Task A_killed_instance_is_taken_out_by_the_health_check_and_the_balancer_keeps_answering()
    {
        var instances = await StartInstancesAsync();
        try
        {
            await using var haproxy = await HaProxyProcess.StartAsync(instances);

            // SIGKILL: no goodbye. Connections to it are refused; HAProxy retries those on another server at once, and two
            // failed checks (500 ms apart) take it out of rotation.
            await instances[1].DisposeAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            var answered = new List<string?>();
            for (int i = 0; i < 30; i++)
            {
                var (server, failure) = await WriteAsync(haproxy.Client, "killed", "round " + i);
                Assert.Null(failure);
                answered.Add(server);
            }

            Assert.DoesNotContain("s2", answered);
            Assert.Equal(new[] { "s1", "s3" }, answered.Distinct().Order().ToArray());
        }
        finally
        {
            await DisposeAllAsync(instances);
        }
    }

    [HaProxyFact]
    public async Task A_stopping_instance_drains_readiness_503_no_new_requests_its_listen_stream_ends_and_no_request_fails()
    {
        var instances = await StartInstancesAsync();
        try
        {
            await using var haproxy = await HaProxyProcess.StartAsync(instances);

            // A listen stream through the balancer; the header says which instance holds it.
            using var listen = await haproxy.Client.SendAsync(Request("subscriptions/listen", "\"notifications\":{\"resourceSubscriptions\":[\"notes://drain\"]}"), HttpCompletionOption.ResponseHeadersRead);
            string holder = listen.Headers.GetValues("X-McpGen-Server").Single();
            Assert.Equal("mcp_streams", listen.Headers.GetValues("X-McpGen-Backend").Single());   // routed on Mcp-Method
            var stopping = instances[int.Parse(holder[1..], System.Globalization.CultureInfo.InvariantCulture) - 1];
            using var stream = new StreamReader(await listen.Content.ReadAsStreamAsync());
            Assert.Contains("acknowledged", await NextDataAsync(stream));

            // Clients keep writing through the balancer the whole time.
            using var stop = new CancellationTokenSource();
            var clock = Stopwatch.StartNew();
            var answers = new ConcurrentQueue<(double Seconds, string? Server, string? Failure)>();   // Seconds: when it was sent
            var clients = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
            {
                for (int i = 0; !stop.IsCancellationRequested; i++)
                {
                    double sent = clock.Elapsed.TotalSeconds;
                    var (server, failure) = await WriteAsync(haproxy.Client, "drain-" + c, "round " + i);
                    answers.Enqueue((sent, server, failure));
                    await Task.Delay(20);
                }
            })).ToArray();
            await Task.Delay(500);

            double terminated = clock.Elapsed.TotalSeconds;
            stopping.Terminate();

            // Readiness says 503 at once, while the instance itself still answers MCP requests.
            await Task.Delay(200);
            using (var ready = await stopping.Client.GetAsync("healthz/ready"))
            {
                Assert.Equal(503, (int)ready.StatusCode);
            }

            using (var direct = await stopping.Client.SendAsync(Request("tools/call", "\"name\":\"write_note\",\"arguments\":{\"id\":\"direct\",\"text\":\"during the drain\"}", "write_note")))
            {
                Assert.Equal(200, (int)direct.StatusCode);
            }

            // After the delay the stream ends with its final result, and the process exits cleanly.
            string last = await NextDataAsync(stream);
            Assert.Contains("\"resultType\":\"complete\"", last);
            Assert.Equal(0, await stopping.WaitForExitAsync(TimeSpan.FromSeconds(15)));
            double exited = clock.Elapsed.TotalSeconds;
            await Task.Delay(1000);
            stop.Cancel();
            await Task.WhenAll(clients);

            Assert.Empty(answers.Where(a => a.Failure is not null).Select(a => $"t={a.Seconds:0.00}s {a.Failure}"));
            // The balancer stopped sending to it well before it closed (two failed checks 500 ms apart, 2 s of drain).
            Assert.Empty(answers.Where(a => a.Server == holder && a.Seconds > terminated + 1.6).Select(a => $"t={a.Seconds:0.00}s"));
            Assert.Contains(answers, a => a.Server == holder && a.Seconds < terminated);
            Assert.Contains(answers, a => a.Seconds > exited);
            Assert.True(exited - terminated >= 2, $"the instance exited {exited - terminated:0.00} s after SIGTERM, before its 2 s drain delay");
        }
        finally
        {
            await DisposeAllAsync(instances);
        }
    }

    [Fact]
    public void The_configuration_in_the_deployment_guide_is_the_tested_file()
    {
        string tested = File.ReadAllText(Path.Combine(Repo.Root, "benchmarks", "scaleout", "haproxy.cfg"));
        string guide = File.ReadAllText(Path.Combine(Repo.Root, "docs", "deployment.md"));
        Assert.Contains("```haproxy\n" + tested + "```", guide, StringComparison.Ordinal);
    }

    private static async Task<string> NextDataAsync(StreamReader stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (await stream.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line;
            }
        }

        return "(the stream ended without a final result)";
    }

    private static async Task DisposeAllAsync(HttpServerProcess[] instances)
    {
        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }
    }
}

/// <summary>A test that needs HAProxy: skipped, saying why, only when haproxy is missing and cannot be installed.</summary>
public sealed class HaProxyFactAttribute : FactAttribute
{
    public HaProxyFactAttribute()
    {
        if (HaProxyProcess.Unavailable.Value is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>HAProxy running benchmarks/scaleout/haproxy.cfg in front of three instances, on a free loopback port.</summary>
internal sealed class HaProxyProcess : IAsyncDisposable
{
    /// <summary>Why HAProxy cannot run here, or null. Installs it with apt-get (sudo when not root) when it is missing.</summary>
    public static readonly Lazy<string?> Unavailable = new(() =>
    {
        if (Which("haproxy"))
        {
            return null;
        }

        bool root = Environment.UserName == "root";
        string install = (root ? "" : "sudo -n ") + "apt-get install -y -qq haproxy";
        string output = Shell((root ? "" : "sudo -n ") + "apt-get update -qq; DEBIAN_FRONTEND=noninteractive " + install);
        return Which("haproxy") ? null : $"haproxy is not installed and '{install}' failed: {output.Trim()}";
    });

    private readonly Process _process;

    private HaProxyProcess(Process process, int port)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public static async Task<HaProxyProcess> StartAsync(IReadOnlyList<HttpServerProcess> instances)
    {
        int port = HttpServerProcess.FreeLoopbackPort();
        var info = new ProcessStartInfo("haproxy") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-db");
        info.ArgumentList.Add("-f");
        info.ArgumentList.Add(Path.Combine(Repo.Root, "benchmarks", "scaleout", "haproxy.cfg"));
        info.Environment["LB_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (int i = 0; i < 3; i++)
        {
            info.Environment["MCP_SERVER_" + (i + 1)] = "127.0.0.1:" + instances[i].Port;
        }

        var output = new StringBuilder();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var haproxy = new HaProxyProcess(process, port);

        // Ready once every instance has answered through it (checks pass twice, 500 ms apart, before it sends traffic).
        var seen = new HashSet<string>();
        for (int attempt = 0; attempt < 150 && seen.Count < instances.Count; attempt++)
        {
            try
            {
                using var response = await haproxy.Client.GetAsync("healthz/ready");
                if (response.Headers.TryGetValues("X-McpGen-Server", out var values))
                {
                    seen.Add(values.Single());
                }
            }
            catch (HttpRequestException) when (!process.HasExited)
            {
            }

            await Task.Delay(100);
        }

        if (seen.Count < instances.Count)
        {
            await haproxy.DisposeAsync();
            lock (output)
            {
                throw new InvalidOperationException($"HAProxy did not reach every instance (saw {string.Join(",", seen)}):\n{output}");
            }
        }

        return haproxy;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static bool Which(string command) => Shell("command -v " + command).Trim().Length > 0;

    private static string Shell(string script)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("sh", ["-c", script + " 2>&1"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit(TimeSpan.FromMinutes(5));
            return output;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return e.Message;
        }
    }
}
