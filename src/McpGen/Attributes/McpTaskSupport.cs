namespace McpGen;

/// <summary>Whether a tool's calls may run as tasks of the <c>io.modelcontextprotocol/tasks</c> extension.</summary>
public enum McpTaskSupport
{
    /// <summary>The tool always answers within the request (the default).</summary>
    Forbidden = 0,

    /// <summary>The tool is long-running; it runs as a task when the client supports tasks, otherwise within the request.</summary>
    Optional = 1,

    /// <summary>The tool is long-running and only runs as a task; clients without the tasks extension get -32021.</summary>
    Required = 2,
}
