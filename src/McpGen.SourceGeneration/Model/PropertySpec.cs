namespace McpGen.SourceGeneration.Model;

/// <summary>A property of an object type.</summary>
/// <param name="CtorIndex">The constructor parameter the property binds through, or -1.</param>
/// <param name="CanBind">Readable from JSON: a constructor parameter, or a public setter / init accessor.</param>
/// <param name="IsInitOnly">Bound through an init accessor (must go in the object initializer).</param>
/// <param name="Required">Must be present in input JSON.</param>
/// <param name="DefaultLiteral">For constructor parameters with a default: the C# literal to pass when absent.</param>
internal sealed record PropertySpec(
    string Name,
    string JsonName,
    TypeRefSpec Type,
    string? Description,
    bool CanRead,
    bool CanBind,
    bool IsInitOnly,
    int CtorIndex,
    bool Required,
    string? DefaultLiteral,
    string? DefaultJson,
    ValidationSpec? Validation,
    bool IsRequiredMember,
    bool DefaultFromInstance);
