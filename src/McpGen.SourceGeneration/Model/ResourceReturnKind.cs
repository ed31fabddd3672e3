namespace McpGen.SourceGeneration.Model;

/// <summary>How a resource method's return value becomes <c>contents</c>.</summary>
internal enum ResourceReturnKind
{
    Text,
    Primitive,
    Bytes,
    Memory,
    Stream,
    Json,
    Contents,
    ContentsList,
    ReadResult,
}
