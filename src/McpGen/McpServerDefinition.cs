using System;
using System.Collections.Generic;
using System.Threading;

namespace McpGen;

/// <summary>
/// The compiled description of an MCP server: its identity and its tools with their handlers. The source generator
/// creates one per <see cref="McpServerAttribute"/> class; transports serve it through a <see cref="McpRequestProcessor"/>.
/// </summary>
public sealed class McpServerDefinition
{
    private readonly McpToolDescriptor[] _toolsByUtf8Name;
    private McpServerDocuments? _documents;

    /// <summary>Creates a definition.</summary>
    /// <param name="info">The server identity.</param>
    /// <param name="tools">The tools; names must be unique.</param>
    /// <param name="instructions">Natural-language guidance for the model, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">Two tools share a name.</exception>
    public McpServerDefinition(McpServerInfo info, IReadOnlyList<McpToolDescriptor> tools, string? instructions = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(tools);
        Info = info;
        Instructions = instructions;

        var sorted = new McpToolDescriptor[tools.Count];
        for (int i = 0; i < sorted.Length; i++)
        {
            sorted[i] = tools[i] ?? throw new ArgumentException("A tool descriptor is null.", nameof(tools));
        }

        // Ordinal UTF-8 order lets tools/call find a tool by binary search over the request's raw name bytes.
        Array.Sort(sorted, static (a, b) => a.NameUtf8.AsSpan().SequenceCompareTo(b.NameUtf8));
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].NameUtf8.AsSpan().SequenceEqual(sorted[i - 1].NameUtf8))
            {
                throw new ArgumentException($"Two tools are named '{sorted[i].Name}'; tool names must be unique.", nameof(tools));
            }
        }

        _toolsByUtf8Name = sorted;
        Tools = sorted;
    }

    /// <summary>The server identity reported in <c>serverInfo</c>.</summary>
    public McpServerInfo Info { get; }

    /// <summary>Natural-language guidance for the model, or <see langword="null"/>.</summary>
    public string? Instructions { get; }

    /// <summary>The tools in deterministic (ordinal) name order.</summary>
    public IReadOnlyList<McpToolDescriptor> Tools { get; }

    /// <summary>Finds a tool by its UTF-8 encoded name.</summary>
    /// <param name="utf8Name">The name's UTF-8 bytes.</param>
    /// <returns>The tool, or <see langword="null"/> when no tool has that name.</returns>
    public McpToolDescriptor? FindTool(ReadOnlySpan<byte> utf8Name)
    {
        int lo = 0, hi = _toolsByUtf8Name.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int cmp = _toolsByUtf8Name[mid].NameUtf8.AsSpan().SequenceCompareTo(utf8Name);
            if (cmp == 0)
            {
                return _toolsByUtf8Name[mid];
            }

            if (cmp < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return null;
    }

    /// <summary>Pre-serialized protocol documents, built once on first use.</summary>
    internal McpServerDocuments GetDocuments(McpServerOptions options)
    {
        var documents = Volatile.Read(ref _documents);
        if (documents is null || !ReferenceEquals(documents.Options, options))
        {
            documents = new McpServerDocuments(this, options);
            Volatile.Write(ref _documents, documents);
        }

        return documents;
    }
}

/// <summary>The identity of a server, reported to clients as <c>serverInfo</c> (an MCP <c>Implementation</c>).</summary>
public sealed class McpServerInfo
{
    /// <summary>Creates the identity.</summary>
    /// <param name="name">The server name.</param>
    /// <param name="version">The server version.</param>
    public McpServerInfo(string name, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        Name = name;
        Version = version;
    }

    /// <summary>The server name.</summary>
    public string Name { get; }

    /// <summary>The server version.</summary>
    public string Version { get; }

    /// <summary>A human-readable display name.</summary>
    public string? Title { get; init; }

    /// <summary>A short description.</summary>
    public string? Description { get; init; }

    /// <summary>The server's website.</summary>
    public string? WebsiteUrl { get; init; }
}
