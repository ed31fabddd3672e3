using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client.Internal;
using Microsoft.Extensions.Logging;

namespace McpGen.Client;

/// <summary>
/// Newline-delimited JSON-RPC over a pair of streams (the stdio framing): any byte stream to a server, such as pipes or
/// sockets. Requests are correlated with responses by id, so many can be in flight at once.
/// </summary>
public sealed class McpStreamClientTransport : McpClientTransport
{
    private readonly LineChannel _channel;

    /// <inheritdoc/>
    public override string ServerAddress => "streams";

    /// <summary>Creates the transport; it owns both streams.</summary>
    /// <param name="fromServer">The server's messages, one per line.</param>
    /// <param name="toServer">Receives the client's messages, one per line.</param>
    /// <param name="loggerFactory">Logs protocol problems; optional.</param>
    public McpStreamClientTransport(Stream fromServer, Stream toServer, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(fromServer);
        ArgumentNullException.ThrowIfNull(toServer);
        _channel = new LineChannel(fromServer, toServer, loggerFactory?.CreateLogger<McpStreamClientTransport>());
    }

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
    public override ValueTask DisposeAsync() => _channel.DisposeAsync();
}

/// <summary>The line-framed conversation: a reader loop that routes each line, and serialized writes.</summary>
internal sealed partial class LineChannel : IAsyncDisposable
{
    private readonly Stream _fromServer;
    private readonly Stream _toServer;
    private readonly ILogger? _logger;
    private static readonly byte[] Newline = "\n"u8.ToArray();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<PooledByteBuffer>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private IMcpClientPeer? _peer;
    private Task? _reading;
    private volatile Exception? _closed;

    public LineChannel(Stream fromServer, Stream toServer, ILogger? logger)
    {
        _fromServer = fromServer;
        _toServer = toServer;
        _logger = logger;
    }

    public void Start(IMcpClientPeer peer)
    {
        _peer = peer;
        _reading = Task.Run(ReadLoopAsync);
    }

    public async ValueTask<PooledByteBuffer> SendRequestAsync(McpTransportRequest request, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<PooledByteBuffer>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[request.Id] = answer;
        try
        {
            if (_closed is { } closed)
            {
                throw new McpClientException("The MCP server's stream is closed: " + closed.Message, closed);
            }

            await WriteAsync(request.Body, cancellationToken).ConfigureAwait(false);
            return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (_pending.TryRemove(request.Id, out var unanswered) && unanswered.Task.IsCompletedSuccessfully)
            {
                // Answered at the moment the caller gave up: nobody will read it.
                unanswered.Task.Result.Dispose();
            }

            throw;
        }
        finally
        {
            _pending.TryRemove(request.Id, out _);
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _toServer.WriteAsync(message, CancellationToken.None).ConfigureAwait(false);
            await _toServer.WriteAsync(Newline, CancellationToken.None).ConfigureAwait(false);
            await _toServer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new McpClientException("Could not write to the MCP server: " + e.Message, e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        Exception reason = new McpClientException("The MCP server closed its output.");
        try
        {
            using var lines = new LineReader(_fromServer);
            while (await lines.ReadLineAsync(_stop.Token).ConfigureAwait(false) is { } line)
            {
                if (line.IsEmpty)
                {
                    continue;
                }

                var parts = JsonRpcMessageParts.Read(line.Span);
                switch (parts.Kind)
                {
                    case JsonRpcKind.Response when parts.HasNumericId && _pending.TryGetValue(parts.NumericId, out var answer):
                        var copy = new PooledByteBuffer(line.Length);
                        copy.Write(line.Span);
                        if (!answer.TrySetResult(copy))
                        {
                            copy.Dispose();
                        }

                        break;
                    case JsonRpcKind.Notification:
                        _peer!.OnNotification(line.Span, parts);
                        break;
                    case JsonRpcKind.Request:
                        // Answered off the reading loop: the handler may wait on a user, and other responses must keep flowing.
                        _ = AnswerAsync(line.ToArray(), parts);
                        break;
                    default:
                        if (_logger is not null)
                        {
                            LogIgnoredLine(_logger, line.Length);
                        }

                        break;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            reason = new ObjectDisposedException(nameof(McpClient));
        }
        catch (Exception e)
        {
            // Whatever ends the reading loop ends every waiting request with it; none is left hanging.
            reason = new McpClientException("Could not read from the MCP server: " + e.Message, e);
        }

        _closed = reason;
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(reason);
        }
    }

    private async Task AnswerAsync(byte[] request, JsonRpcMessageParts parts)
    {
        try
        {
            using var answer = await _peer!.AnswerServerRequestAsync(request, parts, _stop.Token).ConfigureAwait(false);
            await WriteAsync(answer.WrittenMemory, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or McpClientException)
        {
            if (_logger is not null)
            {
                LogAnswerFailed(_logger, parts.Method ?? "", e);
            }
        }
    }

    /// <summary>Closes the stream to the server: a stdio server takes the end of its input as the signal to exit.</summary>
    public async ValueTask CloseOutputAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _toServer.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The server is already gone.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseOutputAsync().ConfigureAwait(false);
        _stop.Cancel();
        if (_reading is not null)
        {
            try
            {
                // Not every stream honours cancellation of a pending read; the reader ends with the stream at the latest.
                await _reading.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }

        await _fromServer.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    [LoggerMessage(1, LogLevel.Warning, "Ignored a line of {Length} bytes from the MCP server: not a JSON-RPC message this client expects.")]
    private static partial void LogIgnoredLine(ILogger logger, int length);

    [LoggerMessage(2, LogLevel.Warning, "Could not answer the MCP server's {Method} request.")]
    private static partial void LogAnswerFailed(ILogger logger, string method, Exception exception);
}
