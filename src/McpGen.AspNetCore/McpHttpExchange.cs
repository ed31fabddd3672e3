using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace McpGen.AspNetCore;

/// <summary>
/// One HTTP request being served: the headers the core checks against the body, and the sink for the notifications the
/// request emits. The first notification switches the response to <c>text/event-stream</c>; until then the answer is
/// plain <c>application/json</c>. Notifications are written by a single pump so tool threads never wait on the network.
/// </summary>
internal sealed class McpHttpExchange(HttpContext context, TimeSpan keepAliveInterval) : IMcpRequestHeaders, IMcpNotificationSink
{
    private static readonly byte[] s_eventStart = "event: message\ndata: "u8.ToArray();
    private static readonly byte[] s_eventEnd = "\n\n"u8.ToArray();

    /// <summary>An SSE comment: clients ignore it; proxies see traffic and keep an idle stream open.</summary>
    private static readonly byte[] s_keepAlive = ": keep-alive\n\n"u8.ToArray();

    private readonly Lock _gate = new();
    private PooledBufferWriter? _pending;
    private Task? _pump;
    private bool _pumping;
    private bool _closed;
    private ITimer? _keepAlive;

    /// <summary>Whether the response has switched to an event stream.</summary>
    public bool IsStreaming { get; private set; }

    public string? GetHeader(string name) =>
        context.Request.Headers.TryGetValue(name, out var values) ? values.ToString() : null;

    public void Send(ReadOnlySpan<byte> utf8Message) => Enqueue(utf8Message, isEvent: true);

    /// <summary>Writes an event (or a keep-alive comment) behind the ones already pending, and starts the pump if idle.</summary>
    private void Enqueue(ReadOnlySpan<byte> bytes, bool isEvent)
    {
        bool startPump = false;
        lock (_gate)
        {
            if (_closed || (!isEvent && !IsStreaming))
            {
                return;
            }

            if (!IsStreaming)
            {
                BeginStream();
            }

            _pending ??= new PooledBufferWriter();
            if (isEvent)
            {
                WriteEvent(_pending, bytes);
            }
            else
            {
                _pending.Write(bytes);
            }

            if (!_pumping)
            {
                _pumping = true;
                startPump = true;
            }
        }

        if (startPump)
        {
            var pump = PumpAsync();
            lock (_gate)
            {
                _pump = pump;
            }
        }
    }

    /// <summary>Switches to an event stream now and sends its headers, for a stream that may stay quiet for long (a legacy GET stream).</summary>
    public Task OpenStreamAsync()
    {
        lock (_gate)
        {
            if (!IsStreaming)
            {
                BeginStream();
            }
        }

        return context.Response.Body.FlushAsync(context.RequestAborted);
    }

    /// <summary>Starts the event stream and its keep-alive timer; called under <see cref="_gate"/>.</summary>
    private void BeginStream()
    {
        StartStream(context);
        IsStreaming = true;

        // Streams can sit idle for minutes (subscriptions/listen, a slow tool's progress): keep proxies from
        // closing them as dead. Only streams pay for the timer; plain JSON answers never start one.
        if (keepAliveInterval > TimeSpan.Zero && keepAliveInterval != Timeout.InfiniteTimeSpan)
        {
            _keepAlive = TimeProvider.System.CreateTimer(static e => ((McpHttpExchange)e!).Enqueue(s_keepAlive, isEvent: false), this, keepAliveInterval, keepAliveInterval);
        }
    }

    /// <summary>Stops accepting notifications and waits until every accepted one is on the wire.</summary>
    public async Task DrainAsync()
    {
        ITimer? keepAlive;
        lock (_gate)
        {
            keepAlive = _keepAlive;
            _keepAlive = null;
        }

        if (keepAlive is not null)
        {
            await keepAlive.DisposeAsync().ConfigureAwait(false);
        }

        while (true)
        {
            Task? pump;
            lock (_gate)
            {
                _closed = true;
                if (!_pumping)
                {
                    break;
                }

                pump = _pump;
            }

            // The pump may be starting on another thread and not yet published.
            if (pump is null)
            {
                await Task.Yield();
            }
            else
            {
                await pump.ConfigureAwait(false);
            }
        }

        _pending?.Dispose();
    }

    /// <summary>Frames one JSON-RPC message as a server-sent event.</summary>
    public static void WriteEvent(IBufferWriter<byte> target, ReadOnlySpan<byte> utf8Message)
    {
        target.Write(s_eventStart);
        target.Write(utf8Message);
        target.Write(s_eventEnd);
    }

    /// <summary>Starts a response stream: status and headers go out with the first event, unbuffered and uncompressed.</summary>
    public static void StartStream(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";

        // Disabling buffering also turns response compression off for this response: events must arrive as sent.
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    private async Task PumpAsync()
    {
        var body = context.Response.BodyWriter;
        var aborted = context.RequestAborted;
        byte[]? chunk = null;
        try
        {
            while (true)
            {
                int length;
                lock (_gate)
                {
                    length = _pending!.WrittenCount;
                    if (length == 0)
                    {
                        _pumping = false;
                        return;
                    }

                    if (chunk is null || chunk.Length < length)
                    {
                        if (chunk is not null)
                        {
                            ArrayPool<byte>.Shared.Return(chunk);
                        }

                        chunk = ArrayPool<byte>.Shared.Rent(length);
                    }

                    _pending.WrittenSpan.CopyTo(chunk);
                    _pending.Clear();
                }

                await body.WriteAsync(chunk.AsMemory(0, length), aborted).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.IO.IOException)
        {
            // The client went away; the request's cancellation token stops the work.
            lock (_gate)
            {
                _closed = true;
                _pumping = false;
                _pending!.Clear();
            }
        }
        finally
        {
            if (chunk is not null)
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
    }
}
