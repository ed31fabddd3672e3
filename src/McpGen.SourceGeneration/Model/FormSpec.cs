namespace McpGen.SourceGeneration.Model;

/// <summary>
/// An elicitation form: a type used as <c>McpInput.Elicit&lt;T&gt;</c>, with its requested schema and what its reader
/// needs. Keyed by <see cref="Key"/>: every call site with the same type yields an equal spec.
/// </summary>
internal sealed record FormSpec(string Key, TypeRefSpec Type, string Schema, EquatableArray<ObjectTypeSpec> Types);
