using System;
using System.Buffers;
using System.Diagnostics;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace McpGen;

/// <summary>Serves one request; the step after observation.</summary>
internal delegate ValueTask<McpProcessResult> McpRequestServer(JsonRpcMessage message, IBufferWriter<byte> response, McpConnection connection, IMcpRequestHeaders? headers, CancellationToken cancellationToken);

/// <summary>
/// Telemetry and audit, the outermost step of the request pipeline: a request served while something listens (an
/// <see cref="ActivityListener"/>, a <see cref="System.Diagnostics.Metrics.MeterListener"/>, an <see cref="IMcpAuditSink"/>)
/// is answered into an <see cref="McpObservedAnswer"/>, where the handlers record how it ended. Nothing after this step
/// knows it is observed; while nothing listens, the processor calls the next step directly.
/// </summary>
internal sealed partial class McpObservation
{
    private readonly McpServerRuntime _runtime;
    private readonly IMcpAuditSink? _audit;
    private readonly McpAuditOptions _auditOptions;
    private readonly McpRequestServer _next;

    public McpObservation(McpServerRuntime runtime, McpRequestServer next)
    {
        _runtime = runtime;
        _next = next;
        _audit = runtime.Services.GetService(typeof(IMcpAuditSink)) as IMcpAuditSink;
        _auditOptions = runtime.Services.GetService(typeof(McpAuditOptions)) as McpAuditOptions ?? new McpAuditOptions();
    }

    /// <summary>Whether a request must be observed now (telemetry listeners come and go).</summary>
    public bool IsObserving => _audit is not null || McpTelemetry.IsEnabled;

    public async ValueTask<McpProcessResult> ObserveAsync(JsonRpcMessage message, IBufferWriter<byte> response, McpConnection connection, IMcpRequestHeaders? headers, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        var timestamp = _runtime.Time.GetUtcNow();
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
        var row = McpMethodTable.Find(methodBytes);
        bool isActing = row is { Acts: true };
        string? target = parsed && row is not null ? TargetOf(row.Target, p) : null;
        string? toolName = parsed && methodBytes.SequenceEqual("tools/call"u8) && p.HasName ? _runtime.Definition.FindTool(p.Name.Span)?.Name : null;
        string? promptName = parsed && methodBytes.SequenceEqual("prompts/get"u8) && target is not null ? _runtime.Definition.FindPrompt(target)?.Name : null;
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

        using var answer = new McpObservedAnswer();
        McpProcessResult result = McpProcessResult.Responded;
        AnswerOutcome outcome;
        Exception? failure = null;
        try
        {
            result = await _next(message, answer, connection, headers, cancellationToken).ConfigureAwait(false);
            outcome = result switch
            {
                McpProcessResult.Cancelled => new AnswerOutcome(McpAuditOutcome.Cancelled, null, null),
                McpProcessResult.Rejected or McpProcessResult.MethodNotFound or McpProcessResult.Forbidden when answer.Kind == McpAuditOutcome.Error
                    => new AnswerOutcome(McpAuditOutcome.Rejected, answer.ErrorCode, answer.ErrorMessage),
                _ => new AnswerOutcome(answer.Kind, answer.ErrorCode, answer.ErrorMessage),
            };
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
    private static string? TargetOf(McpMethodTarget target, in McpRequestParams p) => target switch
    {
        McpMethodTarget.Name when p.HasName => Encoding.UTF8.GetString(p.Name.Span),
        McpMethodTarget.Uri => p.Uri,
        McpMethodTarget.TaskId => p.TaskId,
        _ => null,
    };

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

    /// <summary>How an answer ended.</summary>
    private readonly record struct AnswerOutcome(McpAuditOutcome Kind, int? Code, string? Message);

    [LoggerMessage(EventId = 30, Level = LogLevel.Error, Message = "The audit sink failed to record a {Method} request; the client still gets its answer.")]
    private static partial void LogAuditSinkFailed(ILogger logger, string method, Exception exception);
}
