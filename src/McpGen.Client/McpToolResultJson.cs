using System;
using System.ComponentModel;
using System.Text;
using System.Text.Json;

namespace McpGen.Client;

/// <summary>Reads a <c>tools/call</c> result without building a document; used by generated clients.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class McpToolResultJson
{
    /// <summary>Finds the members of a <c>CallToolResult</c> a reader needs.</summary>
    /// <param name="resultJson">The raw <c>result</c> object.</param>
    /// <returns>A view over <paramref name="resultJson"/>.</returns>
    public static McpToolResultView Read(ReadOnlySpan<byte> resultJson)
    {
        var reader = new Utf8JsonReader(resultJson, new JsonReaderOptions { MaxDepth = 256 });
        bool isError = false;
        Range structured = default, content = default;
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("isError"u8))
                {
                    reader.Read();
                    isError = reader.TokenType == JsonTokenType.True;
                }
                else if (reader.ValueTextEquals("structuredContent"u8))
                {
                    reader.Read();
                    structured = Value(ref reader);
                }
                else if (reader.ValueTextEquals("content"u8))
                {
                    reader.Read();
                    content = Value(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        return new McpToolResultView(resultJson, isError, resultJson[structured], resultJson[content]);
    }

    private static Range Value(ref Utf8JsonReader reader)
    {
        int start = (int)reader.TokenStartIndex;
        reader.Skip();
        return new Range(start, (int)reader.BytesConsumed);
    }
}

/// <summary>The parts of a <c>tools/call</c> result, as slices of its JSON.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly ref struct McpToolResultView
{
    private readonly ReadOnlySpan<byte> _result;
    private readonly ReadOnlySpan<byte> _content;

    internal McpToolResultView(ReadOnlySpan<byte> result, bool isError, ReadOnlySpan<byte> structuredContent, ReadOnlySpan<byte> content)
    {
        _result = result;
        IsError = isError;
        StructuredContent = structuredContent;
        _content = content;
    }

    /// <summary>Whether the tool reported failure (<c>isError: true</c>).</summary>
    public bool IsError { get; }

    /// <summary>The raw <c>structuredContent</c> value, or empty when the result has none.</summary>
    public ReadOnlySpan<byte> StructuredContent { get; }

    /// <summary>The text of the result's text content blocks, joined with new lines; <see langword="null"/> when there is none.</summary>
    public string? Text
    {
        get
        {
            if (_content.IsEmpty)
            {
                return null;
            }

            var reader = new Utf8JsonReader(_content, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return null;
            }

            string? single = null;
            StringBuilder? joined = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                bool isText = false;
                string? text = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("type"u8))
                    {
                        reader.Read();
                        isText = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("text"u8);
                    }
                    else if (reader.ValueTextEquals("text"u8))
                    {
                        reader.Read();
                        text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }

                if (!isText || text is null)
                {
                    continue;
                }

                // The common single-block result allocates just its string.
                if (single is null && joined is null)
                {
                    single = text;
                }
                else
                {
                    joined ??= new StringBuilder(single);
                    joined.Append('\n').Append(text);
                }
            }

            return joined?.ToString() ?? single;
        }
    }

    /// <summary>Throws <see cref="McpToolException"/> when the tool reported failure.</summary>
    /// <param name="toolName">The tool that was called, for the message.</param>
    /// <exception cref="McpToolException">The result has <c>isError: true</c>.</exception>
    public void ThrowIfError(string toolName)
    {
        if (IsError)
        {
            throw new McpToolException(toolName, Text, Encoding.UTF8.GetString(_result));
        }
    }
}
