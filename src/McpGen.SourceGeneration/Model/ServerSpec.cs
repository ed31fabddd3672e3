using Microsoft.CodeAnalysis;

namespace McpGen.SourceGeneration.Model;

/// <summary>An <c>[McpServer]</c> class.</summary>
internal sealed record ServerSpec(
    string Namespace,
    string ClassName,
    string HintName,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Name,
    string Version,
    string? Title,
    string? Description,
    string? Instructions,
    EquatableArray<string> Types,
    bool RestrictsTypes,
    LocationInfo? Location)
{
    /// <summary>The server's website, or <see langword="null"/>.</summary>
    public string? WebsiteUrl { get; init; }

    /// <summary>The server's icons (<c>[McpIcon]</c>).</summary>
    public EquatableArray<IconSpec> Icons { get; init; } = EquatableArray<IconSpec>.Empty;

    /// <summary>The server card, built at compile time; <see langword="null"/> when its declarations are invalid.</summary>
    public ServerCardSpec? Card { get; init; }
}
