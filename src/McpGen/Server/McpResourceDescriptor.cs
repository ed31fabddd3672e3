using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;

namespace McpGen;

/// <summary>Serves <c>resources/read</c> for one resource or template: writes the <c>contents</c> member.</summary>
/// <param name="read">The read being served.</param>
/// <returns>A task that completes when the contents have been written to <see cref="McpResourceRead.ResultWriter"/>.</returns>
public delegate ValueTask McpResourceHandler(McpResourceRead read);

/// <summary>Tells whether a URI is one of a resource template's URIs. Generated from the template at compile time.</summary>
/// <param name="uri">The requested URI.</param>
/// <returns><see langword="true"/> when the template matches the URI.</returns>
public delegate bool McpUriMatcher(string uri);

/// <summary>Lists resources at run time, for <c>resources/list</c>.</summary>
/// <param name="context">The <c>resources/list</c> request being served.</param>
/// <returns>The resources, in a stable order.</returns>
public delegate IAsyncEnumerable<Resource> McpResourceListHandler(McpRequestContext context);

/// <summary>
/// One resource or resource template of a server: what <c>resources/list</c> or <c>resources/templates/list</c> shows
/// and the handler that serves <c>resources/read</c>. The source generator creates these.
/// </summary>
public sealed class McpResourceDescriptor
{
    /// <summary>Creates a direct resource, read by its exact URI.</summary>
    /// <param name="uri">The absolute URI.</param>
    /// <param name="name">The programmatic name.</param>
    /// <param name="handler">Serves <c>resources/read</c>.</param>
    public McpResourceDescriptor(string uri, string name, McpResourceHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handler);
        Uri = uri;
        Name = name;
        Handler = handler;
    }

    /// <summary>Creates a resource template, read by any URI its matcher accepts.</summary>
    /// <param name="uriTemplate">The RFC 6570 URI template.</param>
    /// <param name="name">The programmatic name.</param>
    /// <param name="matcher">Tells whether a URI belongs to the template.</param>
    /// <param name="handler">Serves <c>resources/read</c>.</param>
    public McpResourceDescriptor(string uriTemplate, string name, McpUriMatcher matcher, McpResourceHandler handler)
        : this(uriTemplate, name, handler)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        Matcher = matcher;
    }

    /// <summary>The URI of a direct resource, or the URI template of a template.</summary>
    public string Uri { get; }

    /// <summary>Whether this is a resource template.</summary>
    public bool IsTemplate => Matcher is not null;

    /// <summary>For templates: tells whether a URI belongs to the template.</summary>
    public McpUriMatcher? Matcher { get; }

    /// <summary>The programmatic name.</summary>
    public string Name { get; }

    /// <summary>A human-readable display name.</summary>
    public string? Title { get; init; }

    /// <summary>A description for the model.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// OAuth scopes a caller must hold (all of them) to see and use this resource on transports that authenticate callers
    /// (<c>[McpScope]</c>); empty for none.
    /// </summary>
    public IReadOnlyList<string> RequiredScopes { get; init; } = [];

    /// <summary>The MIME type of the contents, when known.</summary>
    public string? MimeType { get; init; }

    /// <summary>The <c>ttlMs</c> of <c>resources/read</c> results; <see langword="null"/> uses <see cref="McpServerOptions.ResourceTimeToLive"/>.</summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>The <c>cacheScope</c> of <c>resources/read</c> results; <see cref="McpCacheScope.Unspecified"/> uses <see cref="McpServerOptions.ResourceCacheScope"/>.</summary>
    public McpCacheScope CacheScope { get; init; }

    /// <summary>Whether the handler resolves services; such reads get their own dependency-injection scope.</summary>
    public bool UsesServices { get; init; }

    /// <summary>For templates: completion handlers by variable name, for <c>completion/complete</c>.</summary>
    public IReadOnlyDictionary<string, McpCompletionHandler>? Completions { get; init; }

    /// <summary>For templates: the variable names, in template order.</summary>
    public IReadOnlyList<string> Variables { get; init; } = [];

    /// <summary>Serves <c>resources/read</c>.</summary>
    public McpResourceHandler Handler { get; }
}

/// <summary>A source of resources listed at run time, with the cache hints of the <c>resources/list</c> pages it joins.</summary>
public sealed class McpResourceListDescriptor
{
    /// <summary>Creates the descriptor.</summary>
    /// <param name="handler">Lists the resources.</param>
    public McpResourceListDescriptor(McpResourceListHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Handler = handler;
    }

    /// <summary>Lists the resources.</summary>
    public McpResourceListHandler Handler { get; }

    /// <summary>The <c>ttlMs</c> of <c>resources/list</c> pages. Default zero.</summary>
    public TimeSpan TimeToLive { get; init; }

    /// <summary>The <c>cacheScope</c> of <c>resources/list</c> pages; <see cref="McpCacheScope.Unspecified"/> means private.</summary>
    public McpCacheScope CacheScope { get; init; }

    /// <summary>Whether the handler resolves services; such listings get their own dependency-injection scope.</summary>
    public bool UsesServices { get; init; }

    /// <summary>
    /// OAuth scopes a caller must hold for this listing to run for them (<c>[McpScope]</c>); callers without them get
    /// the other resources only. Empty for none.
    /// </summary>
    public IReadOnlyList<string> RequiredScopes { get; init; } = [];
}
