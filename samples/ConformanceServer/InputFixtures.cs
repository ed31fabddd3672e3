using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;

// Sampling and roots are deprecated in 2026-07-28; these fixtures exist to test that they are still served.
#pragma warning disable MCP9005

namespace McpGen.Conformance;

/// <summary>The user's name.</summary>
/// <param name="Name">Your name.</param>
public sealed record NameForm(string Name);

/// <summary>A confirmation.</summary>
/// <param name="Ok">Whether to go ahead.</param>
public sealed record ConfirmForm(bool Ok);

/// <summary>A favourite colour.</summary>
/// <param name="Color">Your favourite colour.</param>
public sealed record ColorForm(string Color);

/// <summary>Context for a prompt.</summary>
/// <param name="Context">What the prompt should know about you.</param>
public sealed record ContextForm(string Context);

/// <summary>Contact details.</summary>
/// <param name="Username">User's response</param>
/// <param name="Email">User's email address</param>
public sealed record UserInfoForm(string Username, string Email);

/// <summary>An account status.</summary>
public enum AccountStatus
{
    [JsonStringEnumMemberName("active")]
    Active,
    [JsonStringEnumMemberName("inactive")]
    Inactive,
    [JsonStringEnumMemberName("pending")]
    Pending,
}

/// <summary>A form whose every field has a default (SEP-1034).</summary>
/// <param name="Name">User name</param>
/// <param name="Age">User age</param>
/// <param name="Score">User score</param>
/// <param name="Status">User status</param>
/// <param name="Verified">Verification status</param>
public sealed record DefaultsForm(string Name = "John Doe", int Age = 30, double Score = 95.5, AccountStatus Status = AccountStatus.Active, bool Verified = true);

/// <summary>Multi round-trip input fixtures (conformance scenarios input-required-result-*).</summary>
public static class InputFixtures
{
    /// <summary>Asks the user's name, then greets them.</summary>
    [McpTool("test_input_required_result_elicitation")]
    public static async Task<string> Elicitation(McpInput input, CancellationToken cancellationToken)
    {
        var answer = await input.Elicit<NameForm>("user_name", "What is your name?");
        return answer.IsAccepted ? $"Hello, {answer.Content.Name}!" : $"No name given ({answer.Action}).";
    }

    /// <summary>Asks the client's model a question.</summary>
    [McpTool("test_input_required_result_sampling")]
    public static async Task<string> Sampling(McpInput input, CancellationToken cancellationToken)
    {
        var result = await input.Sample("capital_question", "What is the capital of France?", maxTokens: 100);
        return "The model said: " + Text(result);
    }

    /// <summary>Lists the client's roots.</summary>
    [McpTool("test_input_required_result_list_roots")]
    public static async Task<string> ListRoots(McpInput input, CancellationToken cancellationToken)
    {
        var roots = await input.ListRoots("client_roots");
        return $"The client has {roots.Count} root(s): {string.Join(", ", roots.Select(r => r.Uri))}";
    }

    /// <summary>Asks for confirmation and carries its own state to the next round.</summary>
    [McpTool("test_input_required_result_request_state")]
    public static async Task<string> RequestState(McpInput input, CancellationToken cancellationToken)
    {
        input.State ??= "state-ok";
        var confirmation = await input.Elicit<ConfirmForm>("confirm", "Go ahead?");
        return $"Confirmed: {confirmation.IsAccepted && confirmation.Content.Ok}; carried state: {input.State}";
    }

    /// <summary>Asks for a name, a sampled greeting and the roots in one round.</summary>
    [McpTool("test_input_required_result_multiple_inputs")]
    public static async Task<string> MultipleInputs(McpInput input, CancellationToken cancellationToken)
    {
        input.State ??= "multiple";
        var name = input.Elicit<NameForm>("user_name", "What is your name?");
        var greeting = input.Sample("greeting", "Write a short greeting.", maxTokens: 50);
        var roots = input.ListRoots("client_roots");
        var (user, text, folders) = (await name, await greeting, await roots);
        return $"{Text(text)} {(user.IsAccepted ? user.Content.Name : "stranger")} ({folders.Count} root(s))";
    }

    /// <summary>Asks for a name, then in a second round for a colour.</summary>
    [McpTool("test_input_required_result_multi_round")]
    public static async Task<string> MultiRound(McpInput input, CancellationToken cancellationToken)
    {
        input.State = "step1";
        var name = await input.Elicit<NameForm>("user_name", "What is your name?");
        input.State = "step2";
        var color = await input.Elicit<ColorForm>("favorite_color", $"Hello {name.Content?.Name}, what is your favourite colour?");
        return $"{name.Content?.Name} likes {color.Content?.Color}.";
    }

    /// <summary>Asks for confirmation; its sealed state must come back unchanged.</summary>
    [McpTool("test_input_required_result_tampered_state")]
    public static async Task<string> TamperedState(McpInput input, CancellationToken cancellationToken)
    {
        input.State ??= "integrity-protected";
        var confirmation = await input.Elicit<ConfirmForm>("confirm", "Go ahead?");
        return $"Confirmed: {confirmation.IsAccepted && confirmation.Content.Ok}";
    }

    /// <summary>Asks only for what the client declared: elicitation and sampling when available.</summary>
    [McpTool("test_input_required_result_capabilities")]
    public static async Task<string> Capabilities(McpInput input, CancellationToken cancellationToken)
    {
        if (!input.CanElicit && !input.CanSample)
        {
            throw new McpMissingClientCapabilityException("sampling");
        }

        var answers = new List<string>();
        var name = input.CanElicit ? input.Elicit<NameForm>("user_name", "What is your name?") : default(McpInputRequest<McpElicitation<NameForm>>?);
        var sample = input.CanSample ? input.Sample("greeting", "Write a short greeting.", maxTokens: 50) : default(McpInputRequest<CreateMessageResult>?);
        if (name is { } n)
        {
            answers.Add("name: " + (await n).Content?.Name);
        }

        if (sample is { } s)
        {
            answers.Add("sampled: " + Text(await s));
        }

        return string.Join("; ", answers);
    }

    /// <summary>A prompt that first asks what it should know about the user.</summary>
    [McpPrompt("test_input_required_result_prompt")]
    public static async Task<string> Prompt(McpInput input, CancellationToken cancellationToken)
    {
        var context = await input.Elicit<ContextForm>("user_context", "What should the prompt know about you?");
        return $"Help the user. Context: {context.Content?.Context ?? "none given"}";
    }

    /// <summary>Asks the client's model to answer the prompt (legacy scenario tools-call-sampling; MRTR on 2026-07-28).</summary>
    /// <param name="prompt">The prompt to send.</param>
    /// <param name="input">Asks the client.</param>
    /// <param name="cancellationToken">Cancelled with the request.</param>
    [McpTool("test_sampling")]
    public static async Task<string> TestSampling(string prompt, McpInput input, CancellationToken cancellationToken) =>
        "LLM response: " + Text(await input.Sample("llm", prompt, maxTokens: 100));

    /// <summary>Asks the user for a username and an email address.</summary>
    /// <param name="message">What to ask.</param>
    /// <param name="input">Asks the client.</param>
    /// <param name="cancellationToken">Cancelled with the request.</param>
    [McpTool("test_elicitation")]
    public static async Task<string> TestElicitation(string message, McpInput input, CancellationToken cancellationToken)
    {
        var answer = await input.Elicit<UserInfoForm>("user_info", message);
        return $"User response: action={Action(answer.Action)}, content={(answer.Content is { } c ? $"username={c.Username}, email={c.Email}" : "none")}";
    }

    /// <summary>Asks for a form whose fields all have defaults: text, integer, number, enum and boolean.</summary>
    [McpTool("test_elicitation_sep1034_defaults")]
    public static async Task<string> Sep1034Defaults(McpInput input, CancellationToken cancellationToken)
    {
        var answer = await input.Elicit<DefaultsForm>("defaults", "Please review and update the form fields with defaults");
        return $"Elicitation completed: action={Action(answer.Action)}, content={answer.Content}";
    }

    /// <summary>Asks for the five kinds of enum field, from a hand-written schema (titled options have no C# form).</summary>
    [McpTool("test_elicitation_sep1330_enums")]
    public static async Task<string> Sep1330Enums(McpInput input, CancellationToken cancellationToken)
    {
        var answer = await input.Elicit("enums", "Please select options", """
            {
              "type": "object",
              "properties": {
                "untitledSingle": { "type": "string", "description": "Select one option", "enum": ["option1", "option2", "option3"] },
                "titledSingle": { "type": "string", "description": "Select one option with titles",
                  "oneOf": [{ "const": "value1", "title": "First Option" }, { "const": "value2", "title": "Second Option" }, { "const": "value3", "title": "Third Option" }] },
                "legacyEnum": { "type": "string", "description": "Select one option (legacy)", "enum": ["opt1", "opt2", "opt3"], "enumNames": ["Option One", "Option Two", "Option Three"] },
                "untitledMulti": { "type": "array", "description": "Select multiple options", "minItems": 1, "maxItems": 3,
                  "items": { "type": "string", "enum": ["option1", "option2", "option3"] } },
                "titledMulti": { "type": "array", "description": "Select multiple options with titles", "minItems": 1, "maxItems": 3,
                  "items": { "anyOf": [{ "const": "value1", "title": "First Choice" }, { "const": "value2", "title": "Second Choice" }, { "const": "value3", "title": "Third Choice" }] } }
              },
              "required": []
            }
            """);
        return $"Elicitation completed: action={Action(answer.Action)}, content={answer.Content.GetRawText()}";
    }

    private static string Action(McpElicitationAction action) => action.ToString().ToLowerInvariant();

    private static string Text(CreateMessageResult result) =>
        string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));
}
