namespace McpGen.SourceGeneration.Model;

/// <summary>One argument of the constructor used to create an object: a property's value, or a default literal.</summary>
internal sealed record CtorArgumentSpec(string? PropertyName, string? DefaultLiteral);
