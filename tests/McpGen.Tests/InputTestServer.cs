using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen.Tests;

/// <summary>A server whose handlers ask the client for input.</summary>
[McpServer("input-server", Version = "1.0.0", Types = [typeof(InputTools)])]
public partial class InputTestServer;

public enum DeployEnvironment
{
    Staging,
    Production,
}

/// <summary>Deployment confirmation.</summary>
/// <param name="Confirm">Go ahead.</param>
/// <param name="Replicas">How many replicas.</param>
public sealed record DeployConfirmation(bool Confirm, [property: Range(1, 5)] int Replicas = 1, string? Reason = null);

/// <summary>Optional feedback.</summary>
/// <param name="Comment">A comment.</param>
/// <param name="Stars">A rating.</param>
public sealed record FeedbackForm(string? Comment = null, int Stars = 3);

/// <summary>Where to deploy.</summary>
/// <param name="Target">The environment.</param>
public sealed record TargetChoice(DeployEnvironment Target);

/// <summary>Handlers that ask for input: forms, several rounds, resources, prompts.</summary>
public sealed class InputTools
{
    /// <summary>Deploys after the user confirms.</summary>
    [McpTool("deploy", Destructive = true)]
    public static async Task<string> Deploy(string service, McpInput input, CancellationToken cancellationToken)
    {
        var answer = await input.Elicit<DeployConfirmation>("confirm", $"Deploy {service}?");
        return answer.IsAccepted && answer.Content.Confirm
            ? $"Deployed {service} with {answer.Content.Replicas} replica(s){(answer.Content.Reason is { } r ? " because " + r : string.Empty)}."
            : $"Not deployed ({answer.Action}).";
    }

    /// <summary>Two rounds: first the target, then the confirmation; the state records the first step.</summary>
    [McpTool("release")]
    public static async Task<string> Release(string service, McpInput input, CancellationToken cancellationToken)
    {
        var target = await input.Elicit<TargetChoice>("target", "Where to?");
        input.State = "chose " + target.Content?.Target;
        var confirm = await input.Elicit<DeployConfirmation>("confirm_" + target.Content?.Target, $"Release {service} to {target.Content?.Target}?");
        return $"{service} → {target.Content?.Target}: {confirm.Content?.Confirm}; state: {input.State}";
    }

    /// <summary>Asks two questions in one round.</summary>
    [McpTool("survey")]
    public static async Task<string> Survey(McpInput input, CancellationToken cancellationToken)
    {
        var first = input.Elicit<TargetChoice>("first", "First?");
        var second = input.Elicit<TargetChoice>("second", "Second?");
        return $"{(await first).Content?.Target} then {(await second).Content?.Target}";
    }

    /// <summary>Asks with a hand-written schema.</summary>
    [McpTool("raw_form")]
    public static async Task<string> RawForm(McpInput input, CancellationToken cancellationToken)
    {
        var answer = await input.Elicit("raw", "Anything?", """{ "type": "object", "properties": { "x": { "type": "number" } } }""");
        return answer.Content.ValueKind == System.Text.Json.JsonValueKind.Object ? answer.Content.GetProperty("x").GetRawText() : "none";
    }

    /// <summary>Asks with a hand-written schema that requires its field.</summary>
    [McpTool("raw_required")]
    public static async Task<string> RawRequired(McpInput input, CancellationToken cancellationToken)
    {
        var answer = await input.Elicit("raw", "How many?", """{ "type": "object", "properties": { "x": { "type": "number" } }, "required": ["x"] }""");
        return answer.Action + (answer.Content.ValueKind == System.Text.Json.JsonValueKind.Object ? " " + answer.Content.GetProperty("x").GetRawText() : string.Empty);
    }

    /// <summary>A form whose fields are all optional.</summary>
    [McpTool("feedback")]
    public static async Task<string> Feedback(McpInput input, CancellationToken cancellationToken)
    {
        var answer = await input.Elicit<FeedbackForm>("feedback", "Anything to add?");
        return answer.IsAccepted ? $"accepted: {answer.Content.Comment ?? "no comment"}, {answer.Content.Stars} stars" : $"not accepted ({answer.Action})";
    }

    /// <summary>Uses one key twice, which is a mistake.</summary>
    [McpTool("same_key")]
    public static async Task<string> SameKey(McpInput input, CancellationToken cancellationToken)
    {
        _ = input.Elicit<TargetChoice>("k", "One?");
        return (await input.Elicit<TargetChoice>("k", "Two?")).Action.ToString();
    }

    /// <summary>Reads a secret note after the user agrees; the URI is the binding.</summary>
    [McpResource("secrets://{id}", MimeType = "text/plain")]
    public static async Task<string> Note(string id, McpInput input, CancellationToken cancellationToken)
    {
        var answer = await input.Elicit<DeployConfirmation>("unlock", $"Show note {id}?");
        return answer.IsAccepted ? $"Note {id}" : "locked";
    }

    /// <summary>A prompt that reports its progress.</summary>
    [McpPrompt("slow_plan")]
    public static async Task<string> SlowPlan(IProgress<McpProgress> progress, CancellationToken cancellationToken)
    {
        progress.Report(new McpProgress(1, 2, "gathering"));
        await Task.Yield();
        progress.Report(new McpProgress(2, 2, "writing"));
        return "A plan.";
    }

    /// <summary>A resource read that reports its progress.</summary>
    [McpResource("reports://{id}")]
    public static string Report(string id, McpRequestContext read)
    {
        read.Progress.Report(new McpProgress(1, null, "rendering " + id));
        return "report " + id;
    }

    /// <summary>A prompt that asks where to deploy.</summary>
    [McpPrompt("plan")]
    public static async Task<string> Plan(McpInput input, CancellationToken cancellationToken) =>
        $"Plan a release to {(await input.Elicit<TargetChoice>("target", "Where to?")).Content?.Target}.";
}
