using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace McpGen;

/// <summary>
/// The compiled description of an MCP server: its identity and its tools with their handlers. The source generator
/// creates one per <see cref="McpServerAttribute"/> class; transports serve it through a <see cref="McpRequestProcessor"/>.
/// </summary>
public sealed class McpServerDefinition
{
    private IReadOnlyList<string>? _requiredScopes;
    private readonly McpToolDescriptor[] _toolsByUtf8Name;
    private McpResourceDescriptor[] _resources = [];
    private Dictionary<string, McpResourceDescriptor> _resourcesByUri = new(StringComparer.Ordinal);
    private McpResourceDescriptor[] _templates = [];
    private McpPromptDescriptor[] _prompts = [];
    private Dictionary<string, McpPromptDescriptor> _promptsByName = new(StringComparer.Ordinal);
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

    /// <summary>The server card served to clients before they connect (HTTP), or <see langword="null"/> for none.</summary>
    public McpServerCard? ServerCard { get; init; }

    /// <summary>The direct resources, in ordinal URI order. Set it with descriptors that are not templates.</summary>
    /// <exception cref="ArgumentException">A descriptor is a template, or two share a URI.</exception>
    public IReadOnlyList<McpResourceDescriptor> Resources
    {
        get => _resources;
        init
        {
            var sorted = Sorted(value, static r => r.Uri, "resource URI");
            foreach (var resource in sorted)
            {
                if (resource.IsTemplate)
                {
                    throw new ArgumentException($"'{resource.Uri}' is a resource template; set it in ResourceTemplates.", nameof(value));
                }
            }

            _resources = sorted;
            _resourcesByUri = sorted.ToDictionary(static r => r.Uri, StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// The resource templates, in matching order: the template with the most literal characters first (so
    /// <c>file:///logs/{name}</c> is tried before <c>file:///{+path}</c>), then in ordinal order.
    /// </summary>
    /// <exception cref="ArgumentException">A descriptor is not a template, or two share a URI template.</exception>
    public IReadOnlyList<McpResourceDescriptor> ResourceTemplates
    {
        get => _templates;
        init
        {
            var sorted = Sorted(value, static r => r.Uri, "resource URI template");
            foreach (var template in sorted)
            {
                if (!template.IsTemplate)
                {
                    throw new ArgumentException($"'{template.Uri}' has no URI matcher; set it in Resources.", nameof(value));
                }
            }

            Array.Sort(sorted, static (a, b) =>
            {
                int bySpecificity = LiteralLength(b.Uri).CompareTo(LiteralLength(a.Uri));
                return bySpecificity != 0 ? bySpecificity : string.CompareOrdinal(a.Uri, b.Uri);
            });
            _templates = sorted;
        }
    }

    /// <summary>Sources of resources listed at run time; their resources follow <see cref="Resources"/> in <c>resources/list</c>.</summary>
    public IReadOnlyList<McpResourceListDescriptor> ResourceLists { get; init; } = [];

    /// <summary>The prompts, in ordinal name order.</summary>
    /// <exception cref="ArgumentException">Two prompts share a name.</exception>
    public IReadOnlyList<McpPromptDescriptor> Prompts
    {
        get => _prompts;
        init
        {
            _prompts = Sorted(value, static p => p.Name, "prompt name");
            _promptsByName = _prompts.ToDictionary(static p => p.Name, StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Every OAuth scope a tool, prompt, resource, template or resource listing requires (<c>[McpScope]</c>), each
    /// once: tools, then prompts, resources, templates and listings, in their order. The <c>scopes_supported</c> of the Protected Resource Metadata.
    /// </summary>
    public IReadOnlyList<string> RequiredScopes => _requiredScopes ??= CollectScopes();

    private IReadOnlyList<string> CollectScopes()
    {
        var scopes = new List<string>();
        var primitives = Tools.Select(static t => t.RequiredScopes)
            .Concat(_prompts.Select(static p => p.RequiredScopes))
            .Concat(Resources.Select(static r => r.RequiredScopes))
            .Concat(_templates.Select(static t => t.RequiredScopes))
            .Concat(ResourceLists.Select(static l => l.RequiredScopes));
        foreach (var required in primitives)
        {
            foreach (string scope in required)
            {
                if (!scopes.Contains(scope))
                {
                    scopes.Add(scope);
                }
            }
        }

        return scopes;
    }

    /// <summary>Whether any prompt argument or template variable can be completed (the <c>completions</c> capability).</summary>
    public bool HasCompletions =>
        _prompts.Any(static p => p.Arguments.Any(static a => a.Completion is not null))
        || _templates.Any(static t => t.Completions is { Count: > 0 });

    /// <summary>Finds the direct resource with exactly this URI.</summary>
    /// <param name="uri">The URI.</param>
    /// <returns>The resource, or <see langword="null"/>.</returns>
    public McpResourceDescriptor? FindResource(string uri) => _resourcesByUri.GetValueOrDefault(uri);

    /// <summary>Finds the resource that serves a URI: the direct resource with that URI, else the first template that matches it.</summary>
    /// <param name="uri">The URI.</param>
    /// <returns>The resource or template, or <see langword="null"/>.</returns>
    public McpResourceDescriptor? ResolveResource(string uri)
    {
        if (_resourcesByUri.TryGetValue(uri, out var resource))
        {
            return resource;
        }

        foreach (var template in _templates)
        {
            if (template.Matcher!(uri))
            {
                return template;
            }
        }

        return null;
    }

    /// <summary>Finds the resource template declared with exactly this URI template.</summary>
    /// <param name="uriTemplate">The URI template.</param>
    /// <returns>The template, or <see langword="null"/>.</returns>
    public McpResourceDescriptor? FindResourceTemplate(string uriTemplate)
    {
        foreach (var template in _templates)
        {
            if (string.Equals(template.Uri, uriTemplate, StringComparison.Ordinal))
            {
                return template;
            }
        }

        return null;
    }

    /// <summary>Finds a prompt by name.</summary>
    /// <param name="name">The prompt name.</param>
    /// <returns>The prompt, or <see langword="null"/>.</returns>
    public McpPromptDescriptor? FindPrompt(string name) => _promptsByName.GetValueOrDefault(name);

    private static T[] Sorted<T>(IReadOnlyList<T> items, Func<T, string> key, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(items);
        var sorted = new T[items.Count];
        for (int i = 0; i < sorted.Length; i++)
        {
            sorted[i] = items[i] ?? throw new ArgumentException($"A {what} entry is null.", nameof(items));
        }

        Array.Sort(sorted, (a, b) => string.CompareOrdinal(key(a), key(b)));
        for (int i = 1; i < sorted.Length; i++)
        {
            if (string.Equals(key(sorted[i]), key(sorted[i - 1]), StringComparison.Ordinal))
            {
                throw new ArgumentException($"Two entries have the {what} '{key(sorted[i])}'; it must be unique.", nameof(items));
            }
        }

        return sorted;
    }

    /// <summary>The number of characters outside <c>{…}</c> expressions.</summary>
    private static int LiteralLength(string uriTemplate)
    {
        int length = 0, depth = 0;
        foreach (char c in uriTemplate)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                length++;
            }
        }

        return length;
    }

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

    /// <summary>Icons for the server, as clients show them.</summary>
    public IReadOnlyList<McpIcon> Icons { get; init; } = [];
}

/// <summary>An icon for a server (<c>serverInfo.icons</c> and the server card).</summary>
/// <param name="Source">The icon's URI: <c>https:</c> or a <c>data:</c> URI.</param>
/// <param name="MimeType">The image media type, e.g. <c>image/png</c>, or <see langword="null"/>.</param>
/// <param name="Sizes">Sizes such as <c>48x48</c> or <c>any</c>; empty when unstated.</param>
/// <param name="Theme">The background the icon is designed for, <c>light</c> or <c>dark</c>, or <see langword="null"/>.</param>
public sealed record McpIcon(string Source, string? MimeType = null, IReadOnlyList<string>? Sizes = null, string? Theme = null);
