namespace McpGen.SourceGeneration;
internal static class Placeholder { }
