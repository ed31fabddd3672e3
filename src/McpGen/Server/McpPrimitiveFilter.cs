namespace McpGen;

/// <summary>The kinds of primitive an <see cref="IMcpPrimitiveFilter"/> decides on.</summary>
public enum McpPrimitiveKind
{
    /// <summary>A tool, by name.</summary>
    Tool,

    /// <summary>A prompt, by name.</summary>
    Prompt,

    /// <summary>A direct resource, by URI.</summary>
    Resource,

    /// <summary>A resource template, by its URI template.</summary>
    ResourceTemplate,
}

/// <summary>
/// Switches compiled primitives on and off at run time. Register one as a service and McpGen asks it on every request:
/// disabled primitives are left out of <c>tools/list</c>, <c>prompts/list</c>, <c>resources/list</c> and
/// <c>resources/templates/list</c>, and calling, getting or reading one answers as for a primitive that does not exist.
/// </summary>
/// <remarks>
/// <para>
/// Decide from a source every instance shares (configuration, feature flags, a database), never from state kept in
/// one process: any instance may serve any request. When the answer changes, publish
/// <see cref="McpServerEvent.ToolsListChanged"/> (or the prompt or resource event) on the <see cref="IMcpEventBus"/>
/// so listening clients list again, and keep <see cref="McpServerOptions.ListTimeToLive"/> short enough for the
/// caches of clients that do not listen.
/// </para>
/// <code>
/// public sealed class FlagFilter(IOptionsMonitor&lt;ToolFlags&gt; flags) : IMcpPrimitiveFilter
/// {
///     public bool IsEnabled(McpPrimitiveKind kind, string name) =&gt; !flags.CurrentValue.Disabled.Contains(name);
/// }
/// </code>
/// </remarks>
public interface IMcpPrimitiveFilter
{
    /// <summary>Whether the primitive is offered now. Called on every list, call, get and read: keep it fast and thread-safe.</summary>
    /// <param name="kind">What kind of primitive it is.</param>
    /// <param name="name">The tool or prompt name, the resource URI, or the URI template.</param>
    bool IsEnabled(McpPrimitiveKind kind, string name);
}
