using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client.Internal;
using Microsoft.Extensions.Logging;

namespace McpGen.Client;

/// <summary>
/// Starts an MCP server as a child process (no shell) and speaks newline-delimited JSON-RPC over its standard input and
/// output; its standard error goes to the log. Disposing closes its input, waits
/// <see cref="McpStdioServerOptions.ShutdownTimeout"/> for it to exit, then kills the process tree.
/// </summary>
public sealed partial class McpStdioClientTransport : McpClientTransport
{
    private readonly Process _process;
    private readonly LineChannel _channel;
    private readonly TimeSpan _shutdownTimeout;
    private readonly string _serverAddress;
    private int _disposed;

    /// <inheritdoc/>
    public override string ServerAddress => _serverAddress;

    /// <summary>Starts the server process.</summary>
    /// <param name="server">What to run.</param>
    /// <param name="loggerFactory">Receives the server's standard error lines (category <c>McpGen.Client.McpStdioClientTransport</c>).</param>
    /// <exception cref="McpClientException">The process could not be started.</exception>
    public McpStdioClientTransport(McpStdioServerOptions server, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        _serverAddress = "stdio:" + server.Command;
        var info = new ProcessStartInfo(server.Command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (string argument in server.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (server.WorkingDirectory is not null)
        {
            info.WorkingDirectory = server.WorkingDirectory;
        }

        foreach (var (name, value) in server.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var logger = loggerFactory?.CreateLogger<McpStdioClientTransport>();
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        if (logger is not null)
        {
            _process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    LogServerError(logger, e.Data);
                }
            };
        }

        try
        {
            _process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            _process.Dispose();
            throw new McpClientException($"Could not start the MCP server '{server.Command}': {e.Message}", e);
        }

        _process.BeginErrorReadLine();
        _shutdownTimeout = server.ShutdownTimeout;
        _channel = new LineChannel(_process.StandardOutput.BaseStream, _process.StandardInput.BaseStream, logger);
    }

    /// <summary>The server's process id.</summary>
    public int ProcessId => _process.Id;

    internal override bool CancelsByDisconnect => false;

    internal override void Attach(IMcpClientPeer peer)
    {
        base.Attach(peer);
        _channel.Start(peer);
    }

    internal override ValueTask<PooledByteBuffer> SendRequestAsync(McpTransportRequest request, CancellationToken cancellationToken) =>
        _channel.SendRequestAsync(request, cancellationToken);

    internal override ValueTask SendNotificationAsync(ReadOnlyMemory<byte> message, string method, string? protocolVersion, CancellationToken cancellationToken) =>
        _channel.WriteAsync(message, cancellationToken);

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // End of input is a stdio server's signal to exit; one that does not is stopped with everything it started.
        await _channel.CloseOutputAsync().ConfigureAwait(false);
        using (var grace = new CancellationTokenSource(_shutdownTimeout))
        {
            try
            {
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    _process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It exited meanwhile.
                }

                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        await _channel.DisposeAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    [LoggerMessage(3, LogLevel.Information, "MCP server stderr: {Line}")]
    private static partial void LogServerError(ILogger logger, string line);
}
