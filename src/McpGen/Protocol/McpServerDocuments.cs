using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using McpGen.Internal;

namespace McpGen;

/// <summary>
/// Every response body that depends only on the server definition, serialized once: <c>server/discover</c>, each
/// <c>tools/list</c> page for both protocol eras, and the <c>_meta</c> stamped on results.
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
        CapabilitiesJson = Serialize(w =>
        {
            w.WriteStartObject();
            if (HasTools)
            {
                w.WriteStartObject("tools");
                w.WriteEndObject();
            }

            w.WriteEndObject();
        });
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

            WriteCacheHints(w, options);
            WriteResultMeta(w);
            w.WriteEndObject();
        });

        var tools = new byte[definition.Tools.Count][];
        for (int i = 0; i < tools.Length; i++)
        {
            var tool = definition.Tools[i];
            tools[i] = Serialize(w => WriteTool(w, tool));
        }

        int pageSize = Math.Max(1, options.PageSize);
        int pageCount = Math.Max(1, (tools.Length + pageSize - 1) / pageSize);
        ToolsPages = new byte[pageCount][];
        LegacyToolsPages = new byte[pageCount][];
        for (int page = 0; page < pageCount; page++)
        {
            int first = page * pageSize;
            int count = Math.Min(pageSize, tools.Length - first);
            string? next = page + 1 < pageCount ? FormatCursor(page + 1) : null;
            ToolsPages[page] = Serialize(w => WriteToolsPage(w, tools, first, count, next, modern: true));
            LegacyToolsPages[page] = Serialize(w => WriteToolsPage(w, tools, first, count, next, modern: false));
        }
    }

    public McpServerOptions Options { get; }

    public bool HasTools { get; }

    /// <summary><c>{"name":…,"version":…}</c>.</summary>
    public byte[] ServerInfoJson { get; }

    /// <summary><c>{"io.modelcontextprotocol/serverInfo":{…}}</c>, stamped on every 2026-07-28 result.</summary>
    public byte[] ResultMetaJson { get; }

    /// <summary>The server capabilities, derived from what the definition holds.</summary>
    public byte[] CapabilitiesJson { get; }

    /// <summary>The complete <c>server/discover</c> result.</summary>
    public byte[] DiscoverResult { get; }

    /// <summary>The <c>tools/list</c> results, one per page (2026-07-28 shape).</summary>
    public byte[][] ToolsPages { get; }

    /// <summary>The <c>tools/list</c> results, one per page (2025-11-25 shape: no resultType, cache hints or _meta).</summary>
    public byte[][] LegacyToolsPages { get; }

    /// <summary>Maps a cursor to a page index; <see langword="false"/> when the cursor was not issued by this server.</summary>
    public bool TryParseCursor(string cursor, out int page)
    {
        page = 0;
        return cursor.StartsWith("page-", StringComparison.Ordinal)
        && int.TryParse(cursor.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out page)
        && page > 0 && page < ToolsPages.Length
        && string.Equals(cursor, FormatCursor(page), StringComparison.Ordinal);
    }

    private static string FormatCursor(int page) => "page-" + page.ToString(CultureInfo.InvariantCulture);

    public void WriteResultMeta(Utf8JsonWriter writer)
    {
        writer.WritePropertyName("_meta");
        writer.WriteRawValue(ResultMetaJson, skipInputValidation: true);
    }

    private static void WriteCacheHints(Utf8JsonWriter w, McpServerOptions options)
    {
        w.WriteNumber("ttlMs", options.ListTtlMs);
        w.WriteString("cacheScope", "public");
    }

    private void WriteToolsPage(Utf8JsonWriter w, byte[][] tools, int first, int count, string? nextCursor, bool modern)
    {
        w.WriteStartObject();
        if (modern)
        {
            w.WriteString("resultType", "complete");
        }

        w.WriteStartArray("tools");
        for (int i = first; i < first + count; i++)
        {
            w.WriteRawValue(tools[i], skipInputValidation: true);
        }

        w.WriteEndArray();
        if (nextCursor is not null)
        {
            w.WriteString("nextCursor", nextCursor);
        }

        if (modern)
        {
            WriteCacheHints(w, Options);
            WriteResultMeta(w);
        }

        w.WriteEndObject();
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
