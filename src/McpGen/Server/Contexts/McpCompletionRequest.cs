using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;

namespace McpGen;

/// <summary>One <c>completion/complete</c> being served: which argument, what was typed, and what else was entered.</summary>
public sealed class McpCompletionRequest : McpRequestContext
{
    internal McpCompletionRequest(
        string argumentName,
        string value,
        IReadOnlyDictionary<string, string> contextArguments,
        string protocolVersion,
        ReadOnlyMemory<byte> metaJson,
        ReadOnlyMemory<byte> clientCapabilitiesJson,
        IServiceProvider services,
        CancellationToken cancellationToken)
        : base(McpProtocol.Methods.CompletionComplete, protocolVersion, metaJson, clientCapabilitiesJson, services, cancellationToken)
    {
        ArgumentName = argumentName;
        Value = value;
        ContextArguments = contextArguments;
    }

    /// <summary>The argument or template variable being completed.</summary>
    public string ArgumentName { get; }

    /// <summary>What the user has typed so far.</summary>
    public string Value { get; }

    /// <summary>The arguments or variables already entered (<c>context.arguments</c>).</summary>
    public IReadOnlyDictionary<string, string> ContextArguments { get; }
}
