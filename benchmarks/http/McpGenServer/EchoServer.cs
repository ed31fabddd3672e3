using McpGen;

namespace McpGenServer;

/// <summary>The benchmark server: a single echo tool.</summary>
[McpServer("echo-bench", Version = "1.0.0")]
public partial class EchoServer;

/// <summary>The tool the benchmark calls.</summary>
public static class EchoTools
{
    /// <summary>Echoes the message.</summary>
    /// <param name="message">The text to echo.</param>
    [McpTool("echo")]
    public static string Echo(string message) => message;
}
