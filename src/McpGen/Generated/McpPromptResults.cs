using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;
using McpGen.Internal;
using ModelContextProtocol.Protocol;

namespace McpGen.Generated;

/// <summary>Writes the members of a <c>prompts/get</c> result for generated prompt handlers.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class McpPromptResults
{
    /// <summary>One user message with one text block.</summary>
    public static void WriteText(McpPromptGet get, string? text)
    {
        var w = Start(get, get.Prompt.Description);
        if (text is not null)
        {
            w.WriteStartObject();
            w.WriteString("role"u8, "user"u8);
            w.WriteStartObject("content"u8);
            w.WriteString("type"u8, "text"u8);
            w.WriteString("text"u8, text);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>One message.</summary>
    public static void WriteMessage(McpPromptGet get, PromptMessage? message)
    {
        var w = Start(get, get.Prompt.Description);
        if (message is not null)
        {
            SdkTypesJson.WritePromptMessage(w, message);
        }

        w.WriteEndArray();
    }

    /// <summary>Several messages.</summary>
    public static void WriteMessages(McpPromptGet get, IEnumerable<PromptMessage>? messages) =>
        WriteMessages(get, messages, get.Prompt.Description);

    /// <summary>One user message with one content block.</summary>
    public static void WriteContent(McpPromptGet get, ContentBlock? content)
    {
        var w = Start(get, get.Prompt.Description);
        if (content is not null)
        {
            WriteUserMessage(w, content);
        }

        w.WriteEndArray();
    }

    /// <summary>One user message per content block.</summary>
    public static void WriteContents(McpPromptGet get, IEnumerable<ContentBlock>? contents)
    {
        var w = Start(get, get.Prompt.Description);
        if (contents is not null)
        {
            foreach (var content in contents)
            {
                if (content is not null)
                {
                    WriteUserMessage(w, content);
                }
            }
        }

        w.WriteEndArray();
    }

    /// <summary>A whole result built by the prompt; its description, if set, replaces the prompt's.</summary>
    public static void WriteResult(McpPromptGet get, GetPromptResult? result) =>
        WriteMessages(get, result?.Messages, result?.Description ?? get.Prompt.Description);

    private static void WriteMessages(McpPromptGet get, IEnumerable<PromptMessage>? messages, string? description)
    {
        var w = Start(get, description);
        if (messages is not null)
        {
            foreach (var message in messages)
            {
                if (message is not null)
                {
                    SdkTypesJson.WritePromptMessage(w, message);
                }
            }
        }

        w.WriteEndArray();
    }

    private static void WriteUserMessage(Utf8JsonWriter w, ContentBlock content)
    {
        w.WriteStartObject();
        w.WriteString("role"u8, "user"u8);
        w.WritePropertyName("content"u8);
        SdkTypesJson.WriteContentBlock(w, content);
        w.WriteEndObject();
    }

    private static Utf8JsonWriter Start(McpPromptGet get, string? description)
    {
        var w = get.ResultWriter;
        if (description is not null)
        {
            w.WriteString("description"u8, description);
        }

        w.WriteStartArray("messages"u8);
        return w;
    }
}
