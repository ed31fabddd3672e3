namespace McpGen.SourceGeneration.Model;

/// <summary>What an <c>[McpClient]</c> method calls on the remote server.</summary>
internal enum RemoteKind
{
    /// <summary><c>[McpRemoteTool]</c>: <c>tools/call</c>.</summary>
    Tool,

    /// <summary><c>[McpRemoteResource]</c>: <c>resources/read</c> of a URI or URI template.</summary>
    Resource,

    /// <summary><c>[McpRemotePrompt]</c>: <c>prompts/get</c>.</summary>
    Prompt,
}
