using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace McpGen.Redis.Tests;

/// <summary>
/// A real primary with one replica, watched by three Sentinels (quorum two) on loopback: the topology most managed
/// Redis offerings run. A primary that stops answering is replaced by its replica within a few seconds
/// (<c>down-after-milliseconds 3000</c>: long enough that a busy test machine does not fail a healthy primary over,
/// which would lose what it acknowledged afterwards). Nodes are inspected with <c>redis-cli</c>, not with the client under test.
/// </summary>
public sealed class RedisSentinelGroup : IAsyncLifetime
{
    public const string ServiceName = "mcpgen";
    private readonly List<(int Port, Process Process)> _processes = [];
    private string _directory = "";

    public int PrimaryPort { get; private set; }

    public int ReplicaPort { get; private set; }

    public int[] SentinelPorts { get; } = new int[3];

    /// <summary>The StackExchange.Redis configuration of a client that finds the primary through the Sentinels.</summary>
    public string Configuration => string.Join(",", Array.ConvertAll(SentinelPorts, p => $"127.0.0.1:{p}")) + ",serviceName=" + ServiceName;

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("mcpgen-sentinel-").FullName;
        PrimaryPort = LoopbackPorts.Reserve();
        ReplicaPort = LoopbackPorts.Reserve();
        await StartAsync(PrimaryPort, ["--port", Str(PrimaryPort)]);
        await StartAsync(ReplicaPort, ["--port", Str(ReplicaPort), "--replicaof", "127.0.0.1", Str(PrimaryPort)]);
        for (int i = 0; i < SentinelPorts.Length; i++)
        {
            SentinelPorts[i] = LoopbackPorts.Reserve();
            string config = Path.Combine(_directory, $"sentinel-{SentinelPorts[i]}.conf");
            await File.WriteAllTextAsync(config, $"""
                port {SentinelPorts[i]}
                bind 127.0.0.1
                sentinel monitor {ServiceName} 127.0.0.1 {PrimaryPort} 2
                sentinel down-after-milliseconds {ServiceName} 3000
                sentinel failover-timeout {ServiceName} 3000
                sentinel parallel-syncs {ServiceName} 1

                """);
            await StartAsync(SentinelPorts[i], [config, "--sentinel"]);
        }

        // The replica must have synced, and the Sentinels must know it, before a failover can promote it.
        await WaitUntilAsync(async () => (await CliAsync(ReplicaPort, "INFO", "replication")).Contains("master_link_status:up", StringComparison.Ordinal)
            && (await CliAsync(SentinelPorts[0], "SENTINEL", "REPLICAS", ServiceName)).Contains(Str(ReplicaPort), StringComparison.Ordinal), "the replica to sync");
    }

    public Task DisposeAsync()
    {
        foreach (var (_, process) in _processes)
        {
            Kill(process);
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

    /// <summary>Kills the primary with SIGKILL and waits until the Sentinels have promoted the replica.</summary>
    public async Task FailOverAsync()
    {
        string primary = await CliAsync(SentinelPorts[0], "SENTINEL", "GET-MASTER-ADDR-BY-NAME", ServiceName);
        if (!primary.Contains(Str(PrimaryPort), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The Sentinels failed the primary over before the test killed it (the machine is too busy); they name {primary.Replace('\n', ' ')}.");
        }

        // Asynchronous replication may lose what the primary acknowledged last (docs/deployment.md): that loss is not
        // what the tests of a failover are about, so the replica first catches up with everything written so far.
        long written = Offset(await CliAsync(PrimaryPort, "INFO", "replication"), "master_repl_offset:");
        await WaitUntilAsync(async () => Offset(await CliAsync(ReplicaPort, "INFO", "replication"), "slave_repl_offset:") >= written,
            $"the replica to catch up with the primary's replication offset {written}");
        Kill(_processes.Find(p => p.Port == PrimaryPort).Process);
        await WaitUntilAsync(async () => (await CliAsync(SentinelPorts[0], "SENTINEL", "GET-MASTER-ADDR-BY-NAME", ServiceName)).Contains(Str(ReplicaPort), StringComparison.Ordinal)
            && (await CliAsync(ReplicaPort, "INFO", "replication")).Contains("role:master", StringComparison.Ordinal), "the Sentinels to promote the replica");
    }

    private async Task StartAsync(int port, string[] arguments)
    {
        var start = new ProcessStartInfo("redis-server") { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (arguments[0] == "--port")
        {
            foreach (string argument in (string[])["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--repl-diskless-sync-delay", "0", "--dbfilename", $"dump-{port}.rdb"])
            {
                start.ArgumentList.Add(argument);
            }
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("These tests need redis-server and redis-cli on the PATH (apt-get install redis-server); .ci/run installs it.", ex);
        }

        process.OutputDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add((port, process));
        await WaitUntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server for port {port} exited with code {process.ExitCode} ({string.Join(' ', arguments)}).");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, $"redis-server on port {port}");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Waited 30 s for {what}.");
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(5000);
        }
    }

    private static async Task<string> CliAsync(int port, params string[] command)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(Str(port));
        foreach (string argument in command)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start.");
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    /// <summary>A replication offset from <c>INFO replication</c>, or -1 when the line is missing.</summary>
    internal static long Offset(string info, string field)
    {
        foreach (string line in info.Split('\n'))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length).Trim(), CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    private static string Str(int port) => port.ToString(CultureInfo.InvariantCulture);
}
