namespace McpGen.SourceGeneration.Model;

/// <summary>Everything the emitter needs to serve one prompt.</summary>
internal sealed record PromptSpec(
    string Name,
    string? Title,
    string? Description,
    MethodSpec Method,
    PromptReturnKind ReturnKind,
    bool IsAsync);
