using System;

namespace McpGen;

/// <summary>Options of a served MCP server. The defaults suit most servers.</summary>
/// <remarks>
/// Cache hints (<c>ttlMs</c>, <c>cacheScope</c>) default to what is safe without knowing the server: lists of
/// compiled-in primitives are the same for everyone and change only on deployment (public, 5 minutes); resource
/// contents may be per-user and may change at any time (private, 0 ms). Resources override them with
/// <see cref="McpResourceAttribute.TimeToLiveMs"/> and <see cref="McpResourceAttribute.CacheScope"/>.
/// </remarks>
public sealed class McpServerOptions
{
    /// <summary>The shared default instance.</summary>
    internal static readonly McpServerOptions Default = new();

    /// <summary>
    /// The options an application configured: an instance registered as a service, else
    /// <c>services.Configure&lt;McpServerOptions&gt;(…)</c> through <see cref="Microsoft.Extensions.Options.IOptions{TOptions}"/>,
    /// else null (the defaults). Every transport reads them this way.
    /// </summary>
    internal static McpServerOptions? FromServices(IServiceProvider? services) =>
        services is null
            ? null
            : (McpServerOptions?)services.GetService(typeof(McpServerOptions))
              ?? ((Microsoft.Extensions.Options.IOptions<McpServerOptions>?)services.GetService(typeof(Microsoft.Extensions.Options.IOptions<McpServerOptions>)))?.Value;

    /// <summary>How many items one page of <c>tools/list</c>, <c>resources/list</c>, <c>resources/templates/list</c> or <c>prompts/list</c> holds. Default 100.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>
    /// How long clients may cache <c>server/discover</c> and list results (<c>ttlMs</c>). Default 5 minutes: the
    /// primitives are compiled into the server, so they change only when a new version is deployed.
    /// </summary>
    public TimeSpan ListTimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Who may cache <c>server/discover</c> and list results (<c>cacheScope</c>). Default <see cref="McpCacheScope.Public"/>:
    /// the lists are the same for every user. (<c>resources/list</c> pages that include run-time listings use the
    /// listing's hints instead.)
    /// </summary>
    public McpCacheScope ListCacheScope { get; set; } = McpCacheScope.Public;

    /// <summary>How long clients may cache <c>resources/read</c> results by default. Default zero (always re-read).</summary>
    public TimeSpan ResourceTimeToLive { get; set; } = TimeSpan.Zero;

    /// <summary>Who may cache <c>resources/read</c> results by default. Default <see cref="McpCacheScope.Private"/>.</summary>
    public McpCacheScope ResourceCacheScope { get; set; } = McpCacheScope.Private;

    /// <summary>The largest request message accepted, in bytes. Default 4 MiB.</summary>
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// The most resource URIs one <c>subscriptions/listen</c> request may name in
    /// <c>params.notifications.resourceSubscriptions</c>. Default 1,000; a request over it is refused with -32602. The
    /// filter is held for as long as the stream is open and checked on every published event, so it is bounded like
    /// any other per-connection state. A subscription also covers the resource's sub-resources (<c>notes://</c> covers
    /// every note), so a client rarely needs many.
    /// </summary>
    public int MaxResourceSubscriptions { get; set; } = 1000;

    /// <summary>
    /// The longest resource URI, in characters, a <c>subscriptions/listen</c> request may subscribe to. Default 2,048;
    /// a longer one is refused with -32602. With <see cref="MaxResourceSubscriptions"/> it bounds what one open listen
    /// stream holds.
    /// </summary>
    public int MaxResourceUriLength { get; set; } = 2048;

    /// <summary>
    /// How the <c>requestState</c> of <c>input_required</c> results is sealed (see <see cref="McpInput"/>). Configure
    /// <see cref="McpRequestStateOptions.Keys"/> when the server runs as several instances.
    /// </summary>
    public McpRequestStateOptions RequestState { get; } = new();

    /// <summary>How tasks (<c>io.modelcontextprotocol/tasks</c>) are kept and run.</summary>
    public McpTaskOptions Tasks { get; } = new();

    /// <summary>
    /// How long a legacy (2025-11-25) client may take to answer a request the server sent it during a call
    /// (<c>elicitation/create</c> waits for a person). Default 10 minutes; then the ask fails with
    /// <see cref="McpClientRequestException"/>.
    /// </summary>
    public TimeSpan ClientRequestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The level from which handler log entries reach legacy (2025-11-25) clients that have not set one with
    /// <c>logging/setLevel</c> on their connection (stateless Streamable HTTP keeps no level between requests).
    /// Default <see cref="Microsoft.Extensions.Logging.LogLevel.Information"/>; <see cref="Microsoft.Extensions.Logging.LogLevel.None"/>
    /// sends them nothing. 2026-07-28 clients choose per request and receive nothing unless they ask.
    /// </summary>
    public Microsoft.Extensions.Logging.LogLevel LegacyClientLogLevel { get; set; } = Microsoft.Extensions.Logging.LogLevel.Information;

    internal long ListTtlMs => ToMilliseconds(ListTimeToLive);

    internal static long ToMilliseconds(TimeSpan value) => (long)Math.Max(0, value.TotalMilliseconds);

    internal static string ScopeName(McpCacheScope scope, McpCacheScope fallback) =>
        (scope == McpCacheScope.Unspecified ? fallback : scope) == McpCacheScope.Public ? "public" : "private";
}
