using System;
using System.Collections.Generic;

namespace McpGen.AspNetCore;

/// <summary>
/// Options of the Streamable HTTP endpoints that <c>MapMcp</c> maps. Configure them with
/// <c>builder.Services.Configure&lt;McpHttpOptions&gt;(…)</c>; server options (page size, cache hints, the message size
/// limit) are <see cref="McpServerOptions"/>, configured the same way.
/// </summary>
public sealed class McpHttpOptions
{
    /// <summary>
    /// Browser origins allowed to call the endpoint, e.g. <c>https://app.example.com</c> (scheme, host and port, compared
    /// case-insensitively); <c>*</c> allows any. Requests without an <c>Origin</c> header (non-browser clients) are
    /// always allowed, and so are loopback origins (<c>http://localhost:*</c>, <c>127.0.0.1</c>, <c>[::1]</c>). Any other
    /// origin gets 403: that is what stops DNS-rebinding attacks on local servers. Pair it with ASP.NET Core's
    /// <c>AllowedHosts</c> in production.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = new List<string>();

    /// <summary>
    /// Whether <c>MapMcp</c> also serves the server card at <c>&lt;pattern&gt;/server-card</c> and lists it in
    /// <c>/.well-known/ai-catalog.json</c>. Default <see langword="true"/>; the card holds only public metadata.
    /// </summary>
    public bool ServeServerCard { get; set; } = true;

    /// <summary>
    /// How often an event stream with nothing to send gets an SSE comment (<c>: keep-alive</c>), so proxies and load
    /// balancers do not close an idle <c>subscriptions/listen</c> stream or a slow tool's progress stream as dead.
    /// Default 15 seconds, below the usual 60-second proxy read timeouts; <see cref="TimeSpan.Zero"/> turns it off.
    /// Plain JSON answers are never affected.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The most bytes of events an event stream (<c>subscriptions/listen</c>, a call's progress) may hold waiting for a
    /// client that is not reading them. Past it the server ends that stream: it aborts the response (the client sees
    /// the connection reset and may listen again), returns the stream's buffers to the pool, and logs one warning.
    /// Default 1 MiB: thousands of typical events behind, on top of what Kestrel and the socket already buffer. A single
    /// event larger than the limit is still sent when nothing else is waiting. Without a limit, one stalled listener
    /// would hold every event published for as long as its connection stays open.
    /// </summary>
    public int MaxStreamBufferBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long an instance keeps serving after it is told to stop (<c>SIGTERM</c>) before McpGen ends its listen
    /// streams, hands its tasks back and Kestrel stops accepting requests. Readiness (<c>/healthz/ready</c>) answers
    /// <c>503</c> from the first moment, so a load balancer that polls it has this long to take the instance out of
    /// rotation while every request it still sends is served normally. Set it to the balancer's time to notice (its
    /// check interval times the failures it needs, plus one interval). Default <see cref="TimeSpan.Zero"/>: stop at once,
    /// as without a balancer (a developer's Ctrl+C, tests, a single instance). It counts toward
    /// <c>HostOptions.ShutdownTimeout</c>, which must also cover the requests in flight. Takes effect with
    /// <c>AddMcpHealthChecks</c>, which registers the drain; stdio servers never wait.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.Zero;
}
