using System;
using System.ComponentModel;
using System.Text.Json;
using System.Threading;

namespace McpGen;

/// <summary>
/// One <c>prompts/get</c> being served. Generated prompt handlers read <see cref="Arguments"/> and write the result's
/// members to <see cref="ResultWriter"/>; user code sees it as its base type <see cref="McpRequestContext"/>.
/// </summary>
public sealed class McpPromptGet : McpRequestContext
{
    internal McpPromptGet(
        McpPromptDescriptor prompt,
        ReadOnlyMemory<byte> arguments,
        Utf8JsonWriter resultWriter,
        string protocolVersion,
        ReadOnlyMemory<byte> metaJson,
        ReadOnlyMemory<byte> clientCapabilitiesJson,
        IServiceProvider services,
        CancellationToken cancellationToken)
        : base(McpProtocol.Methods.PromptsGet, protocolVersion, metaJson, clientCapabilitiesJson, services, cancellationToken)
    {
        Prompt = prompt;
        Arguments = arguments;
        ResultWriter = resultWriter;
    }

    /// <summary>The prompt requested.</summary>
    public McpPromptDescriptor Prompt { get; }

    internal override McpInputRound? CreateFirstInputRound() => McpInputRound.First(Method, Prompt.Name, Arguments.Span, McpCallerIdentity.Of(User));

    /// <summary>The <c>arguments</c> object (string values) as UTF-8 JSON; <c>{}</c> when the client sent none.</summary>
    public ReadOnlyMemory<byte> Arguments { get; }

    /// <summary>Receives the result's members (<c>description</c>, <c>messages</c>); for generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Utf8JsonWriter ResultWriter { get; }
}
