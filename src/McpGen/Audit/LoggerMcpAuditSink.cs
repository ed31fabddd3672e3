using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace McpGen;

/// <summary>
/// The default <see cref="IMcpAuditSink"/>: one structured log entry per event, category <c>McpGen.Audit</c>, event id
/// 100 (<c>McpAudit</c>), level Information (Warning for errors and rejections). Every field of
/// <see cref="McpAuditEvent"/> except the principal is a named property of the entry (<c>Method</c>, <c>Target</c>,
/// <c>Outcome</c>, <c>Caller</c>, <c>ClientName</c>, <c>ClientVersion</c>, <c>RequestId</c>, <c>ArgumentsDigest</c>,
/// <c>Arguments</c>, <c>ErrorCode</c>, <c>ErrorMessage</c>, <c>DurationMs</c>, <c>TraceId</c>, <c>SpanId</c>,
/// <c>ProtocolVersion</c>, <c>Transport</c>, <c>Timestamp</c>), so any structured logging provider (OpenTelemetry logs,
/// Serilog, the JSON console) stores them as fields to query; the message is a one-line summary.
/// </summary>
public sealed class LoggerMcpAuditSink : IMcpAuditSink
{
    /// <summary>The log category.</summary>
    public const string Category = "McpGen.Audit";

    private static readonly EventId s_eventId = new(100, "McpAudit");

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
            _logger.Log(level, s_eventId, new Entry(auditEvent), null, static (entry, _) => entry.ToString());
        }

        return default;
    }

    /// <summary>The event as log state: named properties, and a summary as its text.</summary>
    private sealed class Entry(McpAuditEvent e) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?>[] _fields =
        [
            new("Method", e.Method),
            new("Target", e.Target),
            new("Outcome", e.Outcome),
            new("Caller", e.Caller),
            new("ClientName", e.ClientName),
            new("ClientVersion", e.ClientVersion),
            new("RequestId", e.RequestId),
            new("ArgumentsDigest", e.ArgumentsDigest),
            new("Arguments", e.Arguments),
            new("ErrorCode", e.ErrorCode),
            new("ErrorMessage", e.ErrorMessage),
            new("DurationMs", e.Duration.TotalMilliseconds),
            new("TraceId", e.TraceId),
            new("SpanId", e.SpanId),
            new("ProtocolVersion", e.ProtocolVersion),
            new("Transport", e.Transport),
            new("Timestamp", e.Timestamp),
            new("{OriginalFormat}", "MCP {Method} {Target} by {Caller}: {Outcome}"),
        ];

        public int Count => _fields.Length;

        public KeyValuePair<string, object?> this[int index] => _fields[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_fields).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString()
        {
            string target = e.Target is null ? string.Empty : " " + e.Target;
            string client = e.ClientName is null ? string.Empty : $" via {e.ClientName} {e.ClientVersion}".TrimEnd();
            string error = e.ErrorCode is null ? string.Empty : $" ({e.ErrorCode.Value.ToString(CultureInfo.InvariantCulture)}: {e.ErrorMessage})";
            return string.Create(CultureInfo.InvariantCulture,
                $"MCP {e.Method}{target} by {e.Caller ?? "anonymous"}{client}: {e.Outcome}{error} in {e.Duration.TotalMilliseconds:0.###} ms");
        }
    }
}
