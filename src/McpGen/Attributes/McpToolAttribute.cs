using System;

namespace McpGen;

/// <summary>
/// Marks a method as an MCP tool. The method may be static or an instance method of any class in the assembly; an
/// instance class is created for each call, its constructor parameters resolved from the service provider.
/// </summary>
/// <remarks>
/// <para>Defaults, all computed at compile time:</para>
/// <list type="table">
/// <listheader><term>Field</term><description>Default</description></listheader>
/// <item><term>name</term><description>the method name in snake_case without an <c>Async</c> suffix (<c>GetForecastAsync</c> becomes <c>get_forecast</c>)</description></item>
/// <item><term>description</term><description><see cref="Description"/>, else <c>[Description]</c>, else the XML <c>&lt;summary&gt;</c></description></item>
/// <item><term>inputSchema</term><description>JSON Schema 2020-12 from the parameters, their nullability, defaults, <c>[Description]</c>/<c>&lt;param&gt;</c> and DataAnnotations</description></item>
/// <item><term>outputSchema</term><description>from the return type when it is a record, class, collection or dictionary</description></item>
/// <item><term>annotations</term><description>only the hints set on this attribute</description></item>
/// </list>
/// <para>
/// Parameters of these types are supplied by McpGen and never appear in the schema: <see cref="System.Threading.CancellationToken"/>,
/// <see cref="System.IProgress{T}"/> of <see cref="McpProgress"/>, <see cref="McpRequestContext"/>, <see cref="System.IServiceProvider"/>,
/// and services (interfaces, abstract classes, or parameters marked with a <c>[FromServices]</c>/<c>[FromKeyedServices]</c> attribute).
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class McpToolAttribute : Attribute
{
    /// <summary>Creates the attribute; the tool name is derived from the method name.</summary>
    public McpToolAttribute()
    {
    }

    /// <summary>Creates the attribute with an explicit tool name.</summary>
    /// <param name="name">The tool name: 1 to 64 characters of <c>[A-Za-z0-9_.-]</c>.</param>
    public McpToolAttribute(string name) => Name = name;

    /// <summary>The tool name: 1 to 64 characters of <c>[A-Za-z0-9_.-]</c>.</summary>
    public string? Name { get; set; }

    /// <summary>A human-readable display name.</summary>
    public string? Title { get; set; }

    /// <summary>The description shown to the model; overrides <c>[Description]</c> and XML documentation.</summary>
    public string? Description { get; set; }

    /// <summary>
    /// A hand-written JSON Schema for the tool's arguments, advertised instead of the generated one (for keywords C#
    /// types cannot express: <c>allOf</c>/<c>anyOf</c>, <c>if</c>/<c>then</c>/<c>else</c>, <c>$defs</c> with anchors…).
    /// It is checked and minified at compile time: it must be an object schema whose <c>properties</c> are exactly the
    /// method's argument parameters, which still bind and validate by their C# types. Constraints only the schema
    /// states (e.g. "phone or email") are for the method to check.
    /// </summary>
    public string? InputSchema { get; set; }

    /// <summary>Hint: the tool does not modify its environment (<c>readOnlyHint</c>).</summary>
    public bool ReadOnly { get; set; }

    /// <summary>Hint: the tool may perform destructive updates (<c>destructiveHint</c>).</summary>
    public bool Destructive { get; set; }

    /// <summary>Hint: calling the tool repeatedly with the same arguments has no additional effect (<c>idempotentHint</c>).</summary>
    public bool Idempotent { get; set; }

    /// <summary>Hint: the tool interacts with an open world of external entities (<c>openWorldHint</c>).</summary>
    public bool OpenWorld { get; set; }

    /// <summary>
    /// Declares the tool long-running and task-capable: its calls run as tasks of the
    /// <c>io.modelcontextprotocol/tasks</c> extension when the client supports it, and the call returns a task handle
    /// at once. Task-capable tools must observe their <see cref="System.Threading.CancellationToken"/> (analyzer
    /// MCPG6005), because a task can be cancelled from any instance long after the call began.
    /// </summary>
    public McpTaskSupport TaskSupport { get; set; }

    /// <summary>How long a task's record and result are kept after it was created, in milliseconds; 0 for <see cref="McpTaskOptions.TimeToLive"/>.</summary>
    public int TaskTimeToLiveMs { get; set; }

    /// <summary>How often clients should poll the task, in milliseconds; 0 for <see cref="McpTaskOptions.PollInterval"/>.</summary>
    public int TaskPollIntervalMs { get; set; }

    /// <summary>
    /// How many times a task may be started when the instance running it dies, for tools marked
    /// <see cref="Idempotent"/> (others run once); 0 for <see cref="McpTaskOptions.MaxAttempts"/>.
    /// </summary>
    public int TaskMaxAttempts { get; set; }

    /// <summary>How long one run of the task may take before it is cancelled and fails, in milliseconds; 0 for <see cref="McpTaskOptions.Timeout"/>.</summary>
    public int TaskTimeoutMs { get; set; }
}
