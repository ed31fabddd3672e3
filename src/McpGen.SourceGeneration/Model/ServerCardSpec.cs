namespace McpGen.SourceGeneration.Model;

/// <summary>A server card: its reverse-DNS name, display name, the document and its entity tag.</summary>
internal sealed record ServerCardSpec(string Name, string DisplayName, string Json, string ETag);
