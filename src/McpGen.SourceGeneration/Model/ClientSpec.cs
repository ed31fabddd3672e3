namespace McpGen.SourceGeneration.Model;

/// <summary>Everything the emitter needs to implement one <c>[McpClient]</c> interface.</summary>
/// <param name="Namespace">The interface's namespace, or <see langword="null"/> for the global namespace.</param>
/// <param name="InterfaceName">The interface's simple name, e.g. <c>IHelpDesk</c>.</param>
/// <param name="FullName">The <c>global::</c>-qualified interface name.</param>
/// <param name="HintName">A file name unique within the compilation.</param>
/// <param name="Calls">One entry per interface method, in declaration order.</param>
/// <param name="Objects">The object types the calls write or read.</param>
internal sealed record ClientSpec(
    string? Namespace,
    string InterfaceName,
    string FullName,
    string HintName,
    EquatableArray<RemoteCallSpec> Calls,
    EquatableArray<ObjectTypeSpec> Objects)
{
    /// <summary>For a client imported from a saved <c>tools/list</c> answer: the file's name, checked against the server at the first call.</summary>
    public string? SnapshotFile { get; init; }

    /// <summary>For an imported client: the tools and arguments the snapshot knows.</summary>
    public EquatableArray<ToolSnapshotSpec> Snapshot { get; init; } = EquatableArray<ToolSnapshotSpec>.Empty;

    /// <summary>For an imported client: the C# declarations of the interface and its types, written before the implementation.</summary>
    public string? Declarations { get; init; }
}
