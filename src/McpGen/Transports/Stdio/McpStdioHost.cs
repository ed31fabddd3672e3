using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGen;

/// <summary>
/// Serves an MCP server over stdio: newline-delimited JSON-RPC on stdin and stdout, requests handled concurrently,
/// <c>notifications/cancelled</c> honoured, progress streamed, and a clean exit when stdin closes. Nothing but MCP
/// messages is ever written to stdout; log through <see cref="ILogger"/> configured to write to stderr.
/// </summary>
public static partial class McpStdioHost
{
    /// <summary>How long requests still running when stdin closes may take to finish before they are cancelled.</summary>
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Serves <typeparamref name="TServer"/> on the process's stdin and stdout until stdin closes.</summary>
    /// <typeparam name="TServer">The <see cref="McpServerAttribute"/> class.</typeparam>
    /// <param name="services">Services for tool classes and parameters; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    public static Task RunAsync<TServer>(IServiceProvider? services = null, CancellationToken cancellationToken = default)
        where TServer : IMcpServer =>
        RunAsync(TServer.Definition, services, cancellationToken);

    /// <summary>Serves <paramref name="definition"/> on the process's stdin and stdout until stdin closes.</summary>
    /// <param name="definition">The server.</param>
    /// <param name="services">Services for tool classes and parameters; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    /// <remarks>
    /// SIGTERM (and SIGINT, Ctrl+C) stop the server as closing stdin does: requests in flight get a moment to finish
    /// and running tasks are handed back to the task store before the process exits.
    /// </remarks>
    public static async Task RunAsync(McpServerDefinition definition, IServiceProvider? services = null, CancellationToken cancellationToken = default)
    {
        await using var input = Console.OpenStandardInput();
        await using var output = StandardOutput.Open();
        var options = McpServerOptions.FromServices(services);
        using var signalled = new CancellationTokenSource();
        using var terminate = StopOn(PosixSignal.SIGTERM, signalled);
        using var interrupt = StopOn(PosixSignal.SIGINT, signalled);
        await RunAsync(new McpRequestProcessor(definition, services, options), input, output, signalled.Token, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns a termination signal into a graceful stop instead of the runtime's immediate exit.</summary>
    private static PosixSignalRegistration? StopOn(PosixSignal signal, CancellationTokenSource stop)
    {
        try
        {
            return PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                try
                {
                    stop.Cancel();
                }
                catch (ObjectDisposedException)
                {
                }
            });
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or System.ComponentModel.Win32Exception)
        {
            // Platforms without the signal (browser, some mobile targets) keep the runtime's default.
            return null;
        }
    }

    /// <summary>Serves MCP over any pair of streams with stdio framing (e.g. pipes or sockets, or tests).</summary>
    /// <param name="processor">The server core.</param>
    /// <param name="input">Newline-delimited JSON-RPC messages from the client.</param>
    /// <param name="output">Receives newline-delimited JSON-RPC messages for the client.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    /// <returns>A task that completes when <paramref name="input"/> ends or the token is cancelled.</returns>
    public static Task RunAsync(McpRequestProcessor processor, Stream input, Stream output, CancellationToken cancellationToken = default) =>
        RunAsync(processor, input, output, CancellationToken.None, cancellationToken);

    /// <summary>Serves until <paramref name="input"/> ends, <paramref name="stopReading"/> acts as if it had (a signal), or <paramref name="cancellationToken"/> stops everything.</summary>
    internal static async Task RunAsync(McpRequestProcessor processor, Stream input, Stream output, CancellationToken stopReading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);

        // This host runs the processor's background work (the task sweep) for as long as it serves, and stops it below.
        processor.Start();
        var logger = (ILogger?)processor.Services.GetService<ILoggerFactory>()?.CreateLogger("McpGen.Stdio") ?? NullLogger.Instance;
        var writer = new LineWriter(output);
        var connection = new McpConnection(writer) { Transport = McpTransportKind.Stdio };
        var inFlight = new ConcurrentDictionary<string, InFlightRequest>(StringComparer.Ordinal);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int maxBytes = processor.Options.MaxMessageBytes;

        var reader = new LineReader(input, maxBytes);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token, stopReading);
        try
        {
            while (true)
            {
                var line = await reader.ReadLineAsync(reading.Token).ConfigureAwait(false);
                if (line.IsEndOfStream)
                {
                    break;
                }

                if (line.TooLong)
                {
                    var error = new ArrayBufferWriter<byte>();
                    McpJsonRpcWriter.WriteError(error, default, McpProtocol.ErrorCodes.InvalidRequest,
                        $"The message is larger than the {maxBytes}-byte limit and was discarded.");
                    writer.Send(error.WrittenSpan);
                    continue;
                }

                Dispatch(processor, line.Bytes!, line.Length, writer, connection, inFlight, logger, stopping.Token);
            }
        }
        catch (OperationCanceledException) when (reading.IsCancellationRequested)
        {
        }

        // stdin closed: open subscriptions/listen streams end with their final result and task runs start handing their
        // tasks back; running requests get a moment to finish, then what is left is cancelled.
        processor.BeginStopping();
        var drain = Task.WhenAll(SnapshotTasks(inFlight));
        if (await Task.WhenAny(drain, Task.Delay(s_drainTimeout, CancellationToken.None)).ConfigureAwait(false) != drain)
        {
            foreach (var request in inFlight.Values)
            {
                TryCancel(request.Cancellation);
            }

            await drain.ConfigureAwait(false);
        }

        // Running tasks go back to the store before the process exits, so another instance (or the next start) resumes them.
        await processor.StopAsync().WaitAsync(s_drainTimeout, CancellationToken.None).ConfigureAwait(false);
        await writer.FlushAsync().ConfigureAwait(false);
    }

    private static Task[] SnapshotTasks(ConcurrentDictionary<string, InFlightRequest> inFlight)
    {
        var values = inFlight.Values;
        var tasks = new Task[values.Count];
        int i = 0;
        foreach (var value in values)
        {
            if (i < tasks.Length)
            {
                tasks[i++] = value.Completion.Task;
            }
        }

        return i == tasks.Length ? tasks : tasks[..i];
    }

    private static void Dispatch(McpRequestProcessor processor, byte[] buffer, int length, LineWriter writer, McpConnection connection,
        ConcurrentDictionary<string, InFlightRequest> inFlight, ILogger logger, CancellationToken stopping)
    {
        var bytes = new ReadOnlyMemory<byte>(buffer, 0, length);
        var message = JsonRpcMessage.Parse(bytes);

        if (message.Kind == JsonRpcMessageKind.Notification)
        {
            if (message.IsMethod("notifications/cancelled"u8))
            {
                if (McpRequestProcessor.CancelledRequestId(message) is { } key && inFlight.TryGetValue(key, out var target))
                {
                    TryCancel(target.Cancellation);
                }
            }

            ArrayPool<byte>.Shared.Return(buffer);
            return;
        }

        if (message.Kind != JsonRpcMessageKind.Request)
        {
            // Malformed messages are answered in order; client responses are ignored.
            ServeInline(processor, message, buffer, writer, connection);
            return;
        }

        string idKey = System.Text.Encoding.UTF8.GetString(message.Id.Span);
        var request = new InFlightRequest(CancellationTokenSource.CreateLinkedTokenSource(stopping));
        if (!inFlight.TryAdd(idKey, request))
        {
            request.Cancellation.Dispose();
            var error = new ArrayBufferWriter<byte>();
            McpJsonRpcWriter.WriteError(error, message.Id.Span, McpProtocol.ErrorCodes.InvalidRequest,
                $"A request with id {idKey} is already in progress; ids must be unique among in-flight requests.");
            writer.Send(error.WrittenSpan);
            ArrayPool<byte>.Shared.Return(buffer);
            return;
        }

        // Requests run concurrently so a slow tool never blocks reading (and so cancelling) others.
        _ = Task.Run(async () =>
        {
            using var response = new PooledBufferWriter();
            try
            {
                var result = await processor.ProcessAsync(message, response, connection, request.Cancellation.Token).ConfigureAwait(false);
                if (result is not (McpProcessResult.NoResponse or McpProcessResult.Cancelled) && !request.Cancellation.IsCancellationRequested)
                {
                    writer.Send(response.WrittenSpan);
                }
            }
            catch (Exception ex)
            {
                Log.RequestFailed(logger, idKey, ex);
                response.Clear();
                McpJsonRpcWriter.WriteError(response, message.Id.Span, McpProtocol.ErrorCodes.InternalError, "Internal error: " + ex.Message);
                writer.Send(response.WrittenSpan);
            }
            finally
            {
                inFlight.TryRemove(idKey, out _);
                request.Cancellation.Dispose();
                ArrayPool<byte>.Shared.Return(buffer);
                request.Completion.TrySetResult();
            }
        });
    }

    private static void ServeInline(McpRequestProcessor processor, JsonRpcMessage message, byte[] buffer, LineWriter writer, McpConnection connection)
    {
        using var response = new PooledBufferWriter();
        var pending = processor.ProcessAsync(message, response, connection);
        if (pending.IsCompletedSuccessfully && pending.Result is not (McpProcessResult.NoResponse or McpProcessResult.Cancelled))
        {
            writer.Send(response.WrittenSpan);
        }

        ArrayPool<byte>.Shared.Return(buffer);
    }

    private static void TryCancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The request finished in the meantime.
        }
    }

    private sealed class InFlightRequest(CancellationTokenSource cancellation)
    {
        public CancellationTokenSource Cancellation { get; } = cancellation;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// The log messages, in their own class: a <see cref="LoggerMessageAttribute"/> method keeps a static
    /// <c>LoggerMessage.Define</c> delegate, whose formatter reads <c>CultureInfo.InvariantCulture</c> (ICU, in an app
    /// without InvariantGlobalization). Here that static is created when a request first fails, not at start-up.
    /// </summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Request {RequestId} failed unexpectedly.")]
        public static partial void RequestFailed(ILogger logger, string requestId, Exception exception);
    }
}
