namespace McpGen.SourceGeneration.Model;

/// <summary>A parameter of an attributed method.</summary>
internal sealed record ParameterSpec(
    string Name,
    ParameterSource Source,
    TypeRefSpec? Type,
    string ServiceTypeName,
    string? ServiceKeyLiteral,
    bool Required,
    string? DefaultLiteral,
    ValidationSpec? Validation,
    string? Description = null);
