using System;

namespace McpGen;

/// <summary>
/// An icon of the server, reported in <c>serverInfo.icons</c> and the server card. Repeat it for several sizes or themes.
/// </summary>
/// <remarks><c>[McpIcon("https://example.com/weather-48.png", MimeType = "image/png", Sizes = "48x48")]</c></remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class McpIconAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="source">The icon's absolute URI: <c>https:</c>, or a <c>data:</c> URI.</param>
    public McpIconAttribute(string source) => Source = source;

    /// <summary>The icon's absolute URI.</summary>
    public string Source { get; }

    /// <summary>The image media type, e.g. <c>image/png</c> or <c>image/svg+xml</c>.</summary>
    public string? MimeType { get; set; }

    /// <summary>Space-separated sizes, e.g. <c>48x48 96x96</c>, or <c>any</c> for scalable images.</summary>
    public string? Sizes { get; set; }

    /// <summary>The background the icon is designed for: <c>light</c> or <c>dark</c>.</summary>
    public string? Theme { get; set; }
}

/// <summary>
/// A public endpoint where the server is deployed, listed in the server card's <c>remotes</c> with the protocol revisions
/// McpGen serves there. Repeat it for several deployments. The URL may start with a <c>{variable}</c>
/// (e.g. <c>https://{tenant}.example.com/mcp</c>) that clients fill in.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class McpRemoteAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="url">The endpoint URL, e.g. <c>https://mcp.example.com/mcp</c>.</param>
    public McpRemoteAttribute(string url) => Url = url;

    /// <summary>The endpoint URL.</summary>
    public string Url { get; }
}
