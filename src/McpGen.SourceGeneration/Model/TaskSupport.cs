namespace McpGen.SourceGeneration.Model;

/// <summary>A tool's <c>McpTaskSupport</c>, with the same numeric values.</summary>
internal enum TaskSupport
{
    /// <summary>The tool always answers within the request (the default).</summary>
    Forbidden = 0,

    /// <summary>The tool runs as a task when the client supports tasks, otherwise within the request.</summary>
    Optional = 1,

    /// <summary>The tool only runs as a task.</summary>
    Required = 2,
}
