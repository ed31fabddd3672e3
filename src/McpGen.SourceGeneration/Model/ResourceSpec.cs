namespace McpGen.SourceGeneration.Model;

/// <summary>Everything the emitter needs to serve one resource or resource template.</summary>
/// <param name="TimeToLiveMs">The attribute's ttl, or -1 when not set.</param>
/// <param name="CacheScope">The attribute's <c>McpCacheScope</c> (<see cref="CacheScope.Unspecified"/> when not set).</param>
internal sealed record ResourceSpec(
    string Uri,
    bool IsTemplate,
    EquatableArray<TemplatePartSpec> Parts,
    EquatableArray<string> Variables,
    string Name,
    string? Title,
    string? Description,
    string? MimeType,
    long TimeToLiveMs,
    CacheScope CacheScope,
    MethodSpec Method,
    ResourceReturnKind ReturnKind,
    bool IsAsync,
    TypeRefSpec? ValueType,
    EquatableArray<ObjectTypeSpec> Types);
