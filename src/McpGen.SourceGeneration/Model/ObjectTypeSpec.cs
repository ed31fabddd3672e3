namespace McpGen.SourceGeneration.Model;

/// <summary>A record, class or struct read from and written to JSON objects.</summary>
/// <param name="Key">Unique key (the fully qualified name).</param>
/// <param name="SchemaName">The name under <c>$defs</c> when the type is recursive.</param>
/// <param name="CtorArguments">The arguments of the constructor used to create it.</param>
/// <param name="InputProblem">Why the type cannot be read from JSON, or <see langword="null"/>.</param>
/// <param name="OutputProblem">Why the type cannot be written as JSON, or <see langword="null"/>.</param>
internal sealed record ObjectTypeSpec(
    string Key,
    string TypeName,
    string SchemaName,
    string? Description,
    bool IsValueType,
    EquatableArray<CtorArgumentSpec> CtorArguments,
    EquatableArray<PropertySpec> Properties,
    string? InputProblem,
    string? OutputProblem);
