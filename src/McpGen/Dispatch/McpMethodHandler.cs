using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

/// <summary>
/// Serves one protocol method (a row of <see cref="McpMethodTable"/>). Handlers are made once per processor and are
/// thread-safe; what they share (authorization, paging, the way a handler run is turned into an answer) lives here.
/// </summary>
internal abstract partial class McpMethodHandler
{
    protected McpMethodHandler(McpServerRuntime runtime) => Runtime = runtime;

    protected McpServerRuntime Runtime { get; }

    /// <summary>Serves <paramref name="request"/>: writes its answer (or none) and says what happened.</summary>
    public abstract ValueTask<McpProcessResult> HandleAsync(in McpRequest request);

    protected static readonly byte[] s_emptyArguments = "{}"u8.ToArray();
    protected static readonly byte[] s_emptyObject = "{}"u8.ToArray();

    /// <summary>
    /// Whether the caller holds every scope in <paramref name="scopes"/> (always on transports that do not authenticate);
    /// otherwise writes the error, records the scopes on the connection for the transport's challenge, and returns false.
    /// </summary>
    /// <param name="response">Receives the error.</param>
    /// <param name="id">The request id.</param>
    /// <param name="connection">The caller.</param>
    /// <param name="scopes">What the primitive requires.</param>
    /// <param name="kind">What the primitive is ("Tool", "Prompt", "Resource"), for the message only.</param>
    /// <param name="name">Its name or URI, for the message only.</param>
    protected static bool IsAuthorized(IBufferWriter<byte> response, ReadOnlySpan<byte> id, McpConnection connection, IReadOnlyList<string> scopes, string kind, string name)
    {
        if (McpScopes.HasAll(connection.User, scopes))
        {
            return true;
        }

        WriteForbidden(response, id, connection, scopes, kind, name);
        return false;
    }

    /// <summary>
    /// The refusal, apart from <see cref="IsAuthorized"/> so that its message and the closure over the scopes are made
    /// only for a caller that is refused: the allowed path allocates nothing.
    /// </summary>
    private static void WriteForbidden(IBufferWriter<byte> response, ReadOnlySpan<byte> id, McpConnection connection, IReadOnlyList<string> scopes, string kind, string name)
    {
        string what = $"{kind} '{name}'";
        bool anonymous = connection.User!.Identity?.IsAuthenticated != true;
        string message = anonymous
            ? $"{what} requires authorization: send an access token granting {string.Join(" ", scopes)}."
            : $"{what} requires the scope(s) {string.Join(" ", scopes)}, which the caller's access token does not grant.";
        WriteError(response, id, McpProtocol.ErrorCodes.InvalidRequest, message, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("requiredScopes"u8);
            foreach (string scope in scopes)
            {
                w.WriteStringValue(scope);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Reads <c>params.cursor</c> into a page index (0 without a cursor); writes the error when it is malformed.</summary>
    protected static bool TryGetPage(IBufferWriter<byte> response, ReadOnlySpan<byte> id, in McpRequestParams p, string method, out int page)
    {
        page = 0;
        if (p.HasCursor && (!p.CursorIsString || !McpServerDocuments.TryParseCursor(p.Cursor!, out page)))
        {
            WriteInvalidCursor(response, id, method);
            return false;
        }

        return true;
    }

    protected static void WriteInvalidCursor(IBufferWriter<byte> response, ReadOnlySpan<byte> id, string method) =>
        WriteError(response, id, McpProtocol.ErrorCodes.InvalidParams, $"Invalid cursor: pass a nextCursor value from an earlier {method} result, or omit it for the first page.");

    /// <summary>Progress notifications for a request that asked for them (a <c>progressToken</c>) on a transport that can carry them.</summary>
    protected static McpProgressReporter? ProgressOf(in McpRequestParams p, McpConnection connection) =>
        !p.ProgressToken.IsEmpty && connection.Notifications is { } sink ? new McpProgressReporter(p.ProgressToken.Span, sink) : null;

    /// <summary>
    /// The missing-capability message for a 2025-11-25 client, which declared its capabilities in <c>initialize</c>; over
    /// Streamable HTTP without a session (no initialize on this connection) the server could not know them.
    /// </summary>
    protected static string LegacyCapabilityMessage(McpMissingClientCapabilityException ex, McpConnection connection) =>
        ex.LegacyMessage(sessionless: connection.LegacyProtocolVersion is null);

    protected static string DescribeToken(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => token.ToString(),
    };

    /// <summary>An SDK <see cref="McpProtocolException"/> keeps its code, except the resource-not-found code 2026-07-28 removed.</summary>
    protected static McpErrorReply? FromProtocolException(Exception ex, bool modern) => ex is McpProtocolException protocol
        ? new McpErrorReply(modern && protocol.ErrorCode == McpErrorCode.ResourceNotFound ? McpProtocol.ErrorCodes.InvalidParams : (int)protocol.ErrorCode, protocol.Message)
        : null;

    /// <summary>Answers a list request with the page its cursor names: serialized once, or made for this caller when a filter or scopes apply.</summary>
    protected void WriteList(IBufferWriter<byte> response, ReadOnlySpan<byte> id, in McpRequestParams p, McpListPages pages, string method, bool modern, System.Security.Claims.ClaimsPrincipal? user)
    {
        if (!TryGetPage(response, id, p, method, out int page))
        {
            return;
        }

        // Without a filter the pages were serialized once; with one, the page is made for this request.
        var body = Runtime.Filter is null && (user is null || !pages.HasScopes)
            ? (page < pages.PageCount ? (modern ? pages.Modern[page] : pages.Legacy[page]) : null)
            : Runtime.Documents.FilteredPage(pages, Runtime.Filter, user, page, modern);
        if (body is null)
        {
            WriteInvalidCursor(response, id, method);
            return;
        }

        WriteResult(response, id, body);
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Serving {What} failed; the client receives an internal error with the exception message.")]
    protected static partial void LogHandlerFailed(ILogger logger, string what, Exception exception);
}
