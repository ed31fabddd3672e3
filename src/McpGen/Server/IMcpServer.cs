namespace McpGen;

/// <summary>
/// Implemented by every <see cref="McpServerAttribute"/> class (the generator adds it), so hosts can take the server as a
/// type argument, e.g. <c>McpStdioHost.RunAsync&lt;MyServer&gt;()</c>.
/// </summary>
public interface IMcpServer
{
    /// <summary>The compiled definition of the server.</summary>
    static abstract McpServerDefinition Definition { get; }
}
