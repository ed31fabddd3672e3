using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

/// <summary><c>completion/complete</c>: argument completions for prompts and resource templates.</summary>
internal sealed class CompletionHandler : McpMethodHandler
{
    private const int MaxCompletionValues = 100;
    private static readonly IReadOnlyDictionary<string, string> s_noArguments = new Dictionary<string, string>(0);

    public CompletionHandler(McpServerRuntime runtime)
        : base(runtime)
    {
    }

    public override ValueTask<McpProcessResult> HandleAsync(in McpRequest request) =>
        CompleteAsync(request.Id, request.Response, request.Connection, request.Params, request.Version, request.CancellationToken);

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
            AsyncServiceScope? scope = Runtime.ScopeFactory?.CreateAsyncScope();
            try
            {
                var request = new McpCompletionRequest(argumentName, value, contextArguments, version, p.Meta, p.ClientCapabilities, scope?.ServiceProvider ?? Runtime.Services, cancellationToken) { Events = Runtime.Events };
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
                    LogHandlerFailed(Runtime.Logger, $"completion of '{argumentName}'", ex);
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

        JsonScratch.WriteTo(response, (Id: id, Completion: completion, Modern: modern, Documents: Runtime.Documents), static (w, state) =>
        {
            WriteResultStart(w, state.Id.Span, state.Modern);

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
            var prompt = Runtime.Definition.FindPrompt(name);

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
            var template = Runtime.Definition.FindResourceTemplate(uri);
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
}
