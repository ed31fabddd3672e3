namespace McpGen.SourceGeneration.Model;

/// <summary>An argument mirrored into the <c>Mcp-Param-{HeaderName}</c> header.</summary>
internal sealed record HeaderParameterSpec(string HeaderName, string ArgumentName);
