namespace McpGen.SourceGeneration.Model;

/// <summary>How a collection is built after reading.</summary>
internal enum CollectionKind
{
    None,
    Array,
    List,
    HashSet,
}
