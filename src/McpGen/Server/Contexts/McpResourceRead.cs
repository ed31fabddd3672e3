using System;
using System.ComponentModel;
using System.Text.Json;
using System.Threading;
using ModelContextProtocol.Protocol;

namespace McpGen;

/// <summary>
/// One <c>resources/read</c> being served. Generated resource handlers write the <c>contents</c> member to
/// <see cref="ResultWriter"/>; user code sees it as its base type <see cref="McpRequestContext"/>.
/// </summary>
public sealed class McpResourceRead : McpRequestContext
{
    internal McpResourceRead(
        McpResourceDescriptor resource,
        string uri,
        Utf8JsonWriter resultWriter,
        string protocolVersion,
        ReadOnlyMemory<byte> metaJson,
        ReadOnlyMemory<byte> clientCapabilitiesJson,
        IServiceProvider services,
        CancellationToken cancellationToken)
        : base(McpProtocol.Methods.ResourcesRead, protocolVersion, metaJson, clientCapabilitiesJson, services, cancellationToken)
    {
        Resource = resource;
        Uri = uri;
        ResultWriter = resultWriter;
    }

    /// <summary>The resource or template being read.</summary>
    public McpResourceDescriptor Resource { get; }

    /// <summary>The requested URI.</summary>
    public string Uri { get; }

    internal override McpInputRound? CreateFirstInputRound() => McpInputRound.First(Method, Uri, default, McpCallerIdentity.Of(User));

    /// <summary>Receives the result's <c>contents</c> member; for generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Utf8JsonWriter ResultWriter { get; }

    /// <summary>Cache hints of a <see cref="ReadResourceResult"/> the handler returned, overriding the resource's.</summary>
    internal TimeSpan? TimeToLive { get; set; }

    internal CacheScope? CacheScope { get; set; }
}
