namespace McpGen.SourceGeneration.Model;

/// <summary>A <c>[McpCompletion]</c> method and the prompt argument or template variable it completes.</summary>
/// <param name="ReturnsCompletion">Returns <c>Completion</c> rather than a sequence of strings.</param>
internal sealed record CompletionSpec(
    string? Prompt,
    string? ResourceTemplate,
    string Argument,
    MethodSpec Method,
    bool ReturnsCompletion,
    bool IsAsync);
