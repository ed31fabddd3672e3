using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;

namespace McpGen;

/// <summary>Serves <c>prompts/get</c> for one prompt: binds the arguments and writes the result's members.</summary>
/// <param name="get">The request being served.</param>
/// <returns>A task that completes when the result has been written to <see cref="McpPromptGet.ResultWriter"/>.</returns>
public delegate ValueTask McpPromptHandler(McpPromptGet get);

/// <summary>Suggests values for one prompt argument or template variable (<c>completion/complete</c>).</summary>
/// <param name="request">The request being served.</param>
/// <returns>The suggestions; at most 100 values are sent.</returns>
public delegate ValueTask<Completion> McpCompletionHandler(McpCompletionRequest request);

/// <summary>One prompt of a server: what <c>prompts/list</c> shows and the handler that serves <c>prompts/get</c>.</summary>
public sealed class McpPromptDescriptor
{
    /// <summary>Creates a prompt descriptor.</summary>
    /// <param name="name">The prompt name.</param>
    /// <param name="handler">Serves <c>prompts/get</c>.</param>
    public McpPromptDescriptor(string name, McpPromptHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handler);
        Name = name;
        Handler = handler;
    }

    /// <summary>The prompt name.</summary>
    public string Name { get; }

    /// <summary>A human-readable display name.</summary>
    public string? Title { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// OAuth scopes a caller must hold (all of them) to see and use this prompt on transports that authenticate callers
    /// (<c>[McpScope]</c>); empty for none.
    /// </summary>
    public IReadOnlyList<string> RequiredScopes { get; init; } = [];

    /// <summary>The arguments, in declaration order.</summary>
    public IReadOnlyList<McpPromptArgument> Arguments { get; init; } = [];

    /// <summary>Whether the handler resolves services; such requests get their own dependency-injection scope.</summary>
    public bool UsesServices { get; init; }

    /// <summary>Serves <c>prompts/get</c>.</summary>
    public McpPromptHandler Handler { get; }
}

/// <summary>One argument of a prompt.</summary>
public sealed class McpPromptArgument
{
    /// <summary>Creates an argument.</summary>
    /// <param name="name">The argument name.</param>
    public McpPromptArgument(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The argument name.</summary>
    public string Name { get; }

    /// <summary>A human-readable display name.</summary>
    public string? Title { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }

    /// <summary>Whether the argument must be supplied.</summary>
    public bool Required { get; init; }

    /// <summary>Suggests values for the argument, or <see langword="null"/>.</summary>
    public McpCompletionHandler? Completion { get; init; }
}
