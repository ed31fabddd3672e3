using System;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace McpGen.Client.Tests;

/// <summary>The McpGen server the client tests call.</summary>
[McpServer("client-test", Version = "3.0.0", Instructions = "Call echo first.",
    Types = [typeof(ClientTestTools), typeof(ClientTestPrompts), typeof(ClientTestResources)])]
public partial class ClientTestServer;

/// <summary>A confirmation form.</summary>
/// <param name="Ok">Whether to proceed.</param>
public sealed record Confirmation(bool Ok);

/// <summary>Tools for the client tests.</summary>
public static class ClientTestTools
{
    /// <summary>Completes when a call of <see cref="Slow"/> has started.</summary>
    [McpProcessLocal("Test instrumentation: the in-process test host observes the call through it.")]
    public static TaskCompletionSource SlowStarted { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a call of <see cref="Slow"/> is cancelled.</summary>
    [McpProcessLocal("Test instrumentation: the in-process test host observes the cancellation through it.")]
    public static TaskCompletionSource SlowCancelled { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Echoes the text.</summary>
    /// <param name="text">What to echo.</param>
    [McpTool]
    public static string Echo(string text) => text;

    /// <summary>Adds two numbers.</summary>
    /// <param name="a">The first.</param>
    /// <param name="b">The second.</param>
    [McpTool]
    public static long Add(int a, int b) => (long)a + b;

    /// <summary>Always fails.</summary>
    [McpTool]
    public static string Fail() => throw new InvalidOperationException("The warehouse is closed today.");

    /// <summary>Asks the user to confirm.</summary>
    [McpTool]
    public static async Task<string> Confirm(McpInput input, CancellationToken cancellationToken)
    {
        var answer = await input.Elicit<Confirmation>("confirm", "Proceed?");
        return answer.IsAccepted && answer.Content.Ok ? "proceeded" : "stopped";
    }

    /// <summary>Reports three progress steps, then answers.</summary>
    [McpTool]
    public static async Task<string> Steps(IProgress<McpProgress> progress, CancellationToken cancellationToken)
    {
        for (int step = 1; step <= 3; step++)
        {
            progress.Report(new McpProgress(step, 3, $"step {step}"));
            await Task.Delay(10, cancellationToken);
        }

        return "done";
    }

    /// <summary>Waits until cancelled.</summary>
    [McpTool]
    public static async Task<string> Slow(CancellationToken cancellationToken)
    {
        SlowStarted.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "never";
        }
        catch (OperationCanceledException)
        {
            SlowCancelled.TrySetResult();
            throw;
        }
    }
}

/// <summary>Prompts for the client tests.</summary>
public static class ClientTestPrompts
{
    /// <summary>Greets someone.</summary>
    /// <param name="name">Who to greet.</param>
    [McpPrompt]
    public static string Greet(string name) => "Hello, " + name + "!";
}

/// <summary>Resources for the client tests.</summary>
public static class ClientTestResources
{
    /// <summary>A note.</summary>
    /// <param name="id">Which note.</param>
    [McpResource("notes://{id}", MimeType = "text/plain")]
    public static string Note(string id) => "note " + id;

    /// <summary>The welcome text.</summary>
    [McpResource("test://welcome", MimeType = "text/plain")]
    public static string Welcome() => "welcome";
}
