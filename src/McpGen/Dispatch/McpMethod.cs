using System;

namespace McpGen;

/// <summary>The protocol revisions a method is served in.</summary>
[Flags]
internal enum McpMethodEras
{
    /// <summary>2026-07-28, stateless, with <c>_meta</c> on every request.</summary>
    Current = 1,

    /// <summary>2025-11-25 and earlier, after <c>initialize</c>.</summary>
    Legacy = 2,

    /// <summary>Both.</summary>
    Both = Current | Legacy,
}

/// <summary>What a request targets: what <c>Mcp-Name</c> mirrors, what audit events and spans name.</summary>
internal enum McpMethodTarget
{
    /// <summary>Nothing (lists, discovery, lifecycle).</summary>
    None,

    /// <summary><c>params.name</c>: a tool or a prompt.</summary>
    Name,

    /// <summary><c>params.uri</c>: a resource.</summary>
    Uri,

    /// <summary><c>params.taskId</c>: a task of the tasks extension.</summary>
    TaskId,
}

/// <summary>What the server must offer (and so advertise) for a method to be served; otherwise it is -32601.</summary>
internal enum McpMethodCapability
{
    /// <summary>Always served.</summary>
    None,

    /// <summary>At least one tool.</summary>
    Tools,

    /// <summary>At least one resource, template or resource listing.</summary>
    Resources,

    /// <summary>At least one prompt.</summary>
    Prompts,

    /// <summary>At least one completion handler.</summary>
    Completions,

    /// <summary>At least one task-capable tool (the tasks extension).</summary>
    Tasks,
}

/// <summary>
/// One protocol method and every fact the core needs about it, in one place: the revisions that serve it, whether it
/// acts (as opposed to listing and discovery, for audit), what it targets, the capability it needs, and the handler
/// that serves it. <see cref="McpMethodTable"/> lists them all.
/// </summary>
internal sealed class McpMethod
{
    private readonly byte[] _nameUtf8;

    public McpMethod(string name, McpMethodEras eras, McpMethodTarget target, McpMethodCapability capability, bool acts, Func<McpRequestProcessor, McpMethodHandler> createHandler)
    {
        Name = name;
        _nameUtf8 = System.Text.Encoding.UTF8.GetBytes(name);
        Eras = eras;
        Target = target;
        Capability = capability;
        Acts = acts;
        CreateHandler = createHandler;
    }

    /// <summary>The JSON-RPC method name.</summary>
    public string Name { get; }

    /// <summary>The name as UTF-8, as it arrives.</summary>
    public ReadOnlySpan<byte> NameUtf8 => _nameUtf8;

    /// <summary>The revisions that serve it.</summary>
    public McpMethodEras Eras { get; }

    /// <summary>A method of earlier revisions that 2026-07-28 removed: -32601 there, with a message that says so.</summary>
    public bool IsRemovedIn2026 => Eras == McpMethodEras.Legacy;

    /// <summary>What it targets.</summary>
    public McpMethodTarget Target { get; }

    /// <summary>What the server must offer for it to be served.</summary>
    public McpMethodCapability Capability { get; }

    /// <summary>Whether it acts or reads data (audited by default), as opposed to listing and discovery.</summary>
    public bool Acts { get; }

    /// <summary>The row's position in <see cref="McpMethodTable.Methods"/>, set when the table is built.</summary>
    public int Index { get; set; }

    /// <summary>Makes the handler for one processor.</summary>
    public Func<McpRequestProcessor, McpMethodHandler> CreateHandler { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
