using McpGen;

namespace McpServer1;

/// <summary>
/// Example tools. Each [McpTool] method is a tool; its XML comments are the descriptions the model reads, and its
/// parameters become the input schema at compile time. Add a CancellationToken parameter to async tools.
/// </summary>
public static class Tools
{
    /// <summary>Echoes a message back, to test the connection.</summary>
    /// <param name="message">The text to echo.</param>
    [McpTool(ReadOnly = true)]
    public static string Echo(string message) => message;

    /// <summary>Adds two integers.</summary>
    /// <param name="a">The first number.</param>
    /// <param name="b">The second number.</param>
    [McpTool(ReadOnly = true, Idempotent = true)]
    public static long Add(long a, long b) => a + b;
}
