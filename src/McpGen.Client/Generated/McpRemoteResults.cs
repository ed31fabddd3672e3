using System;
using System.Buffers;
using System.ComponentModel;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using McpGen.Client.Internal;
using ModelContextProtocol.Protocol;

namespace McpGen.Client.Generated;

/// <summary>
/// Turns the <c>result</c> of a remote call into what an <see cref="McpClientAttribute"/> method returns; called only by
/// generated clients. Failures name the tool, resource or prompt, and what did not fit.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class McpRemoteResults
{
    /// <summary>Succeeds unless the tool reported an error.</summary>
    /// <param name="result">The <c>CallToolResult</c> JSON.</param>
    /// <param name="tool">The tool's name.</param>
    /// <returns><see langword="true"/>.</returns>
    /// <exception cref="McpToolException">The result has <c>isError: true</c>.</exception>
    public static bool ToolSucceeded(ReadOnlySpan<byte> result, string tool)
    {
        McpToolResultJson.Read(result).ThrowIfError(tool);
        return true;
    }

    /// <summary>The text of the tool's text content blocks (joined with new lines; empty when it has none).</summary>
    /// <param name="result">The <c>CallToolResult</c> JSON.</param>
    /// <param name="tool">The tool's name.</param>
    /// <returns>The text.</returns>
    /// <exception cref="McpToolException">The result has <c>isError: true</c>.</exception>
    public static string ToolText(ReadOnlySpan<byte> result, string tool)
    {
        var view = McpToolResultJson.Read(result);
        view.ThrowIfError(tool);
        return view.Text ?? string.Empty;
    }

    /// <summary>The whole result, <c>isError</c> included (nothing is thrown for it).</summary>
    /// <param name="result">The <c>CallToolResult</c> JSON.</param>
    /// <param name="tool">The tool's name.</param>
    /// <returns>The result.</returns>
    public static CallToolResult ToolResult(ReadOnlySpan<byte> result, string tool) =>
        Deserialize(result, ClientJson.CallToolResult, "tool '" + tool + "'");

    /// <summary>
    /// A reader at the first token of the tool's value: its <c>structuredContent</c> (the member of a
    /// <c>{"result": …}</c> wrapper when <paramref name="unwrapResult"/>), else its text, read as JSON when it is JSON
    /// and as a JSON string otherwise.
    /// </summary>
    /// <param name="result">The <c>CallToolResult</c> JSON.</param>
    /// <param name="tool">The tool's name.</param>
    /// <param name="unwrapResult">Whether the expected value is not an object, so servers wrap it in <c>{"result": …}</c>.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="McpToolException">The result has <c>isError: true</c>.</exception>
    /// <exception cref="McpClientException">The result has neither structured content nor text.</exception>
    public static Utf8JsonReader ToolValue(ReadOnlySpan<byte> result, string tool, bool unwrapResult)
    {
        var view = McpToolResultJson.Read(result);
        view.ThrowIfError(tool);
        ReadOnlySpan<byte> json = view.StructuredContent;
        if (json.IsEmpty)
        {
            json = JsonOfText(view.Text, "tool '" + tool + "'");
        }
        else if (unwrapResult && TryUnwrap(json, out var inner))
        {
            json = inner;
        }

        return At(json);
    }

    /// <summary>Succeeds when the resource was read.</summary>
    /// <param name="result">The <c>ReadResourceResult</c> JSON.</param>
    /// <param name="uri">The URI read.</param>
    /// <returns><see langword="true"/>.</returns>
    public static bool ResourceSucceeded(ReadOnlySpan<byte> result, string uri) => true;

    /// <summary>The text of the first contents item (a blob is decoded as UTF-8).</summary>
    /// <param name="result">The <c>ReadResourceResult</c> JSON.</param>
    /// <param name="uri">The URI read.</param>
    /// <returns>The text.</returns>
    public static string ResourceText(ReadOnlySpan<byte> result, string uri)
    {
        var (text, blob) = FirstContents(result, uri);
        return text ?? Encoding.UTF8.GetString(blob!);
    }

    /// <summary>The bytes of the first contents item (a text is encoded as UTF-8).</summary>
    /// <param name="result">The <c>ReadResourceResult</c> JSON.</param>
    /// <param name="uri">The URI read.</param>
    /// <returns>The bytes.</returns>
    public static byte[] ResourceBytes(ReadOnlySpan<byte> result, string uri)
    {
        var (text, blob) = FirstContents(result, uri);
        return blob ?? Encoding.UTF8.GetBytes(text!);
    }

    /// <summary>A reader at the first token of the first contents item's text, read as JSON.</summary>
    /// <param name="result">The <c>ReadResourceResult</c> JSON.</param>
    /// <param name="uri">The URI read.</param>
    /// <returns>The reader.</returns>
    public static Utf8JsonReader ResourceValue(ReadOnlySpan<byte> result, string uri) =>
        At(JsonOfText(ResourceText(result, uri), "resource '" + uri + "'"));

    /// <summary>The whole result.</summary>
    /// <param name="result">The <c>ReadResourceResult</c> JSON.</param>
    /// <param name="uri">The URI read.</param>
    /// <returns>The result.</returns>
    public static ReadResourceResult ResourceResult(ReadOnlySpan<byte> result, string uri) =>
        Deserialize(result, ClientJson.ReadResourceResult, "resource '" + uri + "'");

    /// <summary>The text of the prompt's messages, joined with new lines.</summary>
    /// <param name="result">The <c>GetPromptResult</c> JSON.</param>
    /// <param name="prompt">The prompt's name.</param>
    /// <returns>The text.</returns>
    public static string PromptText(ReadOnlySpan<byte> result, string prompt)
    {
        var messages = PromptResult(result, prompt).Messages;
        var text = new StringBuilder();
        foreach (var message in messages)
        {
            if (message.Content is TextContentBlock block)
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.Append(block.Text);
            }
        }

        return text.ToString();
    }

    /// <summary>The whole result.</summary>
    /// <param name="result">The <c>GetPromptResult</c> JSON.</param>
    /// <param name="prompt">The prompt's name.</param>
    /// <returns>The result.</returns>
    public static GetPromptResult PromptResult(ReadOnlySpan<byte> result, string prompt) =>
        Deserialize(result, ClientJson.GetPromptResult, "prompt '" + prompt + "'");

    /// <summary>Succeeds when the prompt was got.</summary>
    /// <param name="result">The <c>GetPromptResult</c> JSON.</param>
    /// <param name="prompt">The prompt's name.</param>
    /// <returns><see langword="true"/>.</returns>
    public static bool PromptSucceeded(ReadOnlySpan<byte> result, string prompt) => true;

    /// <summary>The exception for an answer that does not fit the declared type.</summary>
    /// <param name="what">What was called, e.g. <c>tool 'search'</c>.</param>
    /// <param name="typeName">The declared type.</param>
    /// <param name="inner">What the reader found wrong.</param>
    /// <returns>The exception to throw.</returns>
    public static McpClientException Mismatch(string what, string typeName, Exception inner) =>
        new($"The answer of {what} does not fit {typeName}: {inner.Message}", inner);

    /// <summary>RFC 6570 reserved expansion (<c>{+var}</c>): percent-encodes all but unreserved and reserved characters.</summary>
    /// <param name="value">The variable's value.</param>
    /// <returns>The expanded text.</returns>
    public static string ReservedExpansion(string value)
    {
        const string Allowed = "-._~:/?#[]@!$&'()*+,;=%";
        var text = new StringBuilder(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsAsciiLetterOrDigit(c) || Allowed.Contains(c))
            {
                text.Append(c);
                continue;
            }

            int length = char.IsSurrogatePair(value, i)
                ? Encoding.UTF8.GetBytes(value.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(value.AsSpan(i, 1), utf8);
            foreach (byte b in utf8[..length])
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.NumberFormatInfo.InvariantInfo));
            }
        }

        return text.ToString();
    }

    private static Utf8JsonReader At(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return reader;
    }

    /// <summary>The member of a <c>{"result": …}</c> object, when that is all the object has.</summary>
    private static bool TryUnwrap(ReadOnlySpan<byte> json, out ReadOnlySpan<byte> inner)
    {
        inner = default;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !reader.Read()
            || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("result"u8))
        {
            return false;
        }

        reader.Read();
        int start = (int)reader.TokenStartIndex;
        reader.Skip();
        int end = (int)reader.BytesConsumed;
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndObject)
        {
            return false;
        }

        inner = json[start..end];
        return true;
    }

    /// <summary>The text as JSON when it is one JSON value, else as a JSON string (a plain-text answer for a string-like type).</summary>
    private static byte[] JsonOfText(string? text, string what)
    {
        if (text is null)
        {
            throw new McpClientException($"The answer of {what} has neither structured content nor text to read a value from.");
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        if (IsOneJsonValue(utf8))
        {
            return utf8;
        }

        var buffer = new ArrayBufferWriter<byte>(utf8.Length + 8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(text);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool IsOneJsonValue(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static (string? Text, byte[]? Blob) FirstContents(ReadOnlySpan<byte> result, string uri)
    {
        var contents = ResourceResult(result, uri).Contents;
        foreach (var item in contents)
        {
            switch (item)
            {
                case TextResourceContents text:
                    return (text.Text, null);
                case BlobResourceContents blob:
                    return (null, blob.DecodedData.ToArray());
            }
        }

        throw new McpClientException($"The answer of resource '{uri}' has no contents.");
    }

    private static T Deserialize<T>(ReadOnlySpan<byte> result, JsonTypeInfo<T> typeInfo, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(result, typeInfo) ?? throw new McpClientException($"The answer of {what} is null.");
        }
        catch (JsonException e)
        {
            throw new McpClientException($"The answer of {what} is not a valid result: {e.Message}", e);
        }
    }
}
