namespace McpGen.SourceGeneration.Model;

/// <summary>A containing type of the server class, to reopen it as partial.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name);
