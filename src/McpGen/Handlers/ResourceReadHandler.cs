using System;
using System.Buffers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

/// <summary><c>resources/read</c>: a direct resource or one a template matches.</summary>
internal sealed class ResourceReadHandler(McpServerRuntime runtime) : McpPrimitiveHandler<McpResourceRead>(runtime)
{
    protected override Func<McpResourceRead, ValueTask> Run { get; } = static read => read.Resource.Handler(read);

    public override ValueTask<McpProcessResult> HandleAsync(in McpRequest request) =>
        ReadResourceAsync(request.Id, request.Response, request.Connection, request.Params, request.Version, request.CancellationToken);

    private ValueTask<McpProcessResult> ReadResourceAsync(ReadOnlyMemory<byte> id, IBufferWriter<byte> response, McpConnection connection, in McpRequestParams p, string version, CancellationToken cancellationToken)
    {
        bool modern = ReferenceEquals(version, McpProtocol.LatestVersion);
        if (!p.HasUri)
        {
            WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams, "Missing params.uri: the URI of the resource to read.");
            return new(McpProcessResult.Responded);
        }

        string uri = p.Uri!;
        var resource = Runtime.Definition.ResolveResource(uri);
        if (resource is null || !Runtime.IsEnabled(resource.IsTemplate ? McpPrimitiveKind.ResourceTemplate : McpPrimitiveKind.Resource, resource.Uri))
        {
            WriteError(response, id.Span, ResourceNotFound(uri, modern));
            return new(McpProcessResult.Responded);
        }

        if (!IsAuthorized(response, id.Span, connection, resource.RequiredScopes, "Resource", uri))
        {
            return new(McpProcessResult.Forbidden);
        }

        McpInputRound? round = null;
        if (modern && p.IsInputRetry && !Runtime.TryOpenInputRound(response, id.Span, McpProtocol.Methods.ResourcesRead, uri, default, connection, p, out round))
        {
            return new(McpProcessResult.Responded);
        }

        var scratch = StartResult(id.Span, modern);
        var scope = McpHandlerInvocation.CreateScope(Runtime.ScopeFactory, resource.UsesServices);
        var read = new McpResourceRead(resource, uri, scratch.Writer, version, p.Meta, modern ? p.ClientCapabilities : connection.LegacyClientCapabilities, scope?.ServiceProvider ?? Runtime.Services, cancellationToken)
        {
            Events = Runtime.Events,
            User = connection.User,
            InputRound = round,
            LegacyInput = modern ? null : Runtime.LegacyInputOf(connection, cancellationToken),
            ProgressReporter = ProgressOf(p, connection),
        };
        return ServeAsync(id, response, connection, modern, scratch, read, scope, cancellationToken);
    }

    protected override void WriteTrailer(Utf8JsonWriter w, McpResourceRead read)
    {
        var options = Runtime.Options;
        McpServerDocuments.WriteCacheHints(
            w,
            McpServerOptions.ToMilliseconds(read.TimeToLive ?? read.Resource.TimeToLive ?? options.ResourceTimeToLive),
            read.CacheScope is { } scope
                ? (scope == CacheScope.Public ? "public" : "private")
                : McpServerOptions.ScopeName(read.Resource.CacheScope, options.ResourceCacheScope == McpCacheScope.Unspecified ? McpCacheScope.Private : options.ResourceCacheScope));
    }

    protected override McpErrorReply? DescribeFailure(McpResourceRead read, Exception exception, bool modern) => exception switch
    {
        McpArgumentException e => new McpErrorReply(McpProtocol.ErrorCodes.InvalidParams, $"Invalid resource URI '{read.Uri}' for template '{read.Resource.Uri}': {e.Message}", "uri", read.Uri),
        McpResourceNotFoundException e => ResourceNotFound(e.Uri, modern),
        _ => null,
    };

    protected override string Describe(McpResourceRead read) => $"resource '{read.Uri}'";

    private static McpErrorReply ResourceNotFound(string uri, bool modern) =>
        new(modern ? McpProtocol.ErrorCodes.InvalidParams : McpProtocol.ErrorCodes.LegacyResourceNotFound, $"Resource '{uri}' not found.", "uri", uri);
}
