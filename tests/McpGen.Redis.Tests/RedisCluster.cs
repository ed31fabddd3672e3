using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace McpGen.Redis.Tests;

/// <summary>
/// A real Redis Cluster on loopback: three primaries and one replica each, started from <c>redis-server</c> with
/// <c>cluster-enabled yes</c> and joined with <c>redis-cli --cluster create</c>. A node that stops answering is failed
/// over within about a second (<c>cluster-node-timeout 1000</c>). Nodes are inspected with <c>redis-cli</c>, not with
/// the client under test.
/// </summary>
public sealed class RedisCluster : IAsyncLifetime
{
    private const int Nodes = 6;
    private readonly Process?[] _processes = new Process?[Nodes];
    private readonly int[] _ports = new int[Nodes];
    private string _directory = "";

    /// <summary>Every node, as a StackExchange.Redis configuration string.</summary>
    public string Configuration => string.Join(",", _ports.Select(p => $"127.0.0.1:{p}"));

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("mcpgen-cluster-").FullName;
        for (int i = 0; i < Nodes; i++)
        {
            _ports[i] = LoopbackPorts.Reserve();
            Directory.CreateDirectory(Path.Combine(_directory, _ports[i].ToString(System.Globalization.CultureInfo.InvariantCulture)));
            await StartNodeAsync(i);
        }

        string create = await CliAsync(["--cluster", "create", .. _ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "1", "--cluster-yes"]);
        if (!create.Contains("All 16384 slots covered", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("redis-cli --cluster create failed:\n" + create);
        }

        await WaitUntilHealthyAsync();
    }

    public Task DisposeAsync()
    {
        for (int i = 0; i < Nodes; i++)
        {
            Kill(i);
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    /// <summary>The port of the primary that serves <paramref name="key"/>'s hash slot now.</summary>
    public async Task<int> PrimaryPortOfAsync(string key)
    {
        int slot = int.Parse((await CliAsync(["-p", Live().ToString(System.Globalization.CultureInfo.InvariantCulture), "CLUSTER", "KEYSLOT", key])).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var node in await NodesAsync())
        {
            if (node.IsPrimary && node.Connected && node.Slots.Any(r => r.From <= slot && slot <= r.To))
            {
                return node.Port;
            }
        }

        throw new InvalidOperationException($"No primary serves slot {slot}.");
    }

    /// <summary>How many keys the node on <paramref name="port"/> holds in <paramref name="key"/>'s hash slot.</summary>
    public async Task<long> CountKeysInSlotOfAsync(int port, string key)
    {
        string p = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string slot = (await CliAsync(["-p", p, "CLUSTER", "KEYSLOT", key])).Trim();
        return long.Parse((await CliAsync(["-p", p, "CLUSTER", "COUNTKEYSINSLOT", slot])).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every key the node on <paramref name="port"/> holds.</summary>
    public async Task<string[]> KeysAsync(int port) =>
        (await CliAsync(["-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--scan"])).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Kills the node on <paramref name="port"/> with SIGKILL, as a crash.</summary>
    public void KillNode(int port) => Kill(Array.IndexOf(_ports, port));

    /// <summary>
    /// Kills the primary on <paramref name="port"/> with SIGKILL once a replica of it has everything it wrote so far.
    /// Asynchronous replication may lose what a primary acknowledged last (docs/deployment.md); a test of a failover is
    /// not about that loss (a task created just before the kill came back unknown once), as in the Sentinel tests.
    /// </summary>
    public async Task KillPrimaryAsync(int port)
    {
        long written = RedisSentinelGroup.Offset(await CliAsync(["-p", Str(port), "INFO", "replication"]), "master_repl_offset:");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await AnyReplicaHasAsync(port, written))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No replica of the primary on port {port} caught up with its replication offset {written} within 30 s.");
            }

            await Task.Delay(100);
        }

        KillNode(port);
    }

    private async Task<bool> AnyReplicaHasAsync(int primaryPort, long offset)
    {
        for (int i = 0; i < Nodes; i++)
        {
            if (_processes[i] is { HasExited: false } && _ports[i] != primaryPort)
            {
                string info = await CliAsync(["-p", Str(_ports[i]), "INFO", "replication"]);
                if (info.Contains("role:slave", StringComparison.Ordinal) && info.Contains("master_port:" + Str(primaryPort), StringComparison.Ordinal)
                    && RedisSentinelGroup.Offset(info, "slave_repl_offset:") >= offset)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string Str(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Waits until another node has taken over the slots of the killed primary and the cluster is whole again.</summary>
    public Task WaitForFailoverAsync() => WaitUntilHealthyAsync();

    private async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            bool healthy = true;
            for (int i = 0; i < Nodes && healthy; i++)
            {
                if (_processes[i] is null)
                {
                    continue;
                }

                string port = _ports[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
                last = await CliAsync(["-p", port, "CLUSTER", "INFO"]);
                healthy = last.Contains("cluster_state:ok", StringComparison.Ordinal);

                // A replica that has not finished its first sync cannot be elected: wait for it too.
                string replication = await CliAsync(["-p", port, "INFO", "replication"]);
                if (healthy && replication.Contains("role:slave", StringComparison.Ordinal))
                {
                    last = replication;
                    healthy = replication.Contains("master_link_status:up", StringComparison.Ordinal);
                }
            }

            var nodes = healthy ? await NodesAsync() : [];
            if (healthy && nodes.Where(n => n.IsPrimary && n.Connected).Sum(n => n.Slots.Sum(r => r.To - r.From + 1)) == 16384)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The cluster did not become healthy:\n" + last);
    }

    private async Task<List<ClusterNode>> NodesAsync()
    {
        string text = await CliAsync(["-p", Live().ToString(System.Globalization.CultureInfo.InvariantCulture), "CLUSTER", "NODES"]);
        var nodes = new List<ClusterNode>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // <id> <ip:port@cport> <flags> <primary> <ping> <pong> <epoch> <link-state> <slot> <slot> ...
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int port = int.Parse(f[1].Split('@')[0].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
            var slots = f.Skip(8).Where(s => !s.StartsWith('[')).Select(s =>
            {
                string[] r = s.Split('-');
                int from = int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture);
                return (From: from, To: r.Length > 1 ? int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture) : from);
            }).ToList();
            nodes.Add(new ClusterNode(port, f[2].Contains("master", StringComparison.Ordinal) && !f[2].Contains("fail", StringComparison.Ordinal), f[7] == "connected", slots));
        }

        return nodes;
    }

    private sealed record ClusterNode(int Port, bool IsPrimary, bool Connected, List<(int From, int To)> Slots);

    private int Live() => _ports[Array.FindIndex(_processes, p => p is { HasExited: false })];

    private async Task StartNodeAsync(int i)
    {
        string dir = Path.Combine(_directory, _ports[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
        var start = new ProcessStartInfo("redis-server")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["--port", _ports[i].ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000",
            "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--repl-diskless-sync-delay", "0"])
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            _processes[i] = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("These tests need redis-server and redis-cli on the PATH (apt-get install redis-server); .ci/run installs it.", ex);
        }

        _processes[i]!.OutputDataReceived += static (_, _) => { };
        _processes[i]!.BeginOutputReadLine();
        _processes[i]!.BeginErrorReadLine();
        for (int attempt = 0; attempt < 100; attempt++)
        {
            if (_processes[i]!.HasExited)
            {
                throw new InvalidOperationException($"redis-server for port {_ports[i]} exited with code {_processes[i]!.ExitCode}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, _ports[i]);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not accept connections on port {_ports[i]}.");
    }

    private void Kill(int i)
    {
        if (i >= 0 && _processes[i] is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5000);
            }

            process.Dispose();
            _processes[i] = null;
        }
    }

    private static async Task<string> CliAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await output + await error;
    }
}

/// <summary>
/// Cluster and Sentinel tests start six or five redis-server processes, sync replicas (forks) and kill primaries: run
/// them on their own, after the parallel tests, so the rest of the suite is not starved of CPU while they do.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisTopologyCollection
{
    public const string Name = "Redis topologies";
}
