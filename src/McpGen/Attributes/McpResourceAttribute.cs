using System;

namespace McpGen;

/// <summary>
/// Marks a method as an MCP resource. A URI without <c>{…}</c> declares one direct resource (listed by
/// <c>resources/list</c>); a URI with RFC 6570 expressions declares a resource template (listed by
/// <c>resources/templates/list</c>) whose variables bind to the method's parameters by name.
/// </summary>
/// <remarks>
/// <para>Supported template expressions (RFC 6570 levels 1–3): <c>{id}</c>, <c>{+path}</c>, <c>{#fragment}</c>,
/// <c>{.ext}</c>, <c>{/segment}</c>, <c>{;param}</c>, <c>{?query,params}</c> and <c>{&amp;more}</c>, each with one or more
/// comma-separated variables. The generator turns the template into matching code; nothing is parsed at run time.</para>
/// <para>Return types: <see cref="string"/> (text), <c>byte[]</c>, <see cref="ReadOnlyMemory{T}"/> of <see cref="byte"/> or
/// <see cref="System.IO.Stream"/> (a base64 blob), a record or class (JSON text, <c>application/json</c>),
/// <c>ResourceContents</c>, a collection of <c>ResourceContents</c>, or <c>ReadResourceResult</c>; or a
/// <c>Task</c>/<c>ValueTask</c> of any of these.</para>
/// <code>
/// [McpResource("notes://{id}", MimeType = "text/markdown")]
/// public static string Note(int id) => Store.Get(id);
/// </code>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class McpResourceAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="uri">The resource's absolute URI, or an RFC 6570 URI template.</param>
    public McpResourceAttribute(string uri) => Uri = uri;

    /// <summary>The resource's absolute URI, or an RFC 6570 URI template.</summary>
    public string Uri { get; }

    /// <summary>The programmatic name; defaults to the method name in snake_case without an <c>Async</c> suffix.</summary>
    public string? Name { get; set; }

    /// <summary>A human-readable display name.</summary>
    public string? Title { get; set; }

    /// <summary>A description for the model; defaults to <c>[Description]</c>, else the XML <c>&lt;summary&gt;</c>.</summary>
    public string? Description { get; set; }

    /// <summary>
    /// The MIME type of the contents. Defaults to <c>text/plain</c> for text, <c>application/json</c> for records and
    /// classes, and <c>application/octet-stream</c> for binary data.
    /// </summary>
    public string? MimeType { get; set; }

    /// <summary>
    /// How long, in milliseconds, clients may cache what <c>resources/read</c> returns (<c>ttlMs</c>). Negative (the
    /// default) uses <see cref="McpServerOptions.ResourceTimeToLive"/>.
    /// </summary>
    public long TimeToLiveMs { get; set; } = -1;

    /// <summary>
    /// Who may cache what <c>resources/read</c> returns (<c>cacheScope</c>). <see cref="McpCacheScope.Unspecified"/>
    /// (the default) uses <see cref="McpServerOptions.ResourceCacheScope"/>.
    /// </summary>
    public McpCacheScope CacheScope { get; set; }
}

/// <summary>
/// Marks a method that lists resources at run time (files in a folder, rows in a table), for resources that exist only
/// when the server runs. Its resources follow the direct <see cref="McpResourceAttribute"/> resources in
/// <c>resources/list</c>, paged like them; they are usually read through a resource template.
/// </summary>
/// <remarks>
/// The method returns <c>IEnumerable&lt;Resource&gt;</c> (also wrapped in <c>Task</c>/<c>ValueTask</c>) or
/// <c>IAsyncEnumerable&lt;Resource&gt;</c>, and may take a <see cref="System.Threading.CancellationToken"/>,
/// <see cref="McpRequestContext"/> and services. It is enumerated again for every page, so it should list in a stable
/// order; items before the requested page are skipped, and enumeration stops once the page is full.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class McpResourceListAttribute : Attribute
{
    /// <summary>
    /// How long, in milliseconds, clients may cache <c>resources/list</c> pages (<c>ttlMs</c>). Default 0: runtime
    /// listings can change at any time.
    /// </summary>
    public long TimeToLiveMs { get; set; }

    /// <summary>Who may cache <c>resources/list</c> pages. <see cref="McpCacheScope.Unspecified"/> (the default) means private.</summary>
    public McpCacheScope CacheScope { get; set; }
}

/// <summary>Who may cache a result: the <c>cacheScope</c> hint of cacheable results.</summary>
public enum McpCacheScope
{
    /// <summary>Not stated; the documented default of the setting applies.</summary>
    Unspecified = 0,

    /// <summary>The result holds no user-specific data; shared caches may serve it to anyone.</summary>
    Public = 1,

    /// <summary>The result may hold user-specific data; only the requesting user's client may cache it.</summary>
    Private = 2,
}
