using System;
using System.Buffers;
using System.Diagnostics;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;
using Microsoft.Extensions.Logging;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

/// <summary>
/// Telemetry and audit: a request served while something listens (an <see cref="ActivityListener"/>, a
/// <see cref="System.Diagnostics.Metrics.MeterListener"/>, an <see cref="IMcpAuditSink"/>) is answered into a buffer
/// first, so its outcome can be read from the answer itself; nothing else in the pipeline knows it is observed.
/// </summary>
public sealed partial class McpRequestProcessor
{
    private bool IsObserved => _audit is not null || McpTelemetry.IsEnabled;

    private async ValueTask<McpProcessResult> ObserveRequestAsync(JsonRpcMessage message, IBufferWriter<byte> response, McpConnection connection, IMcpRequestHeaders? headers, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        var timestamp = Time.GetUtcNow();
        McpRequestParams p = default;
        bool parsed;
        try
        {
            p = McpRequestParams.Read(message.Params);
            parsed = true;
        }
        catch (JsonException)
        {
            parsed = false;
        }

        var methodBytes = message.Method.Span;
        string method = Encoding.UTF8.GetString(methodBytes);
        bool isActing = IsActing(methodBytes);
        string? target = parsed ? TargetOf(methodBytes, p) : null;
        string? toolName = parsed && methodBytes.SequenceEqual("tools/call"u8) && p.HasName ? Definition.FindTool(p.Name.Span)?.Name : null;
        string? promptName = parsed && methodBytes.SequenceEqual("prompts/get"u8) && target is not null ? Definition.FindPrompt(target)?.Name : null;
        string? version = parsed && p.ProtocolVersionIsString ? Encoding.UTF8.GetString(p.ProtocolVersion.Span) : connection.LegacyProtocolVersion;
        ActivityContext remoteParent = default;
        bool hasRemoteParent = parsed && TryReadTraceContext(p.Meta.Span, out remoteParent);

        Activity? activity = null;
        if (McpTelemetry.Source.HasListeners())
        {
            // The client's _meta context is the parent; the HTTP request span, when there is one, is linked.
            ActivityLink[]? links = hasRemoteParent && Activity.Current is { } current ? [new ActivityLink(current.Context)] : null;
            string spanName = (toolName ?? promptName) is { } lowCardinality ? method + " " + lowCardinality : method;
            activity = McpTelemetry.Source.StartActivity(spanName, ActivityKind.Server, hasRemoteParent ? remoteParent : default, links: links);
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag("mcp.method.name", method);
                activity.SetTag("jsonrpc.request.id", Encoding.UTF8.GetString(message.Id.Span));
                activity.SetTag("mcp.protocol.version", version);
                activity.SetTag("network.transport", NetworkTransport(connection.Transport));
                if (toolName is not null)
                {
                    activity.SetTag("gen_ai.tool.name", toolName);
                    activity.SetTag("gen_ai.operation.name", "execute_tool");
                }

                if (promptName is not null)
                {
                    activity.SetTag("gen_ai.prompt.name", promptName);
                }

                if (methodBytes.SequenceEqual("resources/read"u8) && target is not null)
                {
                    activity.SetTag("mcp.resource.uri", target);
                }
            }
        }

        using var answer = new PooledBufferWriter();
        McpProcessResult result = McpProcessResult.Responded;
        AnswerOutcome outcome;
        Exception? failure = null;
        try
        {
            result = await ProcessRequestAsync(message, answer, connection, headers, cancellationToken).ConfigureAwait(false);
            outcome = result == McpProcessResult.Cancelled ? new AnswerOutcome(McpAuditOutcome.Cancelled, null, null) : AnswerOutcome.Read(answer.WrittenSpan, result);
        }
        catch (Exception ex)
        {
            // The transport answers an internal error; the failure is still traced, measured and audited.
            failure = ex;
            outcome = ex is OperationCanceledException && cancellationToken.IsCancellationRequested
                ? new AnswerOutcome(McpAuditOutcome.Cancelled, null, null)
                : new AnswerOutcome(McpAuditOutcome.Error, McpProtocol.ErrorCodes.InternalError, ex.Message);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        string? errorType = outcome.Kind switch
        {
            McpAuditOutcome.Error when failure is not null => failure.GetType().FullName,
            McpAuditOutcome.Error or McpAuditOutcome.Rejected => outcome.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            McpAuditOutcome.ToolError => "tool_error",
            _ => null,
        };

        if (activity is not null)
        {
            if (errorType is not null)
            {
                activity.SetTag("error.type", errorType);
                if (outcome.Code is { } code)
                {
                    activity.SetTag("rpc.response.status_code", code.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                activity.SetStatus(ActivityStatusCode.Error, outcome.Message);
            }

            activity.Dispose();
        }

        if (McpTelemetry.Duration.Enabled)
        {
            var tags = new TagList
            {
                { "mcp.method.name", method },
                { "network.transport", NetworkTransport(connection.Transport) },
            };
            if (version is not null)
            {
                tags.Add("mcp.protocol.version", version);
            }

            if (toolName is not null)
            {
                tags.Add("gen_ai.tool.name", toolName);
                tags.Add("gen_ai.operation.name", "execute_tool");
            }

            if (promptName is not null)
            {
                tags.Add("gen_ai.prompt.name", promptName);
            }

            if (errorType is not null)
            {
                tags.Add("error.type", errorType);
                if (outcome.Code is { } code)
                {
                    tags.Add("rpc.response.status_code", code.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            McpTelemetry.Duration.Record(elapsed.TotalSeconds, tags);
        }

        if (_audit is { } sink && (_auditOptions.IncludeReadOnlyMethods || isActing))
        {
            var (clientName, clientVersion) = parsed ? ReadClientInfo(p.ClientInfo.Span) : default;
            var traceId = activity?.TraceId ?? (hasRemoteParent ? remoteParent.TraceId : Activity.Current?.TraceId);
            var auditEvent = new McpAuditEvent
            {
                Timestamp = timestamp,
                Method = method,
                Target = target,
                RequestId = Encoding.UTF8.GetString(message.Id.Span),
                ProtocolVersion = version,
                Caller = CallerOf(connection.User),
                User = connection.User,
                ClientName = clientName,
                ClientVersion = clientVersion,
                ArgumentsDigest = parsed && p.HasArguments ? Digest(p.Arguments.Span) : null,
                Arguments = parsed && p.HasArguments && _auditOptions.IncludeArguments ? Encoding.UTF8.GetString(p.Arguments.Span) : null,
                Outcome = outcome.Kind,
                ErrorCode = outcome.Code,
                ErrorMessage = outcome.Message,
                Duration = elapsed,
                TraceId = traceId is { } t && t != default ? t.ToHexString() : null,
                SpanId = activity?.SpanId.ToHexString(),
                Transport = connection.Transport,
            };
            try
            {
                // Not the request's token: a cancelled request is recorded too.
                await sink.WriteAsync(auditEvent, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogAuditSinkFailed(_runtime.Logger, method, ex);
            }
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        response.Write(answer.WrittenSpan);
        return result;
    }

    /// <summary>What a request targets: the tool or prompt name, the resource URI, or the task id.</summary>
    private static string? TargetOf(ReadOnlySpan<byte> method, in McpRequestParams p)
    {
        if ((method.SequenceEqual("tools/call"u8) || method.SequenceEqual("prompts/get"u8)) && p.HasName)
        {
            return Encoding.UTF8.GetString(p.Name.Span);
        }

        if (method.SequenceEqual("resources/read"u8) || method.SequenceEqual("resources/subscribe"u8) || method.SequenceEqual("resources/unsubscribe"u8))
        {
            return p.Uri;
        }

        return method.StartsWith("tasks/"u8) ? p.TaskId : null;
    }

    /// <summary>Methods that act or read data, as opposed to listing and discovery.</summary>
    private static bool IsActing(ReadOnlySpan<byte> method) =>
        method.SequenceEqual("tools/call"u8) || method.SequenceEqual("prompts/get"u8) || method.SequenceEqual("resources/read"u8)
        || method.SequenceEqual("completion/complete"u8) || method.StartsWith("tasks/"u8);

    private static string NetworkTransport(McpTransportKind transport) => transport switch
    {
        McpTransportKind.Stdio => "pipe",
        McpTransportKind.StreamableHttp => "tcp",
        _ => "inproc",
    };

    private static string? CallerOf(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true } identity)
        {
            return null;
        }

        return user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? identity.Name;
    }

    private static string Digest(ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
#if NET9_0_OR_GREATER
        return "sha256:" + Convert.ToHexStringLower(hash);
#else
        return "sha256:" + Convert.ToHexString(hash).ToLowerInvariant();
#endif
    }

    /// <summary>Reads <c>traceparent</c> and <c>tracestate</c> from <c>params._meta</c> (W3C Trace Context, as the
    /// OpenTelemetry MCP conventions propagate it).</summary>
    private static bool TryReadTraceContext(ReadOnlySpan<byte> meta, out ActivityContext context)
    {
        context = default;
        var (traceParent, traceState) = ReadStrings(meta, "traceparent"u8, "tracestate"u8);
        return traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out context);
    }

    private static (string? Name, string? Version) ReadClientInfo(ReadOnlySpan<byte> clientInfo) => ReadStrings(clientInfo, "name"u8, "version"u8);

    /// <summary>Two string members of a JSON object (<see langword="null"/> when absent or not strings).</summary>
    private static (string? First, string? Second) ReadStrings(ReadOnlySpan<byte> json, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        string? a = null, b = null;
        var reader = new Utf8JsonReader(json);
        if (json.IsEmpty || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return default;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isFirst = reader.ValueTextEquals(first);
            bool isSecond = !isFirst && reader.ValueTextEquals(second);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String && (isFirst || isSecond))
            {
                if (isFirst)
                {
                    a = reader.GetString();
                }
                else
                {
                    b = reader.GetString();
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return (a, b);
    }

    /// <summary>How an answer ended, read back from its JSON.</summary>
    private readonly record struct AnswerOutcome(McpAuditOutcome Kind, int? Code, string? Message)
    {
        public static AnswerOutcome Read(ReadOnlySpan<byte> answer, McpProcessResult result)
        {
            var reader = new Utf8JsonReader(answer);
            if (answer.IsEmpty || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return new(McpAuditOutcome.Succeeded, null, null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    int? code = null;
                    string? message = null;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        bool isCode = reader.ValueTextEquals("code"u8);
                        bool isMessage = !isCode && reader.ValueTextEquals("message"u8);
                        reader.Read();
                        if (isCode && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int c))
                        {
                            code = c;
                        }
                        else if (isMessage && reader.TokenType == JsonTokenType.String)
                        {
                            message = reader.GetString();
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }

                    return new(result is McpProcessResult.Rejected or McpProcessResult.MethodNotFound or McpProcessResult.Forbidden ? McpAuditOutcome.Rejected : McpAuditOutcome.Error, code, message);
                }

                if (reader.ValueTextEquals("result"u8))
                {
                    reader.Read();
                    var kind = McpAuditOutcome.Succeeded;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("isError"u8))
                        {
                            reader.Read();
                            if (reader.TokenType == JsonTokenType.True)
                            {
                                kind = McpAuditOutcome.ToolError;
                            }
                        }
                        else if (reader.ValueTextEquals("resultType"u8))
                        {
                            reader.Read();
                            if (reader.ValueTextEquals("input_required"u8))
                            {
                                kind = McpAuditOutcome.InputRequired;
                            }
                            else if (reader.ValueTextEquals("task"u8))
                            {
                                kind = McpAuditOutcome.TaskCreated;
                            }
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }

                    return new(kind, null, null);
                }

                reader.Read();
                reader.Skip();
            }

            return new(McpAuditOutcome.Succeeded, null, null);
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Error, Message = "The audit sink failed to record a {Method} request; the client still gets its answer.")]
    private static partial void LogAuditSinkFailed(ILogger logger, string method, Exception exception);
}
