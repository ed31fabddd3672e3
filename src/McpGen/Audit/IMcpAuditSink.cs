using System.Threading;
using System.Threading.Tasks;

namespace McpGen;

/// <summary>
/// Receives one <see cref="McpAuditEvent"/> per audited request, after the answer is made and before it is sent.
/// Register one with <c>services.AddMcpAuditTrail&lt;TSink&gt;()</c>; <c>AddMcpAuditTrail()</c> registers the
/// <c>ILogger</c>-based default.
/// </summary>
/// <remarks>
/// The sink runs on the request path: keep it fast (buffer and write in the background if the store is slow). A sink
/// that throws is logged as an error and the client still gets its answer; the request is not failed for it.
/// Implementations must be thread-safe.
/// </remarks>
public interface IMcpAuditSink
{
    /// <summary>Records one event.</summary>
    /// <param name="auditEvent">The event.</param>
    /// <param name="cancellationToken">Not the request's token (which may already be cancelled): cancelled requests are
    /// recorded too.</param>
    ValueTask WriteAsync(McpAuditEvent auditEvent, CancellationToken cancellationToken);
}
