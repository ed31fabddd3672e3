using System;

namespace McpGen;

/// <summary>
/// Marks a method as an MCP prompt. Its parameters are the prompt's arguments: required unless nullable or given a
/// default, described by <c>[Description]</c> or the XML <c>&lt;param&gt;</c>. Arguments arrive as strings and are
/// converted to the parameter type (<see cref="string"/>, numbers, <see cref="bool"/>, enums, <see cref="Guid"/>, dates,
/// times and <see cref="System.Uri"/>); enum arguments complete from their names automatically.
/// </summary>
/// <remarks>
/// Return types: <see cref="string"/> (one user message), <c>PromptMessage</c>, a collection of <c>PromptMessage</c>,
/// <c>ContentBlock</c> or a collection of them (user messages), or <c>GetPromptResult</c>; or a <c>Task</c>/<c>ValueTask</c>
/// of any of these.
/// <code>
/// [McpPrompt(Description = "Review code for bugs.")]
/// public static string CodeReview(string code, Language language = Language.CSharp) => $"Review this {language} code: {code}";
/// </code>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class McpPromptAttribute : Attribute
{
    /// <summary>Creates the attribute; the prompt name is derived from the method name.</summary>
    public McpPromptAttribute()
    {
    }

    /// <summary>Creates the attribute with an explicit prompt name.</summary>
    /// <param name="name">The prompt name: 1 to 64 characters of <c>[A-Za-z0-9_.-]</c>.</param>
    public McpPromptAttribute(string name) => Name = name;

    /// <summary>The prompt name; defaults to the method name in snake_case without an <c>Async</c> suffix.</summary>
    public string? Name { get; set; }

    /// <summary>A human-readable display name.</summary>
    public string? Title { get; set; }

    /// <summary>The description; overrides <c>[Description]</c> and XML documentation.</summary>
    public string? Description { get; set; }
}

/// <summary>
/// Marks a method that suggests values for one argument of a prompt, or one variable of a resource template, for
/// <c>completion/complete</c>. Set <see cref="Argument"/> and exactly one of <see cref="Prompt"/> and
/// <see cref="ResourceTemplate"/>.
/// </summary>
/// <remarks>
/// <para>Parameters: a <see cref="string"/> parameter named <c>value</c> receives what the user typed so far; other
/// <see cref="string"/> parameters receive the already-entered argument of the same name (or <see langword="null"/>); an
/// <c>IReadOnlyDictionary&lt;string, string&gt;</c> receives all of them; plus <see cref="System.Threading.CancellationToken"/>,
/// <see cref="McpRequestContext"/> and services.</para>
/// <para>Returns <c>IEnumerable&lt;string&gt;</c> or <c>Completion</c> (also wrapped in <c>Task</c>/<c>ValueTask</c>).
/// At most 100 values are sent; <c>total</c> and <c>hasMore</c> are filled in from what the method returned.</para>
/// <code>
/// [McpCompletion(Prompt = "code_review", Argument = "file")]
/// public static IEnumerable&lt;string&gt; Files(string value) => Directory.EnumerateFiles(".", value + "*");
/// </code>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class McpCompletionAttribute : Attribute
{
    /// <summary>The name of the prompt whose argument this method completes.</summary>
    public string? Prompt { get; set; }

    /// <summary>The URI template (exactly as declared) of the resource template whose variable this method completes.</summary>
    public string? ResourceTemplate { get; set; }

    /// <summary>The argument or template variable completed.</summary>
    public string? Argument { get; set; }
}
