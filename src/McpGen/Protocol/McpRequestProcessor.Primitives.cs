using System;
using System.Linq;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

// resources/list, resources/read, prompts/get and completion/complete.
public sealed partial class McpRequestProcessor
{
    private const int MaxCompletionValues = 100;
    private static readonly IReadOnlyDictionary<string, string> s_noArguments = new Dictionary<string, string>(0);

    private ValueTask<McpProcessResult> ReadResourceAsync(ReadOnlyMemory<byte> id, IBufferWriter<byte> response, McpConnection connection, McpRequestParams p, string version, CancellationToken cancellationToken)
    {
        bool modern = ReferenceEquals(version, McpProtocol.LatestVersion);
        if (!p.HasUri)
        {
            WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams, "Missing params.uri: the URI of the resource to read.");
            return new(McpProcessResult.Responded);
        }

        string uri = p.Uri!;
        var resource = Definition.ResolveResource(uri);
        if (resource is null || !_runtime.IsEnabled(resource.IsTemplate ? McpPrimitiveKind.ResourceTemplate : McpPrimitiveKind.Resource, resource.Uri))
        {
            WriteError(response, id.Span, ResourceNotFound(uri, modern));
            return new(McpProcessResult.Responded);
        }

        if (!IsAuthorized(response, id.Span, connection, resource.RequiredScopes, $"Resource '{uri}'"))
        {
            return new(McpProcessResult.Forbidden);
        }

        McpInputRound? round = null;
        if (modern && p.IsInputRetry && !TryOpenInputRound(response, id.Span, McpProtocol.Methods.ResourcesRead, uri, default, connection, p, out round))
        {
            return new(McpProcessResult.Responded);
        }

        return ServeAsync(
            id, response, connection, modern, resource.UsesServices, cancellationToken,
            (services, writer) => new McpResourceRead(resource, uri, writer, version, p.Meta, p.ClientInfo, modern ? p.ClientCapabilities : connection.LegacyClientCapabilities, services, cancellationToken)
            {
                Events = Events,
                User = connection.User,
                InputRound = round,
                LegacyInput = modern ? null : LegacyInputOf(connection, cancellationToken),
                ProgressReporter = ProgressOf(p, connection),
            },
            static read => read.Resource.Handler(read),
            (w, read) => McpServerDocuments.WriteCacheHints(
                w,
                McpServerOptions.ToMilliseconds(read.TimeToLive ?? resource.TimeToLive ?? Options.ResourceTimeToLive),
                read.CacheScope is { } scope
                    ? (scope == CacheScope.Public ? "public" : "private")
                    : McpServerOptions.ScopeName(resource.CacheScope, Options.ResourceCacheScope == McpCacheScope.Unspecified ? McpCacheScope.Private : Options.ResourceCacheScope)),
            ex => ex switch
            {
                McpArgumentException e => new McpErrorReply(McpProtocol.ErrorCodes.InvalidParams, $"Invalid resource URI '{uri}' for template '{resource.Uri}': {e.Message}", "uri", uri),
                McpResourceNotFoundException e => ResourceNotFound(e.Uri, modern),
                _ => null,
            },
            $"resource '{uri}'");
    }

    private static McpErrorReply ResourceNotFound(string uri, bool modern) =>
        new(modern ? McpProtocol.ErrorCodes.InvalidParams : McpProtocol.ErrorCodes.LegacyResourceNotFound, $"Resource '{uri}' not found.", "uri", uri);

    private ValueTask<McpProcessResult> GetPromptAsync(ReadOnlyMemory<byte> id, IBufferWriter<byte> response, McpConnection connection, McpRequestParams p, string version, CancellationToken cancellationToken)
    {
        bool modern = ReferenceEquals(version, McpProtocol.LatestVersion);
        if (!p.HasName)
        {
            WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams, "Missing params.name: the name of the prompt to get.");
            return new(McpProcessResult.Responded);
        }

        string name = System.Text.Encoding.UTF8.GetString(p.Name.Span);
        var prompt = Definition.FindPrompt(name);
        if (prompt is null || !_runtime.IsEnabled(McpPrimitiveKind.Prompt, prompt.Name))
        {
            WriteError(response, id.Span, new McpErrorReply(McpProtocol.ErrorCodes.InvalidParams, $"Unknown prompt '{name}'.", "name", name));
            return new(McpProcessResult.Responded);
        }

        if (!IsAuthorized(response, id.Span, connection, prompt.RequiredScopes, $"Prompt '{prompt.Name}'"))
        {
            return new(McpProcessResult.Forbidden);
        }

        if (p.HasArguments && p.ArgumentsToken != JsonTokenType.StartObject)
        {
            WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams,
                $"Invalid params.arguments for prompt '{name}': expected an object mapping argument names to strings, got {DescribeToken(p.ArgumentsToken)}.");
            return new(McpProcessResult.Responded);
        }

        var arguments = p.HasArguments ? p.Arguments : s_emptyArguments;
        McpInputRound? round = null;
        if (modern && p.IsInputRetry && !TryOpenInputRound(response, id.Span, McpProtocol.Methods.PromptsGet, name, arguments.Span, connection, p, out round))
        {
            return new(McpProcessResult.Responded);
        }

        return ServeAsync(
            id, response, connection, modern, prompt.UsesServices, cancellationToken,
            (services, writer) => new McpPromptGet(prompt, arguments, writer, version, p.Meta, p.ClientInfo, modern ? p.ClientCapabilities : connection.LegacyClientCapabilities, services, cancellationToken)
            {
                Events = Events,
                User = connection.User,
                InputRound = round,
                LegacyInput = modern ? null : LegacyInputOf(connection, cancellationToken),
                ProgressReporter = ProgressOf(p, connection),
            },
            static get => get.Prompt.Handler(get),
            null,
            ex => ex is McpArgumentException e
                ? new McpErrorReply(McpProtocol.ErrorCodes.InvalidParams, $"Invalid arguments for prompt '{name}': {e.Message}", "name", name)
                : null,
            $"prompt '{name}'");
    }

    /// <summary>
    /// Runs a handler that writes result members, inside a DI scope when it uses services, and wraps them in the
    /// response: <c>resultType</c>, the members, the trailer (cache hints), <c>_meta</c>. Failures become JSON-RPC errors.
    /// </summary>
    private async ValueTask<McpProcessResult> ServeAsync<TContext>(
        ReadOnlyMemory<byte> id,
        IBufferWriter<byte> response,
        McpConnection connection,
        bool modern,
        bool usesServices,
        CancellationToken cancellationToken,
        Func<IServiceProvider, Utf8JsonWriter, TContext> createContext,
        Func<TContext, ValueTask> run,
        Action<Utf8JsonWriter, TContext>? writeModernTrailer,
        Func<Exception, McpErrorReply?> describeFailure,
        string what)
        where TContext : McpRequestContext
    {
        var scratch = JsonScratch.Rent();
        try
        {
            var w = scratch.Writer;
            WriteResponseStart(w, id.Span);
            w.WriteStartObject("result"u8);
            if (modern)
            {
                w.WriteString("resultType"u8, "complete"u8);
            }

            var scope = McpHandlerInvocation.CreateScope(_runtime.ScopeFactory, usesServices);
            var context = createContext(scope?.ServiceProvider ?? Services, w);
            var handled = await McpHandlerInvocation.InvokeAsync(context, run, scope, cancellationToken).ConfigureAwait(false);
            McpErrorReply? error = null;
            switch (handled.Outcome)
            {
                case McpHandlerOutcome.Cancelled:
                    return McpProcessResult.Cancelled;
                case McpHandlerOutcome.MissingCapability:
                    var missing = (McpMissingClientCapabilityException)handled.Exception!;
                    WriteMissingCapability(response, id.Span, missing, modern ? null : LegacyCapabilityMessage(missing, connection));
                    return McpProcessResult.Rejected;
                case McpHandlerOutcome.InputRequired:
                    WriteInputRequired(response, id.Span, handled.Input!, modern);
                    return McpProcessResult.Responded;
                case McpHandlerOutcome.InvalidInputResponse:
                    error = new McpErrorReply(McpProtocol.ErrorCodes.InvalidParams, handled.Exception!.Message);
                    break;
                case McpHandlerOutcome.Failed:
                    var ex = handled.Exception!;
                    error = describeFailure(ex) ?? FromProtocolException(ex, modern);
                    if (error is null)
                    {
                        LogHandlerFailed(_runtime.Logger, what, ex);
                        error = new McpErrorReply(McpProtocol.ErrorCodes.InternalError, $"Serving {what} failed: {ex.Message}");
                    }

                    break;
            }

            if (error is { } reply)
            {
                WriteError(response, id.Span, reply);
                return McpProcessResult.Responded;
            }

            if (modern)
            {
                writeModernTrailer?.Invoke(w, context);
                _runtime.Documents.WriteResultMeta(w);
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

    /// <summary>An SDK <see cref="McpProtocolException"/> keeps its code, except the resource-not-found code 2026-07-28 removed.</summary>
    private static McpErrorReply? FromProtocolException(Exception ex, bool modern) => ex is McpProtocolException protocol
        ? new McpErrorReply(modern && protocol.ErrorCode == McpErrorCode.ResourceNotFound ? McpProtocol.ErrorCodes.InvalidParams : (int)protocol.ErrorCode, protocol.Message)
        : null;

    private async ValueTask<McpProcessResult> ListResourcesAsync(ReadOnlyMemory<byte> id, IBufferWriter<byte> response, McpConnection connection, McpRequestParams p, string version, CancellationToken cancellationToken)
    {
        bool modern = ReferenceEquals(version, McpProtocol.LatestVersion);
        var pages = _runtime.Documents.Resources;
        var listers = Definition.ResourceLists;
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
        var items = _runtime.Filter is null && !perCaller ? pages.Items : McpServerDocuments.EnabledItems(pages, _runtime.Filter, connection.User);

        // Direct resources first, then each run-time listing in turn; the page is a window over that sequence, so
        // listings are re-enumerated per page and nothing is remembered between requests.
        int pageSize = Math.Max(1, Options.PageSize);
        long first = (long)page * pageSize;
        var scratch = JsonScratch.Rent();
        try
        {
            var w = scratch.Writer;
            WriteResponseStart(w, id.Span);
            w.WriteStartObject("result"u8);
            if (modern)
            {
                w.WriteString("resultType"u8, "complete"u8);
            }

            w.WriteStartArray("resources"u8);
            int written = 0;
            for (long i = first; i < items.Length && written < pageSize; i++, written++)
            {
                w.WriteRawValue(items[i], skipInputValidation: true);
            }

            long skip = Math.Max(0, first - items.Length);
            bool more = first + written < items.Length;
            long ttlMs = Options.ListTtlMs;
            bool isPublic = Options.ListCacheScope != McpCacheScope.Private && !perCaller;
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

                    AsyncServiceScope? scope = lister.UsesServices && _runtime.ScopeFactory is not null ? _runtime.ScopeFactory.CreateAsyncScope() : null;
                    try
                    {
                        var context = new McpRequestContext(McpProtocol.Methods.ResourcesList, version, p.Meta, p.ClientInfo, p.ClientCapabilities, scope?.ServiceProvider ?? Services, cancellationToken) { Events = Events, User = connection.User };
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
                LogHandlerFailed(_runtime.Logger, "resources/list", ex);
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
                _runtime.Documents.WriteResultMeta(w);
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

    private async ValueTask<McpProcessResult> CompleteAsync(ReadOnlyMemory<byte> id, IBufferWriter<byte> response, McpConnection connection, McpRequestParams p, string version, CancellationToken cancellationToken)
    {
        bool modern = ReferenceEquals(version, McpProtocol.LatestVersion);
        if (!TryResolveCompletion(p, connection.User, out var handler, out string argumentName, out string value, out var contextArguments, out var error))
        {
            WriteError(response, id.Span, error);
            return McpProcessResult.Responded;
        }

        Completion completion;
        if (handler is null)
        {
            completion = new Completion();
        }
        else
        {
            AsyncServiceScope? scope = _runtime.ScopeFactory?.CreateAsyncScope();
            try
            {
                var request = new McpCompletionRequest(argumentName, value, contextArguments, version, p.Meta, p.ClientInfo, p.ClientCapabilities, scope?.ServiceProvider ?? Services, cancellationToken) { Events = Events };
                completion = await handler(request).ConfigureAwait(false) ?? new Completion();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return McpProcessResult.Cancelled;
            }
            catch (Exception ex)
            {
                var reply = FromProtocolException(ex, modern);
                if (reply is null)
                {
                    LogHandlerFailed(_runtime.Logger, $"completion of '{argumentName}'", ex);
                }

                WriteError(response, id.Span, reply ?? new McpErrorReply(McpProtocol.ErrorCodes.InternalError, $"Completing '{argumentName}' failed: {ex.Message}"));
                return McpProcessResult.Responded;
            }
            finally
            {
                if (scope is { } s)
                {
                    await s.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        JsonScratch.WriteTo(response, (Id: id, Completion: completion, Modern: modern, Documents: _runtime.Documents), static (w, state) =>
        {
            WriteResponseStart(w, state.Id.Span);
            w.WriteStartObject("result"u8);
            if (state.Modern)
            {
                w.WriteString("resultType"u8, "complete"u8);
            }

            w.WriteStartObject("completion"u8);
            w.WriteStartArray("values"u8);
            var values = state.Completion.Values ?? [];
            int count = Math.Min(values.Count, MaxCompletionValues);
            for (int i = 0; i < count; i++)
            {
                w.WriteStringValue(values[i]);
            }

            w.WriteEndArray();
            int? total = state.Completion.Total ?? (values.Count > MaxCompletionValues ? values.Count : null);
            if (total is { } t)
            {
                w.WriteNumber("total"u8, t);
            }

            bool? hasMore = values.Count > MaxCompletionValues ? true : state.Completion.HasMore;
            if (hasMore is { } more)
            {
                w.WriteBoolean("hasMore"u8, more);
            }

            w.WriteEndObject();
            if (state.Modern)
            {
                state.Documents.WriteResultMeta(w);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
        return McpProcessResult.Responded;
    }

    /// <summary>Reads <c>ref</c>, <c>argument</c> and <c>context</c>, and finds what completes the argument (null: nothing does).</summary>
    private bool TryResolveCompletion(McpRequestParams p, System.Security.Claims.ClaimsPrincipal? user, out McpCompletionHandler? handler, out string argumentName, out string value, out IReadOnlyDictionary<string, string> contextArguments, out McpErrorReply error)
    {
        handler = null;
        argumentName = value = string.Empty;
        contextArguments = s_noArguments;
        error = default;
        if (p.Ref.IsEmpty)
        {
            error = new McpErrorReply(McpProtocol.ErrorCodes.InvalidParams, "Missing params.ref: {\"type\":\"ref/prompt\",\"name\":…} or {\"type\":\"ref/resource\",\"uri\":…}.");
            return false;
        }

        if (p.Argument.IsEmpty)
        {
            error = new McpErrorReply(McpProtocol.ErrorCodes.InvalidParams, "Missing params.argument: {\"name\":…,\"value\":…}.");
            return false;
        }

        using var refDocument = JsonDocument.Parse(p.Ref);
        using var argumentDocument = JsonDocument.Parse(p.Argument);
        var reference = refDocument.RootElement;
        if (!argumentDocument.RootElement.TryGetProperty("name"u8, out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
        {
            error = new McpErrorReply(McpProtocol.ErrorCodes.InvalidParams, "Missing params.argument.name: the argument to complete.");
            return false;
        }

        argumentName = nameElement.GetString()!;
        value = argumentDocument.RootElement.TryGetProperty("value"u8, out var valueElement) && valueElement.ValueKind == JsonValueKind.String
            ? valueElement.GetString()!
            : string.Empty;

        if (!p.Context.IsEmpty)
        {
            using var contextDocument = JsonDocument.Parse(p.Context);
            if (contextDocument.RootElement.TryGetProperty("arguments"u8, out var args) && args.ValueKind == JsonValueKind.Object)
            {
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in args.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        map[property.Name] = property.Value.GetString()!;
                    }
                }

                contextArguments = map;
            }
        }

        string type = reference.TryGetProperty("type"u8, out var typeElement) && typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString()! : string.Empty;
        if (type == "ref/prompt")
        {
            string name = reference.TryGetProperty("name"u8, out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : string.Empty;
            var prompt = Definition.FindPrompt(name);

            // A prompt the caller's scopes hide from prompts/list is not completed for them either.
            if (prompt is null || !McpScopes.HasAll(user, prompt.RequiredScopes))
            {
                error = new McpErrorReply(McpProtocol.ErrorCodes.InvalidParams, $"Unknown prompt '{name}'.", "name", name);
                return false;
            }

            foreach (var argument in prompt.Arguments)
            {
                if (argument.Name == argumentName)
                {
                    handler = argument.Completion;
                    return true;
                }
            }

            error = new McpErrorReply(McpProtocol.ErrorCodes.InvalidParams, $"Prompt '{name}' has no argument '{argumentName}'.", "argument", argumentName);
            return false;
        }

        if (type == "ref/resource")
        {
            string uri = reference.TryGetProperty("uri"u8, out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : string.Empty;
            var template = Definition.FindResourceTemplate(uri);
            if (template is null || !McpScopes.HasAll(user, template.RequiredScopes))
            {
                error = new McpErrorReply(McpProtocol.ErrorCodes.InvalidParams, $"Unknown resource template '{uri}'.", "uri", uri);
                return false;
            }

            foreach (var variable in template.Variables)
            {
                if (variable == argumentName)
                {
                    handler = template.Completions?.GetValueOrDefault(argumentName);
                    return true;
                }
            }

            error = new McpErrorReply(McpProtocol.ErrorCodes.InvalidParams, $"Resource template '{uri}' has no variable '{argumentName}'.", "argument", argumentName);
            return false;
        }

        error = new McpErrorReply(McpProtocol.ErrorCodes.InvalidParams, $"Invalid params.ref.type '{type}': expected \"ref/prompt\" or \"ref/resource\".");
        return false;
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Serving {What} failed; the client receives an internal error with the exception message.")]
    private static partial void LogHandlerFailed(ILogger logger, string what, Exception exception);
}
