using System;

namespace McpGen;

/// <summary>
/// Declares state that deliberately lives in one server process, and says why. McpGen's stateless-safety analyzers
/// (MCPG5001–MCPG5006) stay silent on the marked member, or on every member of a marked class, so the decision is
/// visible in code review instead of hidden in a <c>#pragma</c> or an editorconfig file.
/// </summary>
/// <remarks>
/// Use it for state that is correct even when each instance behind a load balancer has its own copy: a cache of
/// immutable data that every instance can rebuild, a per-process rate limiter that is meant to be per process, a
/// metrics counter. State that every instance must agree on (counters shown to users, sessions, task progress) belongs
/// in a shared store such as Redis or <c>IDistributedCache</c>.
/// </remarks>
/// <example>
/// <code>
/// [McpProcessLocal("Parsed schema files; immutable once loaded and cheap for each instance to rebuild.")]
/// private static readonly ConcurrentDictionary&lt;string, Schema&gt; s_schemas = new();
/// </code>
/// </example>
[AttributeUsage(
    AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Event | AttributeTargets.Class | AttributeTargets.Struct
    | AttributeTargets.Parameter | AttributeTargets.Method | AttributeTargets.Constructor,
    AllowMultiple = false,
    Inherited = false)]
public sealed class McpProcessLocalAttribute : Attribute
{
    /// <summary>Marks state as deliberately per process.</summary>
    /// <param name="reason">Why per-process state is correct here; must not be empty (MCPG5007).</param>
    public McpProcessLocalAttribute(string reason) => Reason = reason;

    /// <summary>Why per-process state is correct here.</summary>
    public string Reason { get; }
}
