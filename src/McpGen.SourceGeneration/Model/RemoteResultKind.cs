namespace McpGen.SourceGeneration.Model;

/// <summary>How the remote answer becomes an <c>[McpClient]</c> method's return value.</summary>
internal enum RemoteResultKind
{
    /// <summary><c>Task</c>/<c>ValueTask</c>: only success or failure matters.</summary>
    None,

    /// <summary><c>string</c>: the text content.</summary>
    Text,

    /// <summary>A typed value read from <c>structuredContent</c> (or JSON text).</summary>
    Value,

    /// <summary>The protocol result as is: <c>CallToolResult</c>, <c>ReadResourceResult</c> or <c>GetPromptResult</c>.</summary>
    Raw,

    /// <summary>Resources only: the bytes of a blob (or the UTF-8 of a text).</summary>
    Bytes,
}
