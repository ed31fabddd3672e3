namespace McpGen.SourceGeneration.Model;

/// <summary>An <c>[McpIcon]</c>: <paramref name="Sizes"/> is the space-separated list as written.</summary>
internal sealed record IconSpec(string Source, string? MimeType, string? Sizes, string? Theme);
