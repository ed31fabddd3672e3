using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace McpGen.AspNetCore;

/// <summary>
/// One HTTP request being served: the headers the core checks against the body, and the sink for the notifications the
/// request emits. The first notification switches the response to <c>text/event-stream</c>; until then the answer is
/// plain <c>application/json</c>. Notifications are written by a single pump so tool threads never wait on the network.
/// Events waiting behind a write the client does not take are bounded by <see cref="McpHttpOptions.MaxStreamBufferBytes"/>:
/// past it the stream is aborted, so a client that stops reading costs a bounded amount of memory and never slows the
/// publisher or other requests.
/// </summary>
internal sealed class McpHttpExchange(HttpContext context, McpHttpOptions options, ILogger logger) : McpConnection, IMcpRequestHeaders, IMcpNotificationSink
{
    /// <summary>The bearer token of an authenticated request; read only when a task keeps it (never on the hot path).</summary>
    public override string? CallerAccessToken =>
        context.User.Identity?.IsAuthenticated == true
        && context.Request.Headers.Authorization.ToString() is { } header
        && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : null;

    private static readonly byte[] s_eventStart = "event: message\ndata: "u8.ToArray();
    private static readonly byte[] s_eventEnd = "\n\n"u8.ToArray();

    /// <summary>An SSE comment: clients ignore it; proxies see traffic and keep an idle stream open.</summary>
    private static readonly byte[] s_keepAlive = ": keep-alive\n\n"u8.ToArray();

    /// <summary>A written batch's buffer up to this size is kept for the next one; a larger one (after a burst) goes back to the pool.</summary>
    private const int SpareCapacity = 16 * 1024;

    /// <summary>The most handed to Kestrel at once: half its default response buffer (<c>MaxResponseBufferSize</c>, 64 KB).</summary>
    private const int WriteSlice = 32 * 1024;

    // The gate is the exchange itself (internal, never locked elsewhere): a plain JSON answer allocates no lock object.
    private bool _closed;

    // What only an event stream needs, made when the response becomes one: a plain JSON answer allocates none of it.
    private StreamState? _stream;

    private sealed class StreamState
    {
        public PooledBufferWriter? Pending;
        public PooledBufferWriter? Spare;
        public Task? Pump;
        public bool Pumping;
        public ITimer? KeepAlive;
    }

    private StreamState Stream => _stream ??= new();

    // The stream's fields, read as empty before it exists; setting one to its empty value makes nothing. Under the gate.
    private PooledBufferWriter? Pending
    {
        get => _stream?.Pending;
        set
        {
            if (value is not null || _stream is not null)
            {
                Stream.Pending = value;
            }
        }
    }

    private PooledBufferWriter? Spare
    {
        get => _stream?.Spare;
        set
        {
            if (value is not null || _stream is not null)
            {
                Stream.Spare = value;
            }
        }
    }

    private Task? Pump
    {
        get => _stream?.Pump;
        set => Stream.Pump = value;
    }

    private bool Pumping
    {
        get => _stream?.Pumping ?? false;
        set
        {
            if (value || _stream is not null)
            {
                Stream.Pumping = value;
            }
        }
    }

    private ITimer? KeepAliveTimer
    {
        get => _stream?.KeepAlive;
        set
        {
            if (value is not null || _stream is not null)
            {
                Stream.KeepAlive = value;
            }
        }
    }

    /// <summary>Whether the response has switched to an event stream.</summary>
    public bool IsStreaming { get; private set; }

    public string? GetHeader(string name) =>
        context.Request.Headers.TryGetValue(name, out var values) ? values.ToString() : null;

    public void Send(ReadOnlySpan<byte> utf8Message) => Enqueue(utf8Message, isEvent: true);

    /// <summary>Writes an event (or a keep-alive comment) behind the ones already pending, and starts the pump if idle.</summary>
    private void Enqueue(ReadOnlySpan<byte> bytes, bool isEvent)
    {
        bool startPump = false, overflowed = false;
        int limit = options.MaxStreamBufferBytes;
        lock (this)
        {
            if (_closed || (!isEvent && !IsStreaming))
            {
                return;
            }

            if (!IsStreaming)
            {
                BeginStream();
            }

            // Only bytes queued behind a write in progress count: an empty queue takes any one message (its size is
            // bounded by whoever produced it), so a single large event never ends a stream whose client keeps up.
            int waiting = Pending?.WrittenCount ?? 0;
            int size = isEvent ? s_eventStart.Length + bytes.Length + s_eventEnd.Length : bytes.Length;
            if (waiting > 0 && (long)waiting + size > limit)
            {
                _closed = true;
                overflowed = true;
                ReleaseBuffers();
            }
            else
            {
                Pending ??= TakeSpare();
                if (isEvent)
                {
                    WriteEvent(Pending, bytes);
                }
                else
                {
                    Pending.Write(bytes);
                }

                if (!Pumping)
                {
                    Pumping = true;
                    startPump = true;
                }
            }
        }

        if (overflowed)
        {
            // Once: every later call finds the stream closed and returns above.
            EndSlowStream(limit);
            return;
        }

        if (startPump)
        {
            var pump = PumpAsync();
            lock (this)
            {
                Pump = pump;
            }
        }
    }

    /// <summary>Switches to an event stream now and sends its headers, for a stream that may stay quiet for long (a legacy GET stream).</summary>
    public Task OpenStreamAsync()
    {
        lock (this)
        {
            if (!IsStreaming)
            {
                BeginStream();
            }
        }

        return context.Response.Body.FlushAsync(context.RequestAborted);
    }

    /// <summary>Starts the event stream and its keep-alive timer; called under the gate.</summary>
    private void BeginStream()
    {
        StartStream(context);
        IsStreaming = true;

        // Streams can sit idle for minutes (subscriptions/listen, a slow tool's progress): keep proxies from
        // closing them as dead. Only streams pay for the timer; plain JSON answers never start one.
        var keepAliveInterval = options.KeepAliveInterval;
        if (keepAliveInterval > TimeSpan.Zero && keepAliveInterval != Timeout.InfiniteTimeSpan)
        {
            KeepAliveTimer = TimeProvider.System.CreateTimer(static e => ((McpHttpExchange)e!).Enqueue(s_keepAlive, isEvent: false), this, keepAliveInterval, keepAliveInterval);
        }
    }

    /// <summary>
    /// Ends a stream whose client stopped reading: aborting the response (HTTP/1.1 closes the connection, HTTP/2 resets
    /// the stream) cancels the request, so the listen or call behind it ends and the client knows to reconnect.
    /// </summary>
    private void EndSlowStream(int limit)
    {
        McpHttpLog.SlowStreamEnded(logger, limit);
        context.Abort();
    }

    private PooledBufferWriter TakeSpare()
    {
        var spare = Spare ?? new PooledBufferWriter();
        Spare = null;
        return spare;
    }

    /// <summary>Returns the queued events' buffers to the pool (the one being written goes back when its write ends). Called under the gate.</summary>
    private void ReleaseBuffers()
    {
        Pending?.Dispose();
        Pending = null;
        Spare?.Dispose();
        Spare = null;
    }

    /// <summary>Stops accepting notifications and waits until every accepted one is on the wire.</summary>
    public async Task DrainAsync()
    {
        ITimer? keepAlive;
        lock (this)
        {
            keepAlive = KeepAliveTimer;
            KeepAliveTimer = null;
        }

        if (keepAlive is not null)
        {
            await keepAlive.DisposeAsync().ConfigureAwait(false);
        }

        while (true)
        {
            Task? pump;
            lock (this)
            {
                _closed = true;
                if (!Pumping)
                {
                    ReleaseBuffers();
                    break;
                }

                pump = Pump;
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

    /// <summary>
    /// Writes what is pending, batch by batch, until nothing is. Each batch is swapped out of the queue under the gate
    /// (no copy), so publishers never wait for a write, and only the queue behind it counts toward the limit.
    /// </summary>
    private async Task PumpAsync()
    {
        var body = context.Response.BodyWriter;
        var aborted = context.RequestAborted;
        PooledBufferWriter? sending = null;
        try
        {
            while (true)
            {
                lock (this)
                {
                    if (sending is not null)
                    {
                        Recycle(sending);
                        sending = null;
                    }

                    if (Pending is not { WrittenCount: > 0 })
                    {
                        Pumping = false;
                        return;
                    }

                    sending = Pending;
                    Pending = null;
                }

                // In slices: Kestrel copies what it is given and holds it until the client takes it, so a whole batch
                // handed to a stalled client would sit in memory twice.
                var batch = sending.WrittenMemory;
                for (int offset = 0; offset < batch.Length; offset += WriteSlice)
                {
                    var flushed = await body.WriteAsync(batch.Slice(offset, Math.Min(WriteSlice, batch.Length - offset)), aborted).ConfigureAwait(false);
                    if (flushed.IsCompleted || flushed.IsCanceled)
                    {
                        // The response is gone (an aborted connection completes it without throwing).
                        throw new OperationCanceledException();
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.IO.IOException)
        {
            // The client went away (or the stream was ended for not reading); the request's cancellation token stops the work.
            lock (this)
            {
                _closed = true;
                Pumping = false;
                ReleaseBuffers();
                sending?.Dispose();
            }
        }
    }

    /// <summary>Keeps a small written buffer for the next batch; returns a large or unneeded one to the pool. Called under the gate.</summary>
    private void Recycle(PooledBufferWriter written)
    {
        written.Clear();
        if (!_closed && Spare is null && written.Capacity <= SpareCapacity)
        {
            Spare = written;
        }
        else
        {
            written.Dispose();
        }
    }
}
