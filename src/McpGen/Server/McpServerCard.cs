using System;

namespace McpGen;

/// <summary>
/// The server card (<c>application/mcp-server-card+json</c>): the public description of a server that clients read
/// before connecting, served by Streamable HTTP hosts at <c>&lt;mcp-url&gt;/server-card</c>. The source generator builds
/// it at compile time from <see cref="McpServerAttribute"/>, <see cref="McpIconAttribute"/> and
/// <see cref="McpRemoteAttribute"/>, so serving it costs nothing but copying bytes.
/// </summary>
public sealed class McpServerCard
{
    /// <summary>The media type of a server card.</summary>
    public const string MediaType = "application/mcp-server-card+json";

    /// <summary>The JSON Schema every card names in <c>$schema</c>.</summary>
    public const string SchemaUri = "https://static.modelcontextprotocol.io/schemas/v1/server-card.schema.json";

    /// <summary>Creates a card.</summary>
    /// <param name="name">The card's reverse-DNS name, e.g. <c>com.example/weather</c>.</param>
    /// <param name="displayName">A human-readable name (the title, else the server name).</param>
    /// <param name="json">The card document, UTF-8 JSON.</param>
    /// <param name="etag">A strong entity tag for <paramref name="json"/>, quotes included (a hash of the content).</param>
    public McpServerCard(string name, string displayName, ReadOnlyMemory<byte> json, string etag)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(displayName);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        if (json.IsEmpty)
        {
            throw new ArgumentException("The card document is empty.", nameof(json));
        }

        Name = name;
        DisplayName = displayName;
        Json = json;
        ETag = etag;
    }

    /// <summary>The card's reverse-DNS name, e.g. <c>com.example/weather</c>.</summary>
    public string Name { get; }

    /// <summary>A human-readable name (the title, else the server name).</summary>
    public string DisplayName { get; }

    /// <summary>The card document, UTF-8 JSON.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>A strong entity tag for <see cref="Json"/>, quotes included.</summary>
    public string ETag { get; }

    /// <summary>
    /// The AI-catalog identifier: <c>urn:air:{publisher domain}:{name}</c>, the publisher domain being the card name's
    /// reverse-DNS namespace read forwards (<c>com.example/weather</c> gives <c>urn:air:example.com:weather</c>).
    /// </summary>
    public string CatalogIdentifier
    {
        get
        {
            int slash = Name.IndexOf('/');
            var labels = Name[..slash].Split('.');
            Array.Reverse(labels);
            return $"urn:air:{string.Join('.', labels)}:{Name[(slash + 1)..]}";
        }
    }
}
