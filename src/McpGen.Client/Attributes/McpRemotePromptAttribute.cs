using System;

namespace McpGen.Client;

/// <summary>
/// Implements the method as a <c>prompts/get</c>: its <see cref="string"/> parameters are the prompt's arguments, and
/// it returns <c>GetPromptResult</c>, or <see cref="string"/> for the text of the messages.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class McpRemotePromptAttribute : Attribute
{
    /// <summary>Gets the prompt named after the method in snake_case, without <c>Async</c>.</summary>
    public McpRemotePromptAttribute()
    {
    }

    /// <summary>Gets the prompt <paramref name="name"/>.</summary>
    /// <param name="name">The prompt's name on the server.</param>
    public McpRemotePromptAttribute(string name) => Name = name;

    /// <summary>The prompt's name on the server; <see langword="null"/> for the method's name in snake_case.</summary>
    public string? Name { get; }
}
