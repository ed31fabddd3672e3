namespace McpGen.SourceGeneration.Model;

/// <summary>How a prompt method's return value becomes <c>messages</c>.</summary>
internal enum PromptReturnKind
{
    Text,
    Message,
    Messages,
    Content,
    Contents,
    Result,
}
