namespace McpGen.SourceGeneration.Model;

/// <summary>DataAnnotations constraints.</summary>
internal sealed record ValidationSpec(string? Minimum, string? Maximum, int? MinLength, int? MaxLength, string? Pattern);
