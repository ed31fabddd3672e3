using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace McpGen;

/// <summary>
/// The default <see cref="IMcpAuditSink"/>: one structured log entry per event, category <c>McpGen.Audit</c>, event id
/// 100 (<c>McpAudit</c>), level Information (Warning for errors and rejections). Every field of
/// <see cref="McpAuditEvent"/> except the principal is a named property of the entry, so any structured logging
/// provider (OpenTelemetry logs, Serilog, the JSON console) stores it as fields to query.
/// </summary>
public sealed partial class LoggerMcpAuditSink : IMcpAuditSink
{
    /// <summary>The log category.</summary>
    public const string Category = "McpGen.Audit";

    private readonly ILogger _logger;

    /// <summary>Creates the sink.</summary>
    /// <param name="loggerFactory">Where entries go.</param>
    public LoggerMcpAuditSink(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _logger = loggerFactory.CreateLogger(Category);
    }

    /// <inheritdoc/>
    public ValueTask WriteAsync(McpAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var level = auditEvent.Outcome is McpAuditOutcome.Error or McpAuditOutcome.Rejected ? LogLevel.Warning : LogLevel.Information;
        if (_logger.IsEnabled(level))
        {
            Log(_logger, level, auditEvent.Method, auditEvent.Target, auditEvent.Outcome, auditEvent.Caller, auditEvent.ClientName, auditEvent.ClientVersion,
                auditEvent.RequestId, auditEvent.ArgumentsDigest, auditEvent.Arguments, auditEvent.ErrorCode, auditEvent.ErrorMessage,
                auditEvent.Duration.TotalMilliseconds, auditEvent.TraceId, auditEvent.SpanId, auditEvent.ProtocolVersion, auditEvent.Transport, auditEvent.Timestamp);
        }

        return default;
    }

    [LoggerMessage(EventId = 100, EventName = "McpAudit",
        Message = "MCP {Method} {Target}: {Outcome} for {Caller} via {ClientName} {ClientVersion} (request {RequestId}, arguments {ArgumentsDigest} {Arguments}, error {ErrorCode} {ErrorMessage}, {DurationMs} ms, trace {TraceId} span {SpanId}, protocol {ProtocolVersion} over {Transport}, at {Timestamp:O})")]
    private static partial void Log(ILogger logger, LogLevel level, string method, string? target, McpAuditOutcome outcome, string? caller, string? clientName, string? clientVersion,
        string requestId, string? argumentsDigest, string? arguments, int? errorCode, string? errorMessage, double durationMs, string? traceId, string? spanId,
        string? protocolVersion, McpTransportKind transport, DateTimeOffset timestamp);
}
