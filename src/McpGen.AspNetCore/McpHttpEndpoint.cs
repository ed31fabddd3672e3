using System.Collections.Generic;
using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Threading.Tasks;
using McpGen.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace McpGen.AspNetCore;

/// <summary>
/// The Streamable HTTP endpoint of one server: each POST carries one JSON-RPC message; the stateless core answers it.
/// This class only translates between HTTP and the core: origin, content type and size checks, body reading, status
/// codes, and the choice between a JSON answer and an event stream.
/// </summary>
internal sealed class McpHttpEndpoint(McpRequestProcessor processor, McpHttpOptions options, ILogger logger, McpResourceServer? resourceServer = null)
{
    public McpRequestProcessor Processor => processor;

    public async Task HandlePostAsync(HttpContext context)
    {
        var request = context.Request;
        if (!await AdmitAsync(context).ConfigureAwait(false))
        {
            return;
        }

        if (!IsJson(request.ContentType))
        {
            McpHttpLog.RequestRejected(logger, "wrong content type");
            await WriteErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, McpProtocol.ErrorCodes.InvalidRequest,
                $"Content-Type must be application/json (got '{request.ContentType ?? "none"}'): POST one JSON-RPC message as JSON.").ConfigureAwait(false);
            return;
        }

        int limit = processor.Options.MaxMessageBytes;
        if (request.ContentLength > limit)
        {
            await WriteTooLargeAsync(context, limit).ConfigureAwait(false);
            return;
        }

        // Let Kestrel enforce the same limit on bodies without a Content-Length (chunked).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var reader = request.BodyReader;
        ReadResult read;
        try
        {
            while (true)
            {
                read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
                if (read.Buffer.Length > limit)
                {
                    reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                    await WriteTooLargeAsync(context, limit).ConfigureAwait(false);
                    return;
                }

                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }

                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteTooLargeAsync(context, limit).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var body = read.Buffer;
        byte[]? copy = null;
        try
        {
            ReadOnlyMemory<byte> utf8;
            if (body.IsSingleSegment)
            {
                utf8 = body.First;
            }
            else
            {
                copy = ArrayPool<byte>.Shared.Rent((int)body.Length);
                body.CopyTo(copy);
                utf8 = copy.AsMemory(0, (int)body.Length);
            }

            await ServeAsync(context, JsonRpcMessage.Parse(utf8)).ConfigureAwait(false);
        }
        finally
        {
            reader.AdvanceTo(body.End);
            if (copy is not null)
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }
    }

    /// <summary>
    /// GET: the standing stream of a 2025-11-25 session, on which its <c>resources/subscribe</c> updates arrive. Any
    /// other GET (no session, or not asking for an event stream) is 405: 2026-07-28 has no GET stream.
    /// </summary>
    public async Task HandleGetAsync(HttpContext context)
    {
        string session = context.Request.Headers[McpLegacySession.Header].ToString().Trim();
        if (session.Length == 0 || !context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            WriteMethodNotAllowed(context);
            return;
        }

        if (!await AdmitAsync(context).ConfigureAwait(false))
        {
            return;
        }

        if (!processor.IsLegacySession(session, context.User))
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, McpProtocol.ErrorCodes.InvalidRequest, McpRequestProcessor.UnknownSessionMessage).ConfigureAwait(false);
            return;
        }

        var exchange = new McpHttpExchange(context, options, logger);
        try
        {
            // Attach first (it happens before the hold's first await), then send the headers: a client that sees the
            // stream open and subscribes at once cannot miss an update published in between.
            var hold = processor.Listens.HoldLegacyStreamAsync(session, exchange, context.RequestAborted);
            await exchange.OpenStreamAsync().ConfigureAwait(false);
            await hold.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        finally
        {
            await exchange.DrainAsync().ConfigureAwait(false);
        }
    }

    /// <summary>405 with the methods this endpoint serves.</summary>
    internal static void WriteMethodNotAllowed(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = "GET, POST";
    }

    /// <summary>The checks every request passes first: its origin, then (with authorization) its token.</summary>
    private async ValueTask<bool> AdmitAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsOriginAllowed(request.Headers.Origin))
        {
            McpHttpLog.OriginRejected(logger, request.Headers.Origin.ToString());
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, McpProtocol.ErrorCodes.InvalidRequest,
                $"Origin '{request.Headers.Origin}' is not allowed to call this MCP server (add it to McpHttpOptions.AllowedOrigins).").ConfigureAwait(false);
            return false;
        }

        return resourceServer is null || await resourceServer.AuthenticateAsync(context, logger).ConfigureAwait(false);
    }

    private static readonly McpConnection s_responseConnection = new();

    /// <summary>The caller no authentication vouched for: what <c>HttpContext.User</c> would make, made once.</summary>
    private static readonly System.Security.Claims.ClaimsPrincipal s_anonymous = new(new System.Security.Claims.ClaimsIdentity());

    /// <summary>
    /// The request's user: the one authentication set, else an unauthenticated principal. Reading
    /// <c>HttpContext.User</c> when nothing set it would make a principal, an identity and a feature per request.
    /// </summary>
    private static System.Security.Claims.ClaimsPrincipal UserOf(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Http.Features.Authentication.IHttpAuthenticationFeature>()?.User ?? s_anonymous;

    /// <summary>Receives nothing: a client response is never answered.</summary>
    private sealed class NoResponseWriter : System.Buffers.IBufferWriter<byte>
    {
        public static readonly NoResponseWriter Instance = new();

        public void Advance(int count) => throw new InvalidOperationException("Client responses are never answered.");

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException("Client responses are never answered.");

        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException("Client responses are never answered.");
    }

    private async Task ServeAsync(HttpContext context, JsonRpcMessage message)
    {
        if (message.Kind is JsonRpcMessageKind.Notification or JsonRpcMessageKind.Response)
        {
            // Nothing to answer: HTTP has no client notifications in 2026-07-28 (closing the stream is cancellation).
            // A legacy cancel stops the request it names in its session, wherever it runs; initialized needs nothing.
            // A legacy client's response to a request a call sent it goes to the processor, which hands it to the
            // waiting call (it completes synchronously).
            if (message.Kind == JsonRpcMessageKind.Response)
            {
                await processor.ProcessAsync(message, NoResponseWriter.Instance, s_responseConnection, context.RequestAborted).ConfigureAwait(false);
            }
            else if (message.IsMethod("notifications/cancelled"u8)
                && !processor.CancelLegacyRequest(context.Request.Headers[McpLegacySession.Header].ToString() is { Length: > 0 } session ? session : null, message, context.User))
            {
                await WriteErrorAsync(context, StatusCodes.Status404NotFound, McpProtocol.ErrorCodes.InvalidRequest, McpRequestProcessor.UnknownSessionMessage).ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        // The exchange is the request's connection, its headers and its notification sink: one object per request.
        var exchange = new McpHttpExchange(context, options, logger) { User = UserOf(context), Transport = McpTransportKind.StreamableHttp };
        var connection = exchange;
        using var rented = PooledBufferWriter.RentScoped();
        var response = rented.Writer;
        McpProcessResult result;
        try
        {
            result = await processor.ProcessAsync(message, response, connection, exchange, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            result = McpProcessResult.Cancelled;
        }
        catch (Exception ex)
        {
            McpHttpLog.RequestFailed(logger, ex);
            response.Clear();
            McpJsonRpcWriter.WriteError(response, message.Id.Span, McpProtocol.ErrorCodes.InternalError, "Internal error: " + ex.Message);
            result = McpProcessResult.Responded;
        }

        await exchange.DrainAsync().ConfigureAwait(false);
        if (context.RequestAborted.IsCancellationRequested)
        {
            // Closing the stream was the client's cancellation: send nothing more.
            McpHttpLog.ClientDisconnected(logger);
            return;
        }

        if (result is McpProcessResult.Cancelled)
        {
            // A legacy notifications/cancelled stopped it: no response. An open event stream just ends; otherwise 202
            // says the same without a body a client would try to parse.
            if (!exchange.IsStreaming)
            {
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }

            return;
        }

        if (connection.LegacySessionId is { } issued && message.IsMethod("initialize"u8))
        {
            // The client sends it with every later request; it carries what initialize negotiated (sealed).
            context.Response.Headers[McpLegacySession.Header] = issued;
        }

        if (exchange.IsStreaming)
        {
            McpHttpExchange.WriteEvent(context.Response.BodyWriter, response.WrittenSpan);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if ((result is McpProcessResult.Rejected or McpProcessResult.MethodNotFound or McpProcessResult.Forbidden or McpProcessResult.UnknownSession) && logger.IsEnabled(LogLevel.Debug))
        {
            // Refusals answer the client and are not errors of the server: Debug, so production logs stay quiet.
            McpHttpLog.RequestRefused(logger, System.Text.Encoding.UTF8.GetString(message.Method.Span), result, ErrorMessage(response.WrittenSpan));
        }

        if (result is McpProcessResult.Forbidden)
        {
            McpResourceServer.SetScopeChallenge(context, resourceServer, RequiredScopes(response.WrittenSpan));
            await WriteJsonAsync(context, response.WrittenMemory).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = result switch
        {
            McpProcessResult.Rejected => StatusCodes.Status400BadRequest,
            McpProcessResult.MethodNotFound or McpProcessResult.UnknownSession => StatusCodes.Status404NotFound,
            McpProcessResult.NoResponse => StatusCodes.Status202Accepted,
            _ => StatusCodes.Status200OK,
        };
        if (result is McpProcessResult.NoResponse)
        {
            return;
        }

        await WriteJsonAsync(context, response.WrittenMemory).ConfigureAwait(false);
    }

    /// <summary>
    /// The scopes a <see cref="McpProcessResult.Forbidden"/> answer names (<c>error.data.requiredScopes</c>), for the
    /// challenge: the refusal travels in the answer itself, not beside it.
    /// </summary>
    private static List<string> RequiredScopes(ReadOnlySpan<byte> response)
    {
        var scopes = new List<string>();
        var reader = new Utf8JsonReader(response);
        int depth = 0;
        string? inside = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.PropertyName when depth == 1:
                    inside = reader.ValueTextEquals("error"u8) ? "error" : null;
                    break;
                case JsonTokenType.PropertyName when depth == 2 && inside == "error":
                    inside = reader.ValueTextEquals("data"u8) ? "data" : "error";
                    break;
                case JsonTokenType.PropertyName when depth == 3 && inside == "data" && reader.ValueTextEquals("requiredScopes"u8):
                    if (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
                    {
                        while (reader.Read() && reader.TokenType == JsonTokenType.String)
                        {
                            scopes.Add(reader.GetString()!);
                        }
                    }

                    return scopes;
            }
        }

        return scopes;
    }

    /// <summary>The <c>error.message</c> of a JSON-RPC error response, for the log.</summary>
    private static string ErrorMessage(ReadOnlySpan<byte> response)
    {
        var reader = new Utf8JsonReader(response);
        int depth = 0;
        bool inError = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.PropertyName when depth == 1 && reader.ValueTextEquals("error"u8):
                    inError = true;
                    break;
                case JsonTokenType.PropertyName when depth == 2 && inError && reader.ValueTextEquals("message"u8):
                    reader.Read();
                    return reader.GetString() ?? "";
            }
        }

        return "";
    }

    private static async Task WriteJsonAsync(HttpContext context, ReadOnlyMemory<byte> json)
    {
        var response = context.Response;
        response.ContentType = "application/json";
        response.ContentLength = json.Length;
        await response.BodyWriter.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }

    private Task WriteTooLargeAsync(HttpContext context, int limit)
    {
        McpHttpLog.RequestRejected(logger, "body too large");
        return WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, McpProtocol.ErrorCodes.InvalidRequest,
            $"The request body is larger than the {limit}-byte limit (McpServerOptions.MaxMessageBytes).");
    }

    /// <summary>Answers with an id-less JSON-RPC error: the body was not read, so the request id is unknown.</summary>
    internal static Task WriteErrorAsync(HttpContext context, int status, int code, string message)
    {
        using var error = new PooledBufferWriter(256);
        McpJsonRpcWriter.WriteError(error, default, code, message);
        context.Response.StatusCode = status;
        var bytes = error.WrittenMemory.ToArray();
        return WriteJsonAsync(context, bytes);
    }

    private bool IsOriginAllowed(StringValues origin)
    {
        if (StringValues.IsNullOrEmpty(origin))
        {
            return true;
        }

        if (origin.Count != 1)
        {
            return false;
        }

        string value = origin[0]!;
        foreach (var allowed in options.AllowedOrigins)
        {
            if (allowed == "*" || string.Equals(allowed.TrimEnd('/'), value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        // A page served from this machine (localhost, 127.0.0.1, [::1]) is as trusted as a local client process.
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.IsLoopback;
    }

    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        int semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }

        return mediaType.Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }
}
