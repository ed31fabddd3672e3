using System;
using System.Security.Claims;

namespace McpGen;

/// <summary>How a request ended, as an <see cref="McpAuditEvent"/> records it.</summary>
public enum McpAuditOutcome
{
    /// <summary>A complete result (a tool result without <c>isError</c>, a prompt, a resource's contents, a list…).</summary>
    Succeeded,

    /// <summary>A tool result with <c>isError: true</c>: the tool ran and reported failure (or its arguments did not bind).</summary>
    ToolError,

    /// <summary>A JSON-RPC error: unknown name, invalid params, a handler that threw a protocol error…</summary>
    Error,

    /// <summary>Refused before anything ran: malformed request, headers that disagree with the body, unsupported version, missing scope.</summary>
    Rejected,

    /// <summary>The server needs input from the client first (<c>input_required</c>); the retry is audited again.</summary>
    InputRequired,

    /// <summary>The call became a task (tasks extension); the task's own result is not part of this event.</summary>
    TaskCreated,

    /// <summary>The client cancelled or disconnected; nothing was answered.</summary>
    Cancelled,
}

/// <summary>
/// One audited request: who sent it, what it asked for, how it ended. Produced for every request when an
/// <see cref="IMcpAuditSink"/> is registered (<c>services.AddMcpAuditTrail()</c>).
/// </summary>
/// <remarks>
/// Arguments are recorded as a digest, not verbatim: audit stores usually outlive the data they describe and reach more
/// readers than the tools did, and arguments routinely hold personal data and secrets. The digest still proves which
/// arguments were sent (equal digests mean byte-identical arguments), so a replay can be checked against the record.
/// Set <see cref="McpAuditOptions.IncludeArguments"/> to record them verbatim where policy requires it.
/// </remarks>
public sealed class McpAuditEvent
{
    /// <summary>When the request arrived (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The JSON-RPC method, e.g. <c>tools/call</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The tool or prompt name, the resource URI, or the task id the request targets; <see langword="null"/> for methods without one.</summary>
    public string? Target { get; init; }

    /// <summary>The JSON-RPC request id, as JSON text (<c>"abc"</c> or <c>7</c>).</summary>
    public required string RequestId { get; init; }

    /// <summary>The protocol revision the request used, when it named one.</summary>
    public string? ProtocolVersion { get; init; }

    /// <summary>
    /// The authenticated caller's identifier: the <c>sub</c> claim, else the name identifier, else the identity's name;
    /// <see langword="null"/> when the caller is anonymous or the transport does not authenticate (stdio).
    /// </summary>
    public string? Caller { get; init; }

    /// <summary>The caller as the transport authenticated it, for sinks that record more claims (issuer, client id, tenant).</summary>
    public ClaimsPrincipal? User { get; init; }

    /// <summary>The client's <c>clientInfo.name</c>, as the client declared it (not verified).</summary>
    public string? ClientName { get; init; }

    /// <summary>The client's <c>clientInfo.version</c>, as the client declared it (not verified).</summary>
    public string? ClientVersion { get; init; }

    /// <summary>
    /// <c>sha256:</c> and the lowercase hex SHA-256 of the arguments exactly as sent (the bytes of
    /// <c>params.arguments</c>), or <see langword="null"/> when the request has none.
    /// </summary>
    public string? ArgumentsDigest { get; init; }

    /// <summary>The arguments as sent (JSON), only when <see cref="McpAuditOptions.IncludeArguments"/> is on.</summary>
    public string? Arguments { get; init; }

    /// <summary>How the request ended.</summary>
    public required McpAuditOutcome Outcome { get; init; }

    /// <summary>The JSON-RPC error code, for <see cref="McpAuditOutcome.Error"/> and <see cref="McpAuditOutcome.Rejected"/>.</summary>
    public int? ErrorCode { get; init; }

    /// <summary>The error message sent to the client, for errors.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>How long the server took, from receiving the request to having the answer.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>The W3C trace id of the request's span (from the client's <c>traceparent</c> when it sent one), or <see langword="null"/> when nothing traces.</summary>
    public string? TraceId { get; init; }

    /// <summary>The id of the request's span, or <see langword="null"/>.</summary>
    public string? SpanId { get; init; }

    /// <summary>The transport the request came on.</summary>
    public McpTransportKind Transport { get; init; }

    /// <summary>
    /// For a call this server made to another MCP server from a task's run (a delegation hop): that server's endpoint.
    /// <see langword="null"/> for requests this server received. <see cref="Caller"/> is then the caller on whose behalf
    /// the parent task runs, and <see cref="RequestId"/> the link's key within the run.
    /// </summary>
    public string? RemoteServer { get; init; }

    /// <summary>For a delegation hop: the task whose run made the call.</summary>
    public string? ParentTaskId { get; init; }

    /// <summary>For a delegation hop: the remote task the call became, once the remote server made it one.</summary>
    public string? ChildTaskId { get; init; }
}

/// <summary>Options of the audit trail.</summary>
public sealed class McpAuditOptions
{
    /// <summary>
    /// Record arguments verbatim in <see cref="McpAuditEvent.Arguments"/> as well as their digest. Default
    /// <see langword="false"/>: arguments often hold personal data and secrets the audit store should not keep.
    /// </summary>
    public bool IncludeArguments { get; set; }

    /// <summary>Audit list, discovery and ping requests too. Default <see langword="false"/>: only requests that act
    /// (<c>tools/call</c>, <c>prompts/get</c>, <c>resources/read</c>, <c>completion/complete</c>, task methods).</summary>
    public bool IncludeReadOnlyMethods { get; set; }
}
