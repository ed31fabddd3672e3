using System;
using McpGen;

namespace McpGen.AspNetCore.Tests;

/// <summary>A server whose primitives need OAuth scopes, for the authorization, audit and telemetry tests.</summary>
[McpServer("secure-test", Version = "1.0.0", Title = "Secure test server", Types = [typeof(SecureTools), typeof(FileTools)])]
public partial class SecureTestServer;

/// <summary>Tools anyone authenticated may call.</summary>
public static class SecureTools
{
    /// <summary>Says who called.</summary>
    [McpTool]
    public static string WhoAmI(McpToolCall call) => call.User?.FindFirst("sub")?.Value ?? "anonymous";

    /// <summary>Fails on purpose.</summary>
    /// <param name="reason">Why.</param>
    [McpTool]
    public static string Fail(string reason) => throw new InvalidOperationException(reason);
}

/// <summary>File tools: reading needs <c>files:read</c>, writing also <c>files:write</c>.</summary>
[McpScope("files:read")]
public static class FileTools
{
    /// <summary>Reads a file.</summary>
    /// <param name="path">The path.</param>
    [McpTool(ReadOnly = true)]
    public static string ReadFile(string path) => "contents of " + path;

    /// <summary>Writes a file.</summary>
    /// <param name="path">The path.</param>
    /// <param name="text">The text.</param>
    [McpTool]
    [McpScope("files:write")]
    public static string WriteFile(string path, string text) => $"wrote {text.Length} characters to {path}";

    /// <summary>The caller's recent files, listed at run time.</summary>
    /// <param name="context">The request.</param>
    [McpResourceList]
    public static async System.Collections.Generic.IAsyncEnumerable<ModelContextProtocol.Protocol.Resource> RecentFiles(McpRequestContext context)
    {
        await System.Threading.Tasks.Task.Yield();
        yield return new() { Uri = "file:///recent/" + (context.User?.FindFirst("sub")?.Value ?? "nobody"), Name = "recent" };
    }

    /// <summary>A file's summary.</summary>
    /// <param name="path">The path.</param>
    [McpPrompt]
    public static string SummarizeFile(string path) => "Summarize " + path;

    /// <summary>Completes file paths.</summary>
    /// <param name="value">What the user typed.</param>
    [McpCompletion(Prompt = "summarize_file", Argument = "path")]
    public static System.Collections.Generic.IEnumerable<string> CompletePath(string value) => [value + ".txt"];
}
