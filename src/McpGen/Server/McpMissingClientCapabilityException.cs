using System;
using System.Collections.Generic;

namespace McpGen;

/// <summary>
/// Thrown by a handler that cannot proceed without a client capability the request did not declare in
/// <see cref="McpRequestContext.ClientCapabilities"/> (for example <c>sampling</c>). The client receives
/// <c>-32021 MissingRequiredClientCapability</c> with <c>data.requiredCapabilities</c> naming what is missing (HTTP 400),
/// instead of a tool error the model would try to work around.
/// </summary>
/// <remarks>
/// <code>
/// if (call.ClientCapabilities.Sampling is null)
/// {
///     throw new McpMissingClientCapabilityException("sampling");
/// }
/// </code>
/// </remarks>
public sealed class McpMissingClientCapabilityException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="capabilities">The top-level client capability names that are required, e.g. <c>sampling</c>, <c>elicitation</c>, <c>roots</c>.</param>
    public McpMissingClientCapabilityException(params string[] capabilities)
        : base(Describe(capabilities)) => Capabilities = capabilities;

    /// <summary>The top-level client capability names that are required.</summary>
    public IReadOnlyList<string> Capabilities { get; }

    /// <summary>
    /// The message for a 2025-11-25 client, which declares its capabilities once, in <c>initialize</c>.
    /// <paramref name="sessionless"/>: the request came over Streamable HTTP without the <c>Mcp-Session-Id</c> that
    /// carries them, so the server could not know what was declared.
    /// </summary>
    internal string LegacyMessage(bool sessionless)
    {
        string names = string.Join(", ", Capabilities);
        string message = $"This request needs the client capabilit{(Capabilities.Count == 1 ? "y" : "ies")} {names}; declare {(Capabilities.Count == 1 ? "it" : "them")} in the capabilities of initialize.";
        return sessionless
            ? message + " This request carried no Mcp-Session-Id, so the server cannot know what initialize declared: send the Mcp-Session-Id header of the initialize response with every request."
            : message;
    }

    private static string Describe(string[] capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        if (capabilities.Length == 0)
        {
            throw new ArgumentException("Name at least one required capability.", nameof(capabilities));
        }

        return $"This request needs the client capabilit{(capabilities.Length == 1 ? "y" : "ies")} {string.Join(", ", capabilities)}; declare {(capabilities.Length == 1 ? "it" : "them")} in params._meta[\"io.modelcontextprotocol/clientCapabilities\"].";
    }
}
