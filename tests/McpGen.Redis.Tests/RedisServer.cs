using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace McpGen.Redis.Tests;

/// <summary>
/// A real redis-server on a free loopback port, without persistence, for the tests of one class. CI installs
/// redis-server (.ci/run); without it these tests fail and say so instead of passing vacuously.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;
    private string? _dataDirectory;

    /// <summary>Keep data in an append-only file (fsync on every write), so a restart loses nothing.</summary>
    public bool Persistent { get; init; }

    public int Port { get; private set; }

    public string Configuration => $"127.0.0.1:{Port}";

    public async Task InitializeAsync() => await StartAsync();

    public Task DisposeAsync()
    {
        Stop();
        if (_dataDirectory is not null)
        {
            System.IO.Directory.Delete(_dataDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>Starts (or restarts, on the same port) the server and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (Port == 0)
        {
            Port = LoopbackPorts.Reserve();
        }

        string persistence = "--appendonly no";
        if (Persistent)
        {
            _dataDirectory ??= System.IO.Directory.CreateTempSubdirectory("mcpgen-redis-").FullName;
            persistence = $"--appendonly yes --appendfsync always --dir {_dataDirectory}";
        }

        var start = new ProcessStartInfo("redis-server", $"--port {Port} --bind 127.0.0.1 --save \"\" {persistence} --protected-mode yes")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("These tests need redis-server on the PATH (apt-get install redis-server); .ci/run installs it.", ex);
        }

        _process.OutputDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (int attempt = 0; attempt < 100; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server for port {Port} exited with code {_process.ExitCode}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not accept connections on port {Port}.");
    }

    /// <summary>Stops the server (a crash, as far as clients can tell).</summary>
    public void Stop()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit(5000);
        }

        _process?.Dispose();
        _process = null;
    }
}
