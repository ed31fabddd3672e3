using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace McpGen.Client.Generated;

/// <summary>
/// What a client imported from a saved <c>tools/list</c> answer knows of the server: checked once per
/// <see cref="McpClient"/>, at the first call, by <see cref="McpClient.VerifySnapshotAsync"/>. Made by generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class McpToolSnapshot
{
    /// <summary>Describes the snapshot.</summary>
    /// <param name="interfaceName">The generated interface, for messages.</param>
    /// <param name="file">The saved answer's file name, for messages.</param>
    /// <param name="tools">The tools it lists.</param>
    public McpToolSnapshot(string interfaceName, string file, IReadOnlyList<Tool> tools)
    {
        InterfaceName = interfaceName;
        File = file;
        Tools = tools;
    }

    /// <summary>The generated interface.</summary>
    public string InterfaceName { get; }

    /// <summary>The saved answer's file name.</summary>
    public string File { get; }

    /// <summary>The tools it lists.</summary>
    public IReadOnlyList<Tool> Tools { get; }

    /// <summary>One tool of the snapshot.</summary>
    /// <param name="Name">The tool's name.</param>
    /// <param name="Arguments">Every argument its input schema names.</param>
    public sealed record Tool(string Name, IReadOnlyList<string> Arguments);
}
