using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using McpGen.Internal;

namespace McpGen;

/// <summary>The pre-serialized pages of one list method, for both protocol eras.</summary>
/// <param name="ArrayName">The result member that holds the items, e.g. <c>tools</c>.</param>
/// <param name="Kind">The kind of primitive listed, for <see cref="IMcpPrimitiveFilter"/>.</param>
/// <param name="Items">Each item's JSON, in list order.</param>
/// <param name="Names">Each item's name (or URI, or URI template), in list order.</param>
/// <param name="Scopes">Each item's required scopes (<c>[McpScope]</c>), in list order; empty lists for none.</param>
/// <param name="Modern">The 2026-07-28 results, one per page.</param>
/// <param name="Legacy">The 2025-11-25 results (no resultType, cache hints or _meta), one per page.</param>
internal sealed record McpListPages(string ArrayName, McpPrimitiveKind Kind, byte[][] Items, string[] Names, IReadOnlyList<string>[] Scopes, byte[][] Modern, byte[][] Legacy)
{
    public int PageCount => Modern.Length;

    /// <summary>Whether some item requires scopes, so the list depends on who asks.</summary>
    public bool HasScopes { get; } = Array.Exists(Scopes, static s => s.Count > 0);
}

/// <summary>
/// Every response body that depends only on the server definition, serialized once: <c>server/discover</c>, each
/// list page for both protocol eras, and the <c>_meta</c> stamped on results.
/// </summary>
internal sealed class McpServerDocuments
{
    public McpServerDocuments(McpServerDefinition definition, McpServerOptions options)
    {
        Options = options;
        ServerInfoJson = Serialize(w => WriteServerInfo(w, definition.Info));
        ResultMetaJson = Serialize(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName(McpProtocol.MetaKeys.ServerInfo);
            w.WriteRawValue(ServerInfoJson, skipInputValidation: true);
            w.WriteEndObject();
        });
        HasTools = definition.Tools.Count > 0;
        HasResources = definition.Resources.Count > 0 || definition.ResourceTemplates.Count > 0 || definition.ResourceLists.Count > 0;
        HasPrompts = definition.Prompts.Count > 0;
        HasCompletions = definition.HasCompletions;
        HasTasks = false;
        foreach (var tool in definition.Tools)
        {
            HasTasks |= tool.TaskSupport != McpTaskSupport.Forbidden;
        }

        EmptyCompleteResult = Serialize(w =>
        {
            w.WriteStartObject();
            w.WriteString("resultType", "complete");
            WriteResultMeta(w);
            w.WriteEndObject();
        });
        // 2026-07-28: list changes and resource updates reach clients through subscriptions/listen, fed by the event bus.
        CapabilitiesJson = Serialize(w => WriteCapabilities(w, listen: true));

        // Legacy sessions get no list-changed or resource-updated notifications (that needs their GET stream).
        LegacyCapabilitiesJson = Serialize(w => WriteCapabilities(w, listen: false));
        DiscoverResult = Serialize(w =>
        {
            w.WriteStartObject();
            w.WriteString("resultType", "complete");
            w.WriteStartArray("supportedVersions");
            w.WriteStringValue(McpProtocol.LatestVersion);
            w.WriteEndArray();
            w.WritePropertyName("capabilities");
            w.WriteRawValue(CapabilitiesJson, skipInputValidation: true);
            if (definition.Instructions is { } instructions)
            {
                w.WriteString("instructions", instructions);
            }

            WriteCacheHints(w, options.ListTtlMs, ListScope);
            WriteResultMeta(w);
            w.WriteEndObject();
        });

        Tools = BuildPages("tools", McpPrimitiveKind.Tool, Items(definition.Tools, WriteTool), Names(definition.Tools, static t => t.Name), Scopes(definition.Tools, static t => t.RequiredScopes));
        Resources = BuildPages("resources", McpPrimitiveKind.Resource, Items(definition.Resources, WriteResource), Names(definition.Resources, static r => r.Uri), Scopes(definition.Resources, static r => r.RequiredScopes));
        ResourceTemplates = BuildPages("resourceTemplates", McpPrimitiveKind.ResourceTemplate, Items(definition.ResourceTemplates, WriteResource), Names(definition.ResourceTemplates, static r => r.Uri), Scopes(definition.ResourceTemplates, static r => r.RequiredScopes));
        Prompts = BuildPages("prompts", McpPrimitiveKind.Prompt, Items(definition.Prompts, WritePrompt), Names(definition.Prompts, static p => p.Name), Scopes(definition.Prompts, static p => p.RequiredScopes));
    }

    public McpServerOptions Options { get; }

    public bool HasTools { get; }

    public bool HasResources { get; }

    public bool HasPrompts { get; }

    public bool HasCompletions { get; }

    /// <summary>Whether some tool may run as a task: the tasks extension is declared and its methods served.</summary>
    public bool HasTasks { get; }

    /// <summary><c>{"resultType":"complete","_meta":{…}}</c>: the acknowledgement of tasks/update and tasks/cancel.</summary>
    public byte[] EmptyCompleteResult { get; }

    /// <summary><c>{"name":…,"version":…}</c>.</summary>
    public byte[] ServerInfoJson { get; }

    /// <summary><c>{"io.modelcontextprotocol/serverInfo":{…}}</c>, stamped on every 2026-07-28 result.</summary>
    public byte[] ResultMetaJson { get; }

    /// <summary>The server capabilities, derived from what the definition holds.</summary>
    public byte[] CapabilitiesJson { get; }

    /// <summary>The capabilities a legacy client's initialize is answered with.</summary>
    public byte[] LegacyCapabilitiesJson { get; }

    private void WriteCapabilities(Utf8JsonWriter w, bool listen)
    {
        w.WriteStartObject();
        if (HasTools)
        {
            w.WriteStartObject("tools");
            if (listen)
            {
                w.WriteBoolean("listChanged", true);
            }

            w.WriteEndObject();
        }

        if (HasResources)
        {
            w.WriteStartObject("resources");

            // 2026-07-28: subscriptions/listen; 2025-11-25: resources/subscribe, delivered on stdio or the session's GET stream.
            w.WriteBoolean("subscribe", true);
            if (listen)
            {
                w.WriteBoolean("listChanged", true);
            }

            w.WriteEndObject();
        }

        if (HasPrompts)
        {
            w.WriteStartObject("prompts");
            if (listen)
            {
                w.WriteBoolean("listChanged", true);
            }

            w.WriteEndObject();
        }

        WriteEmptyObjectIf(w, "completions", HasCompletions);

        // Handlers log through ILogger; requests that set a logLevel receive those entries.
        WriteEmptyObjectIf(w, "logging", true);
        if (listen && HasTasks)
        {
            // Extensions exist in 2026-07-28 only; legacy clients keep the plain tools/call they know.
            w.WriteStartObject("extensions");
            w.WriteStartObject(McpTaskEngine.TasksExtension);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>The complete <c>server/discover</c> result.</summary>
    public byte[] DiscoverResult { get; }

    /// <summary>The <c>tools/list</c> pages.</summary>
    public McpListPages Tools { get; }

    /// <summary>The <c>resources/list</c> pages of the direct resources (run-time listings are added per request).</summary>
    public McpListPages Resources { get; }

    /// <summary>The <c>resources/templates/list</c> pages.</summary>
    public McpListPages ResourceTemplates { get; }

    /// <summary>The <c>prompts/list</c> pages.</summary>
    public McpListPages Prompts { get; }

    private string ListScope => McpServerOptions.ScopeName(Options.ListCacheScope, McpCacheScope.Public);

    /// <summary>Parses a cursor of the form <c>page-N</c> (N ≥ 1); the caller checks the upper bound.</summary>
    public static bool TryParseCursor(string cursor, out int page)
    {
        page = 0;
        return cursor.StartsWith("page-", StringComparison.Ordinal)
            && int.TryParse(cursor.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out page)
            && page > 0
            && string.Equals(cursor, FormatCursor(page), StringComparison.Ordinal);
    }

    public static string FormatCursor(int page) => "page-" + page.ToString(CultureInfo.InvariantCulture);

    private static byte[][] Items<T>(IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
    {
        var result = new byte[items.Count][];
        for (int i = 0; i < result.Length; i++)
        {
            var item = items[i];
            result[i] = Serialize(w => write(w, item));
        }

        return result;
    }

    private static string[] Names<T>(IReadOnlyList<T> items, Func<T, string> name)
    {
        var result = new string[items.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = name(items[i]);
        }

        return result;
    }

    private static IReadOnlyList<string>[] Scopes<T>(IReadOnlyList<T> items, Func<T, IReadOnlyList<string>> scopes)
    {
        var result = new IReadOnlyList<string>[items.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = scopes(items[i]);
        }

        return result;
    }

    /// <summary>
    /// The items of <paramref name="pages"/> offered to this request, in list order: those <paramref name="filter"/>
    /// enables whose scopes <paramref name="user"/> holds (a <see langword="null"/> user: a transport that does not
    /// authenticate, so scopes do not apply).
    /// </summary>
    public static byte[][] EnabledItems(McpListPages pages, IMcpPrimitiveFilter? filter, System.Security.Claims.ClaimsPrincipal? user)
    {
        var enabled = new List<byte[]>(pages.Items.Length);
        for (int i = 0; i < pages.Items.Length; i++)
        {
            if ((filter is null || filter.IsEnabled(pages.Kind, pages.Names[i])) && McpScopes.HasAll(user, pages.Scopes[i]))
            {
                enabled.Add(pages.Items[i]);
            }
        }

        return [.. enabled];
    }

    /// <summary>Page <paramref name="page"/> of a list narrowed for this request, serialized now; <see langword="null"/> past its end.</summary>
    public byte[]? FilteredPage(McpListPages pages, IMcpPrimitiveFilter? filter, System.Security.Claims.ClaimsPrincipal? user, int page, bool modern)
    {
        var items = EnabledItems(pages, filter, user);
        bool perCaller = user is not null && pages.HasScopes;
        int pageSize = Math.Max(1, Options.PageSize);
        int pageCount = Math.Max(1, (items.Length + pageSize - 1) / pageSize);
        if (page >= pageCount)
        {
            return null;
        }

        int first = page * pageSize;
        string? next = page + 1 < pageCount ? FormatCursor(page + 1) : null;
        return Serialize(w => WritePage(w, pages.ArrayName, items, first, Math.Min(pageSize, items.Length - first), next, modern, perCaller));
    }

    private McpListPages BuildPages(string arrayName, McpPrimitiveKind kind, byte[][] items, string[] names, IReadOnlyList<string>[] scopes)
    {
        int pageSize = Math.Max(1, Options.PageSize);
        int pageCount = Math.Max(1, (items.Length + pageSize - 1) / pageSize);
        var modern = new byte[pageCount][];
        var legacy = new byte[pageCount][];
        for (int page = 0; page < pageCount; page++)
        {
            int first = page * pageSize;
            int count = Math.Min(pageSize, items.Length - first);
            string? next = page + 1 < pageCount ? FormatCursor(page + 1) : null;
            modern[page] = Serialize(w => WritePage(w, arrayName, items, first, count, next, modern: true));
            legacy[page] = Serialize(w => WritePage(w, arrayName, items, first, count, next, modern: false));
        }

        return new McpListPages(arrayName, kind, items, names, scopes, modern, legacy);
    }

    private void WritePage(Utf8JsonWriter w, string arrayName, byte[][] items, int first, int count, string? nextCursor, bool modern, bool perCaller = false)
    {
        w.WriteStartObject();
        if (modern)
        {
            w.WriteString("resultType", "complete");
        }

        w.WriteStartArray(arrayName);
        for (int i = first; i < first + count; i++)
        {
            w.WriteRawValue(items[i], skipInputValidation: true);
        }

        w.WriteEndArray();
        if (nextCursor is not null)
        {
            w.WriteString("nextCursor", nextCursor);
        }

        if (modern)
        {
            // A list narrowed for this caller must not be served from a shared cache to another.
            WriteCacheHints(w, Options.ListTtlMs, perCaller ? "private" : ListScope);
            WriteResultMeta(w);
        }

        w.WriteEndObject();
    }

    public void WriteResultMeta(Utf8JsonWriter writer)
    {
        writer.WritePropertyName(McpJsonNames.Meta);
        writer.WriteRawValue(ResultMetaJson, skipInputValidation: true);
    }

    public static void WriteCacheHints(Utf8JsonWriter w, long ttlMs, string scope)
    {
        w.WriteNumber("ttlMs"u8, ttlMs);
        w.WriteString("cacheScope"u8, scope);
    }

    private static void WriteEmptyObjectIf(Utf8JsonWriter w, string name, bool condition)
    {
        if (condition)
        {
            w.WriteStartObject(name);
            w.WriteEndObject();
        }
    }

    internal static void WriteServerInfo(Utf8JsonWriter w, McpServerInfo info)
    {
        w.WriteStartObject();
        w.WriteString("name", info.Name);
        w.WriteString("version", info.Version);
        if (info.Title is not null)
        {
            w.WriteString("title", info.Title);
        }

        if (info.Description is not null)
        {
            w.WriteString("description", info.Description);
        }

        if (info.WebsiteUrl is not null)
        {
            w.WriteString("websiteUrl", info.WebsiteUrl);
        }

        if (info.Icons.Count > 0)
        {
            w.WriteStartArray("icons");
            foreach (var icon in info.Icons)
            {
                w.WriteStartObject();
                w.WriteString("src", icon.Source);
                if (icon.MimeType is not null)
                {
                    w.WriteString("mimeType", icon.MimeType);
                }

                if (icon.Sizes is { Count: > 0 } sizes)
                {
                    w.WriteStartArray("sizes");
                    foreach (var size in sizes)
                    {
                        w.WriteStringValue(size);
                    }

                    w.WriteEndArray();
                }

                if (icon.Theme is not null)
                {
                    w.WriteString("theme", icon.Theme);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteTool(Utf8JsonWriter w, McpToolDescriptor tool)
    {
        w.WriteStartObject();
        w.WriteString("name", tool.Name);
        if (tool.Title is not null)
        {
            w.WriteString("title", tool.Title);
        }

        if (tool.Description is not null)
        {
            w.WriteString("description", tool.Description);
        }

        w.WritePropertyName("inputSchema");
        w.WriteRawValue(tool.InputSchema.Span);
        if (tool.OutputSchema is { } outputSchema)
        {
            w.WritePropertyName("outputSchema");
            w.WriteRawValue(outputSchema.Span);
        }

        if (tool.Annotations is { } a)
        {
            w.WriteStartObject("annotations");
            if (tool.Title is not null)
            {
                w.WriteString("title", tool.Title);
            }

            WriteHint(w, "readOnlyHint", a.ReadOnly);
            WriteHint(w, "destructiveHint", a.Destructive);
            WriteHint(w, "idempotentHint", a.Idempotent);
            WriteHint(w, "openWorldHint", a.OpenWorld);
            w.WriteEndObject();
        }

        w.WriteEndObject();

        static void WriteHint(Utf8JsonWriter w, string name, bool? value)
        {
            if (value is { } v)
            {
                w.WriteBoolean(name, v);
            }
        }
    }

    private static void WriteResource(Utf8JsonWriter w, McpResourceDescriptor resource)
    {
        w.WriteStartObject();
        w.WriteString(resource.IsTemplate ? "uriTemplate" : "uri", resource.Uri);
        w.WriteString("name", resource.Name);
        WriteOptional(w, "title", resource.Title);
        WriteOptional(w, "description", resource.Description);
        WriteOptional(w, "mimeType", resource.MimeType);
        w.WriteEndObject();
    }

    private static void WritePrompt(Utf8JsonWriter w, McpPromptDescriptor prompt)
    {
        w.WriteStartObject();
        w.WriteString("name", prompt.Name);
        WriteOptional(w, "title", prompt.Title);
        WriteOptional(w, "description", prompt.Description);
        w.WriteStartArray("arguments");
        foreach (var argument in prompt.Arguments)
        {
            w.WriteStartObject();
            w.WriteString("name", argument.Name);
            WriteOptional(w, "title", argument.Title);
            WriteOptional(w, "description", argument.Description);
            w.WriteBoolean("required", argument.Required);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    internal static byte[] Serialize(Action<Utf8JsonWriter> write)
    {
        using var buffer = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer, JsonScratch.WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
