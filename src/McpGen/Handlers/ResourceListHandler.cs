using System;
using System.Buffers;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

/// <summary><c>resources/list</c>: direct resources, then the run-time listings, paged as one sequence.</summary>
internal sealed class ResourceListHandler : McpMethodHandler
{
    public ResourceListHandler(McpServerRuntime runtime)
        : base(runtime)
    {
    }

    public override ValueTask<McpProcessResult> HandleAsync(in McpRequest request) =>
        ListResourcesAsync(request.Id, request.Response, request.Connection, request.Params, request.Version, request.CancellationToken);

    private async ValueTask<McpProcessResult> ListResourcesAsync(ReadOnlyMemory<byte> id, IBufferWriter<byte> response, McpConnection connection, McpRequestParams p, string version, CancellationToken cancellationToken)
    {
        bool modern = ReferenceEquals(version, McpProtocol.LatestVersion);
        var pages = Runtime.Documents.Resources;
        var listers = Runtime.Definition.ResourceLists;
        if (listers.Count == 0)
        {
            WriteList(response, id.Span, p, pages, "resources/list", modern, connection.User);
            return McpProcessResult.Responded;
        }

        if (!TryGetPage(response, id.Span, p, "resources/list", out int page))
        {
            return McpProcessResult.Responded;
        }

        // Run-time listings are the application's own; the filter narrows the compiled resources.
        bool perCaller = connection.User is not null && (pages.HasScopes || listers.Any(static l => l.RequiredScopes.Count > 0));
        var items = Runtime.Filter is null && !perCaller ? pages.Items : McpServerDocuments.EnabledItems(pages, Runtime.Filter, connection.User);

        // Direct resources first, then each run-time listing in turn; the page is a window over that sequence, so
        // listings are re-enumerated per page and nothing is remembered between requests.
        int pageSize = Math.Max(1, Runtime.Options.PageSize);
        long first = (long)page * pageSize;
        var scratch = JsonScratch.Rent();
        try
        {
            var w = scratch.Writer;
            WriteResultStart(w, id.Span, modern);

            w.WriteStartArray("resources"u8);
            int written = 0;
            for (long i = first; i < items.Length && written < pageSize; i++, written++)
            {
                w.WriteRawValue(items[i], skipInputValidation: true);
            }

            long skip = Math.Max(0, first - items.Length);
            bool more = first + written < items.Length;
            long ttlMs = Runtime.Options.ListTtlMs;
            bool isPublic = Runtime.Options.ListCacheScope != McpCacheScope.Private && !perCaller;
            try
            {
                foreach (var lister in listers)
                {
                    if (!McpScopes.HasAll(connection.User, lister.RequiredScopes))
                    {
                        continue;
                    }

                    ttlMs = Math.Min(ttlMs, McpServerOptions.ToMilliseconds(lister.TimeToLive));
                    isPublic &= lister.CacheScope == McpCacheScope.Public;
                    if (more)
                    {
                        continue;
                    }

                    AsyncServiceScope? scope = lister.UsesServices && Runtime.ScopeFactory is not null ? Runtime.ScopeFactory.CreateAsyncScope() : null;
                    try
                    {
                        var context = new McpRequestContext(McpProtocol.Methods.ResourcesList, version, p.Meta, p.ClientCapabilities, scope?.ServiceProvider ?? Runtime.Services, cancellationToken) { Events = Runtime.Events, User = connection.User };
                        await foreach (var resource in lister.Handler(context).WithCancellation(cancellationToken).ConfigureAwait(false))
                        {
                            if (resource is null)
                            {
                                continue;
                            }

                            if (skip > 0)
                            {
                                skip--;
                                continue;
                            }

                            if (written == pageSize)
                            {
                                more = true;
                                break;
                            }

                            SdkTypesJson.WriteResource(w, resource);
                            written++;
                        }
                    }
                    finally
                    {
                        if (scope is { } s)
                        {
                            await s.DisposeAsync().ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return McpProcessResult.Cancelled;
            }
            catch (Exception ex)
            {
                LogHandlerFailed(Runtime.Logger, "resources/list", ex);
                WriteError(response, id.Span, McpProtocol.ErrorCodes.InternalError, "Listing resources failed: " + ex.Message);
                return McpProcessResult.Responded;
            }

            w.WriteEndArray();
            if (more)
            {
                w.WriteString("nextCursor"u8, McpServerDocuments.FormatCursor(page + 1));
            }

            if (modern)
            {
                McpServerDocuments.WriteCacheHints(w, ttlMs, isPublic ? "public" : "private");
                Runtime.Documents.WriteResultMeta(w);
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.Flush();
            response.Write(scratch.Buffer.WrittenSpan);
            return McpProcessResult.Responded;
        }
        finally
        {
            JsonScratch.Return(scratch);
        }
    }
}
