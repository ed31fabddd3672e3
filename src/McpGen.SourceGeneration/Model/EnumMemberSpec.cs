namespace McpGen.SourceGeneration.Model;

internal sealed record EnumMemberSpec(string Name, string JsonName, string Value);
