namespace McpGen.SourceGeneration.Model;

/// <summary>One part of a URI template: a literal, or an expression with its operator and variables.</summary>
/// <param name="Operator">For expressions: <c>'\0'</c> (none) or one of <c>+ # . / ; ? &amp;</c>.</param>
internal sealed record TemplatePartSpec(string? Literal, char Operator, EquatableArray<string> Variables);
