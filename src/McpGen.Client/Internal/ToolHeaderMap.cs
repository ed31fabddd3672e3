using System;
using System.Collections.Generic;
using System.Net.Http.Headers;
using System.Text.Json;

namespace McpGen.Client.Internal;

/// <summary>
/// The <c>x-mcp-header</c> annotations of one tool's input schema (SEP-2243): which top-level arguments the client
/// mirrors into <c>Mcp-Param-{Name}</c> headers on <c>tools/call</c>, so that gateways can route without reading bodies.
/// </summary>
internal sealed class ToolHeaderMap
{
    private readonly (string Argument, string Header)[] _entries;

    private ToolHeaderMap((string Argument, string Header)[] entries) => _entries = entries;

    /// <summary>A map of one declared header.</summary>
    public static ToolHeaderMap Of(string argument, string header) => new([(argument, header)]);

    /// <summary>This map with <paramref name="argument"/> mirrored into <paramref name="header"/> (replacing what it had for that argument).</summary>
    public ToolHeaderMap With(string argument, string header)
    {
        var entries = new List<(string Argument, string Header)>(_entries.Length + 1);
        foreach (var entry in _entries)
        {
            if (!string.Equals(entry.Argument, argument, StringComparison.Ordinal))
            {
                entries.Add(entry);
            }
        }

        entries.Add((argument, header));
        return new ToolHeaderMap([.. entries]);
    }

    /// <summary>
    /// Reads the annotations of <paramref name="inputSchema"/>. Returns false (with the reason) for a tool the client
    /// must exclude: an annotation that is empty, not a string, not a valid header name, on a parameter that is not a
    /// string, integer or boolean, or repeated (header names compare case-insensitively). <paramref name="map"/> is
    /// null when the tool has no annotations.
    /// </summary>
    public static bool TryRead(JsonElement inputSchema, out ToolHeaderMap? map, out string? error)
    {
        map = null;
        error = null;
        if (inputSchema.ValueKind != JsonValueKind.Object
            || !inputSchema.TryGetProperty("properties"u8, out var properties)
            || properties.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        List<(string, string)>? entries = null;
        foreach (var property in properties.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Object || !property.Value.TryGetProperty("x-mcp-header"u8, out var annotation))
            {
                continue;
            }

            if (annotation.ValueKind != JsonValueKind.String || annotation.GetString() is not { Length: > 0 } header || !IsToken(header))
            {
                error = $"parameter '{property.Name}' has an x-mcp-header that is not a non-empty HTTP header name";
                return false;
            }

            if (!IsPrimitive(property.Value))
            {
                error = $"parameter '{property.Name}' carries x-mcp-header but is not a string, integer or boolean";
                return false;
            }

            entries ??= [];
            foreach (var (_, existing) in entries)
            {
                if (string.Equals(existing, header, StringComparison.OrdinalIgnoreCase))
                {
                    error = $"x-mcp-header '{header}' is used by more than one parameter";
                    return false;
                }
            }

            entries.Add((property.Name, header));
        }

        map = entries is null ? null : new ToolHeaderMap([.. entries]);
        return true;
    }

    /// <summary>Adds an <c>Mcp-Param-*</c> header for every annotated argument the <c>tools/call</c> body carries (null and absent ones are omitted).</summary>
    public void AddHeaders(HttpRequestHeaders headers, ReadOnlyMemory<byte> requestBody)
    {
        using var document = JsonDocument.Parse(requestBody);
        if (!document.RootElement.TryGetProperty("params"u8, out var @params)
            || !@params.TryGetProperty("arguments"u8, out var arguments)
            || arguments.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var (argument, header) in _entries)
        {
            if (!arguments.TryGetProperty(argument, out var value))
            {
                continue;
            }

            string? text = value.ValueKind switch
            {
                JsonValueKind.String => McpHttpClientTransport.EncodeHeaderValue(value.GetString()!),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
            if (text is not null)
            {
                headers.TryAddWithoutValidation("Mcp-Param-" + header, text);
            }
        }
    }

    private static bool IsPrimitive(JsonElement schema)
    {
        if (!schema.TryGetProperty("type"u8, out var type))
        {
            return false;
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return IsPrimitiveType(type);
        }

        if (type.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        bool any = false;
        foreach (var item in type.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && item.ValueEquals("null"u8))
            {
                continue;
            }

            if (!IsPrimitiveType(item))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private static bool IsPrimitiveType(JsonElement type) =>
        type.ValueEquals("string"u8) || type.ValueEquals("integer"u8) || type.ValueEquals("boolean"u8);

    // RFC 9110 token: the characters an HTTP field name may have.
    private static bool IsToken(string name)
    {
        foreach (char c in name)
        {
            if (c is <= ' ' or >= (char)0x7F || "\"(),/:;<=>?@[\\]{}".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
