using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text;
using System.Threading.Tasks;

namespace McpGen;

/// <summary>Invokes one tool: binds <see cref="McpToolCall.Arguments"/>, runs the method and writes the result.</summary>
/// <param name="call">The call being served.</param>
/// <returns>A task that completes when the result has been written to <see cref="McpToolCall.ResultWriter"/>.</returns>
public delegate ValueTask McpToolHandler(McpToolCall call);

/// <summary>
/// One tool of a server: its definition as sent in <c>tools/list</c> and its handler. The source generator creates these
/// with schemas computed at compile time.
/// </summary>
public sealed class McpToolDescriptor
{
    /// <summary>Creates a tool descriptor.</summary>
    /// <param name="name">The tool name.</param>
    /// <param name="inputSchema">The UTF-8 JSON Schema of the arguments object.</param>
    /// <param name="handler">The handler that serves <c>tools/call</c>.</param>
    public McpToolDescriptor(string name, ReadOnlySpan<byte> inputSchema, McpToolHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handler);
        Name = name;
        NameUtf8 = Encoding.UTF8.GetBytes(name);
        InputSchema = inputSchema.ToArray();
        Handler = handler;
    }

    /// <summary>The tool name.</summary>
    public string Name { get; }

    /// <summary>The name as UTF-8, for lookups by the bytes a request carries.</summary>
    internal byte[] NameUtf8 { get; }

    /// <summary>A human-readable display name.</summary>
    public string? Title { get; init; }

    /// <summary>The description shown to the model.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// OAuth scopes a caller must hold (all of them) to see and use this tool on transports that authenticate callers
    /// (<c>[McpScope]</c>); empty for none.
    /// </summary>
    public IReadOnlyList<string> RequiredScopes { get; init; } = [];

    /// <summary>The UTF-8 JSON Schema of the arguments object.</summary>
    public ReadOnlyMemory<byte> InputSchema { get; }

    /// <summary>The UTF-8 JSON Schema of <c>structuredContent</c>, when the tool returns structured data.</summary>
    public ReadOnlyMemory<byte>? OutputSchema { get; init; }

    /// <summary>
    /// Whether the handler resolves services (an instance tool class with constructor parameters, or a service,
    /// <see cref="IServiceProvider"/> or <see cref="McpRequestContext"/> parameter). Such calls get their own
    /// dependency-injection scope, disposed when the call ends.
    /// </summary>
    public bool UsesServices { get; init; }

    /// <summary>
    /// Set by the generator when no user code receives the call's <see cref="McpToolCall"/> (the method declares no
    /// <see cref="McpRequestContext"/> parameter), so nothing can keep it after the call and the runtime may reuse it
    /// for a later one. Leave <see langword="false"/> for hand-written handlers.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public bool ContextStaysInternal { get; init; }

    /// <summary>The behaviour hints, when any is set.</summary>
    public McpToolAnnotations? Annotations { get; init; }

    /// <summary>
    /// Arguments mirrored into <c>Mcp-Param-*</c> headers (each marked <c>x-mcp-header</c> in <see cref="InputSchema"/>).
    /// Streamable HTTP requests must carry a matching header for each one present in the arguments.
    /// </summary>
    public IReadOnlyList<McpHeaderParameter> HeaderParameters { get; init; } = [];

    /// <summary>Whether calls may (or must) run as tasks of the <c>io.modelcontextprotocol/tasks</c> extension.</summary>
    public McpTaskSupport TaskSupport { get; init; }

    /// <summary>
    /// The handler calls <see cref="McpToolCall.RunAsTaskAsync"/> itself: until then the call is an ordinary request
    /// (input rounds included), and the task starts there rather than before the handler runs.
    /// </summary>
    public bool StartsTaskInHandler { get; init; }

    /// <summary>The tool's own task policy; unset values come from <see cref="McpTaskOptions"/>.</summary>
    public McpTaskPolicy? TaskPolicy { get; init; }

    /// <summary>Serves <c>tools/call</c> for this tool.</summary>
    public McpToolHandler Handler { get; }
}

/// <summary>Behaviour hints of a tool (<c>annotations</c>). Clients treat them as untrusted hints.</summary>
public sealed class McpToolAnnotations
{
    /// <summary><c>readOnlyHint</c>, or <see langword="null"/> when not stated.</summary>
    public bool? ReadOnly { get; init; }

    /// <summary><c>destructiveHint</c>, or <see langword="null"/> when not stated.</summary>
    public bool? Destructive { get; init; }

    /// <summary><c>idempotentHint</c>, or <see langword="null"/> when not stated.</summary>
    public bool? Idempotent { get; init; }

    /// <summary><c>openWorldHint</c>, or <see langword="null"/> when not stated.</summary>
    public bool? OpenWorld { get; init; }
}
