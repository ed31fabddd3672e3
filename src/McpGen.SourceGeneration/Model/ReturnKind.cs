namespace McpGen.SourceGeneration.Model;

/// <summary>How a tool's return value becomes a <c>CallToolResult</c>.</summary>
internal enum ReturnKind
{
    Void,
    Text,
    Primitive,
    CallToolResult,
    Content,
    Contents,
    Structured,
}
