using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;
using McpGen.Internal;
using ModelContextProtocol.Protocol;

namespace McpGen.Generated;

/// <summary>Writes the members of a <c>CallToolResult</c> for generated tool handlers.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class McpToolResults
{
    /// <summary><c>"content":[]</c>, for tools that return nothing.</summary>
    public static void WriteEmpty(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("content"u8);
        writer.WriteEndArray();
    }

    /// <summary>One text block; <see langword="null"/> gives empty content.</summary>
    public static void WriteText(Utf8JsonWriter writer, string? text)
    {
        writer.WriteStartArray(McpJsonNames.Content);
        if (text is not null)
        {
            writer.WriteStartObject();
            writer.WriteString(McpJsonNames.Type, McpJsonNames.Text);
            writer.WriteString(McpJsonNames.Text, text);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// <c>structuredContent</c> plus the same JSON as a text block for clients that read only content. When
    /// <paramref name="wrapInResult"/> is set the value is written as <c>{"result": value}</c>, so the structured
    /// content is an object as every protocol revision requires.
    /// </summary>
    public static void WriteStructured<T>(Utf8JsonWriter writer, T value, Action<Utf8JsonWriter, T> write, bool wrapInResult)
    {
        var scratch = JsonScratch.Rent();
        try
        {
            var w = scratch.Writer;
            if (wrapInResult)
            {
                w.WriteStartObject();
                w.WritePropertyName("result"u8);
            }

            write(w, value);
            if (wrapInResult)
            {
                w.WriteEndObject();
            }

            w.Flush();
            var json = scratch.Buffer.WrittenSpan;
            writer.WriteStartArray("content"u8);
            writer.WriteStartObject();
            writer.WriteString("type"u8, "text"u8);
            writer.WriteString("text"u8, json);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WritePropertyName("structuredContent"u8);
            writer.WriteRawValue(json, skipInputValidation: true);
        }
        finally
        {
            JsonScratch.Return(scratch);
        }
    }

    /// <summary>One content block (text, image, audio, resource link or embedded resource).</summary>
    public static void WriteContent(Utf8JsonWriter writer, ContentBlock? block)
    {
        writer.WriteStartArray("content"u8);
        if (block is not null)
        {
            SdkTypesJson.WriteContentBlock(writer, block);
        }

        writer.WriteEndArray();
    }

    /// <summary>Several content blocks.</summary>
    public static void WriteContent(Utf8JsonWriter writer, IEnumerable<ContentBlock>? blocks)
    {
        writer.WriteStartArray("content"u8);
        if (blocks is not null)
        {
            foreach (var block in blocks)
            {
                if (block is not null)
                {
                    SdkTypesJson.WriteContentBlock(writer, block);
                }
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>A <see cref="CallToolResult"/> built by the tool itself, passed through unchanged.</summary>
    public static void WriteCallToolResult(Utf8JsonWriter writer, McpToolCall call, CallToolResult? result)
    {
        if (result is null)
        {
            WriteEmpty(writer);
            return;
        }

        WriteContent(writer, result.Content);
        if (result.StructuredContent is { } structured)
        {
            writer.WritePropertyName("structuredContent"u8);
            structured.WriteTo(writer);
        }

        if (result.IsError is { } isError)
        {
            writer.WriteBoolean("isError"u8, isError);
            call.IsError = isError;
        }

        call.ResultMeta = result.Meta;
    }
}
