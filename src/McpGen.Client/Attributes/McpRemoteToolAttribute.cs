using System;

namespace McpGen.Client;

/// <summary>
/// Implements the method as a <c>tools/call</c> of the remote tool. The parameters are its arguments (by parameter name,
/// or <see cref="McpRemoteArgumentAttribute"/>; a <see cref="System.Threading.CancellationToken"/> cancels the call), and
/// the task's result is read from the answer: <see cref="string"/> is its text, <c>CallToolResult</c> the whole result,
/// any other type its <c>structuredContent</c> (or its text, when that is JSON). A result with <c>isError</c> throws
/// <see cref="McpToolException"/>, except when the method returns <c>CallToolResult</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class McpRemoteToolAttribute : Attribute
{
    /// <summary>Calls the tool named after the method in snake_case, without <c>Async</c> (<c>SearchTicketsAsync</c> → <c>search_tickets</c>).</summary>
    public McpRemoteToolAttribute()
    {
    }

    /// <summary>Calls the tool <paramref name="name"/>.</summary>
    /// <param name="name">The tool's name on the server.</param>
    public McpRemoteToolAttribute(string name) => Name = name;

    /// <summary>The tool's name on the server; <see langword="null"/> for the method's name in snake_case.</summary>
    public string? Name { get; }

    /// <summary>
    /// The tool only reads (its server says <c>readOnlyHint</c>): a resilience handler (<c>AddMcpResilienceHandler</c>)
    /// may send a call again after a transient failure.
    /// </summary>
    public bool ReadOnly { get; set; }

    /// <summary>Calling the tool twice does what calling it once does (<c>idempotentHint</c>): calls may be retried.</summary>
    public bool Idempotent { get; set; }
}
