using McpGen;

namespace McpServer1;

/// <summary>
/// Example tools. Each [McpTool] method is a tool; its XML comments are the descriptions the model reads, and its
/// parameters become the input schema at compile time. Keep tools stateless: any instance may serve any call.
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
#if (redis)

    /// <summary>Counts down slowly; clients that support tasks get a task handle and poll it on any instance.</summary>
    /// <param name="seconds">How long to count.</param>
    /// <param name="cancellationToken">Cancelled when the task is cancelled.</param>
    [McpTool(TaskSupport = McpTaskSupport.Optional)]
    public static async Task<string> CountdownAsync(int seconds, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 60)), cancellationToken);
        return $"Counted down from {seconds}.";
    }
#endif
}
