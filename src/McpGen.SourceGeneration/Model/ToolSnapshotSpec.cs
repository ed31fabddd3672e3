namespace McpGen.SourceGeneration.Model;

/// <summary>What an imported client knows of one remote tool, to tell at the first call whether the server still matches.</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Arguments">Every argument the snapshot's input schema names.</param>
internal sealed record ToolSnapshotSpec(string Name, EquatableArray<string> Arguments);
