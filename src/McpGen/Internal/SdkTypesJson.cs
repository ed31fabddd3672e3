using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

// Sampling and roots (deprecated in 2026-07-28) stay readable and writable: the protocol still serves them in input rounds.
#pragma warning disable MCP9005

namespace McpGen.Internal;

/// <summary>
/// Reads and writes the official SDK's protocol types (content blocks, resource contents, resources, prompt messages,
/// client info and capabilities, sampling and roots) with McpGen's own reader and writer code, producing the same
/// JSON as the SDK's serializer.
/// </summary>
/// <remarks>
/// Why not <c>JsonSerializer</c> with the SDK's options: any use of its contracts (and its converters, which call its
/// source-generated context directly) keeps that whole context and its instantiations in a Native AOT binary, about
/// 3.8 MB of a 6.9 MB stdio server. Only the members the protocol defines are handled; a content block kind a later
/// SDK adds is refused with a clear message rather than written wrongly.
/// </remarks>
internal static class SdkTypesJson
{
    // ---- writing ----

    /// <summary>Writes one content block object.</summary>
    public static void WriteContentBlock(Utf8JsonWriter w, ContentBlock block)
    {
        w.WriteStartObject();
        w.WriteString("type"u8, block.Type);
        switch (block)
        {
            case TextContentBlock text:
                w.WriteString("text"u8, text.Text);
                break;
            case ImageContentBlock image:
                w.WriteString("data"u8, image.Data.Span);
                w.WriteString("mimeType"u8, image.MimeType);
                break;
            case AudioContentBlock audio:
                w.WriteString("data"u8, audio.Data.Span);
                w.WriteString("mimeType"u8, audio.MimeType);
                break;
            case EmbeddedResourceBlock embedded:
                w.WritePropertyName("resource"u8);
                WriteResourceContents(w, embedded.Resource);
                break;
            case ResourceLinkBlock link:
                w.WriteString("uri"u8, link.Uri);
                w.WriteString("name"u8, link.Name);
                WriteOptional(w, "title"u8, link.Title);
                WriteOptional(w, "description"u8, link.Description);
                WriteOptional(w, "mimeType"u8, link.MimeType);
                if (link.Size is { } size)
                {
                    w.WriteNumber("size"u8, size);
                }

                WriteIcons(w, link.Icons);
                break;
            case ToolUseContentBlock toolUse:
                w.WriteString("id"u8, toolUse.Id);
                w.WriteString("name"u8, toolUse.Name);
                w.WritePropertyName("input"u8);
                toolUse.Input.WriteTo(w);
                break;
            case ToolResultContentBlock toolResult:
                w.WriteString("toolUseId"u8, toolResult.ToolUseId);
                WriteContentArray(w, "content"u8, toolResult.Content);
                if (toolResult.StructuredContent is { } structured)
                {
                    w.WritePropertyName("structuredContent"u8);
                    structured.WriteTo(w);
                }

                if (toolResult.IsError is { } isError)
                {
                    w.WriteBoolean("isError"u8, isError);
                }

                break;
            default:
                throw new NotSupportedException($"McpGen cannot write content blocks of type '{block.Type}' ({block.GetType().Name}).");
        }

        WriteAnnotations(w, block.Annotations);
        WriteMeta(w, block.Meta);
        w.WriteEndObject();
    }

    /// <summary>Writes one resource contents object (text or blob).</summary>
    public static void WriteResourceContents(Utf8JsonWriter w, ResourceContents contents)
    {
        w.WriteStartObject();
        w.WriteString("uri"u8, contents.Uri);
        WriteOptional(w, "mimeType"u8, contents.MimeType);
        switch (contents)
        {
            case TextResourceContents text:
                w.WriteString("text"u8, text.Text);
                break;
            case BlobResourceContents blob:
                w.WriteString("blob"u8, blob.Blob.Span);
                break;
            default:
                throw new NotSupportedException($"McpGen cannot write resource contents of type {contents.GetType().Name}.");
        }

        WriteMeta(w, contents.Meta);
        w.WriteEndObject();
    }

    /// <summary>Writes one <c>resources/list</c> entry.</summary>
    public static void WriteResource(Utf8JsonWriter w, Resource resource)
    {
        w.WriteStartObject();
        w.WriteString("name"u8, resource.Name);
        WriteOptional(w, "title"u8, resource.Title);
        w.WriteString("uri"u8, resource.Uri);
        WriteOptional(w, "description"u8, resource.Description);
        WriteOptional(w, "mimeType"u8, resource.MimeType);
        WriteAnnotations(w, resource.Annotations);
        if (resource.Size is { } size)
        {
            w.WriteNumber("size"u8, size);
        }

        WriteIcons(w, resource.Icons);
        WriteMeta(w, resource.Meta);
        w.WriteEndObject();
    }

    /// <summary>Writes one prompt message.</summary>
    public static void WritePromptMessage(Utf8JsonWriter w, PromptMessage message)
    {
        w.WriteStartObject();
        w.WritePropertyName("content"u8);
        WriteContentBlock(w, message.Content);
        WriteRole(w, "role"u8, message.Role);
        w.WriteEndObject();
    }

    /// <summary>Writes the params of a <c>sampling/createMessage</c> request.</summary>
    public static void WriteCreateMessageRequestParams(Utf8JsonWriter w, CreateMessageRequestParams request)
    {
        w.WriteStartObject();
        WriteMeta(w, request.Meta);
        if (request.IncludeContext is { } include)
        {
            w.WriteString("includeContext"u8, include switch
            {
                ContextInclusion.None => "none",
                ContextInclusion.ThisServer => "thisServer",
                ContextInclusion.AllServers => "allServers",
                _ => throw new NotSupportedException($"Unknown context inclusion {include}."),
            });
        }

        w.WriteNumber("maxTokens"u8, request.MaxTokens);
        if (request.Messages is { } messages)
        {
            w.WriteStartArray("messages"u8);
            foreach (var message in messages)
            {
                w.WriteStartObject();
                if (message.Content is [var single])
                {
                    // As the SDK writes it: one block as an object, which every revision accepts.
                    w.WritePropertyName("content"u8);
                    WriteContentBlock(w, single);
                }
                else
                {
                    WriteContentArray(w, "content"u8, message.Content);
                }

                WriteRole(w, "role"u8, message.Role);
                WriteMeta(w, message.Meta);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (request.Metadata is { } metadata)
        {
            w.WritePropertyName("metadata"u8);
            metadata.WriteTo(w);
        }

        if (request.ModelPreferences is { } preferences)
        {
            w.WriteStartObject("modelPreferences"u8);
            WriteOptional(w, "costPriority"u8, preferences.CostPriority);
            if (preferences.Hints is { } hints)
            {
                w.WriteStartArray("hints"u8);
                foreach (var hint in hints)
                {
                    w.WriteStartObject();
                    WriteOptional(w, "name"u8, hint.Name);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            WriteOptional(w, "speedPriority"u8, preferences.SpeedPriority);
            WriteOptional(w, "intelligencePriority"u8, preferences.IntelligencePriority);
            w.WriteEndObject();
        }

        WriteStrings(w, "stopSequences"u8, request.StopSequences);
        WriteOptional(w, "systemPrompt"u8, request.SystemPrompt);
        WriteOptional(w, "temperature"u8, request.Temperature);
        if (request.Tools is { } tools)
        {
            w.WriteStartArray("tools"u8);
            foreach (var tool in tools)
            {
                WriteTool(w, tool);
            }

            w.WriteEndArray();
        }

        if (request.ToolChoice is { } choice)
        {
            w.WriteStartObject("toolChoice"u8);
            WriteOptional(w, "mode"u8, choice.Mode);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteTool(Utf8JsonWriter w, Tool tool)
    {
        w.WriteStartObject();
        w.WriteString("name"u8, tool.Name);
        WriteOptional(w, "title"u8, tool.Title);
        WriteOptional(w, "description"u8, tool.Description);
        w.WritePropertyName("inputSchema"u8);
        tool.InputSchema.WriteTo(w);
        if (tool.OutputSchema is { } output)
        {
            w.WritePropertyName("outputSchema"u8);
            output.WriteTo(w);
        }

        if (tool.Annotations is { } annotations)
        {
            w.WriteStartObject("annotations"u8);
            WriteOptional(w, "title"u8, annotations.Title);
            WriteOptional(w, "destructiveHint"u8, annotations.DestructiveHint);
            WriteOptional(w, "idempotentHint"u8, annotations.IdempotentHint);
            WriteOptional(w, "openWorldHint"u8, annotations.OpenWorldHint);
            WriteOptional(w, "readOnlyHint"u8, annotations.ReadOnlyHint);
            w.WriteEndObject();
        }

        WriteIcons(w, tool.Icons);
        WriteMeta(w, tool.Meta);
        w.WriteEndObject();
    }

    private static void WriteContentArray(Utf8JsonWriter w, ReadOnlySpan<byte> name, IList<ContentBlock>? blocks)
    {
        w.WriteStartArray(name);
        if (blocks is not null)
        {
            foreach (var block in blocks)
            {
                WriteContentBlock(w, block);
            }
        }

        w.WriteEndArray();
    }

    private static void WriteAnnotations(Utf8JsonWriter w, Annotations? annotations)
    {
        if (annotations is null)
        {
            return;
        }

        w.WriteStartObject("annotations"u8);
        if (annotations.Audience is { } audience)
        {
            w.WriteStartArray("audience"u8);
            foreach (var role in audience)
            {
                w.WriteStringValue(RoleName(role));
            }

            w.WriteEndArray();
        }

        WriteOptional(w, "priority"u8, annotations.Priority);
        if (annotations.LastModified is { } lastModified)
        {
            w.WriteString("lastModified"u8, lastModified);
        }

        w.WriteEndObject();
    }

    private static void WriteIcons(Utf8JsonWriter w, IList<Icon>? icons)
    {
        if (icons is null)
        {
            return;
        }

        w.WriteStartArray("icons"u8);
        foreach (var icon in icons)
        {
            w.WriteStartObject();
            w.WriteString("src"u8, icon.Source);
            WriteOptional(w, "mimeType"u8, icon.MimeType);
            WriteStrings(w, "sizes"u8, icon.Sizes);
            WriteOptional(w, "theme"u8, icon.Theme);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteMeta(Utf8JsonWriter w, JsonObject? meta)
    {
        if (meta is not null)
        {
            w.WritePropertyName("_meta"u8);
            meta.WriteTo(w);
        }
    }

    private static void WriteRole(Utf8JsonWriter w, ReadOnlySpan<byte> name, Role role) => w.WriteString(name, RoleName(role));

    private static string RoleName(Role role) => role switch
    {
        Role.User => "user",
        Role.Assistant => "assistant",
        _ => throw new NotSupportedException($"Unknown role {role}."),
    };

    private static void WriteStrings(Utf8JsonWriter w, ReadOnlySpan<byte> name, IList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, ReadOnlySpan<byte> name, float? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, ReadOnlySpan<byte> name, bool? value)
    {
        if (value is { } v)
        {
            w.WriteBoolean(name, v);
        }
    }

    // ---- reading ----
    // Unknown members are skipped, as the SDK's serializer does; a wrong JSON type or a missing required member throws
    // a JsonException naming it, which callers turn into the protocol error for their request.

    /// <summary>Reads an <c>Implementation</c> (client info); missing required members read as empty strings.</summary>
    public static Implementation? ReadImplementation(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? name = null, title = null, version = null, description = null, websiteUrl = null;
        List<Icon>? icons = null;
        while (NextMember(ref reader) is { } member)
        {
            switch (member)
            {
                case "name": name = ReadString(ref reader, member); break;
                case "title": title = ReadString(ref reader, member); break;
                case "version": version = ReadString(ref reader, member); break;
                case "description": description = ReadString(ref reader, member); break;
                case "websiteUrl": websiteUrl = ReadString(ref reader, member); break;
                case "icons": icons = ReadIcons(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        return new Implementation
        {
            Name = name ?? "",
            Title = title,
            Version = version ?? "",
            Description = description,
            WebsiteUrl = websiteUrl,
            Icons = icons,
        };
    }

    /// <summary>Reads the capabilities a client declared.</summary>
    public static ClientCapabilities ReadClientCapabilities(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var capabilities = new ClientCapabilities();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return capabilities;
        }

        while (NextMember(ref reader) is { } member)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            switch (member)
            {
                case "experimental":
                    capabilities.Experimental = ReadObjectDictionary(ref reader, member);
                    break;
                case "extensions":
                    capabilities.Extensions = ReadObjectDictionary(ref reader, member);
                    break;
                case "roots":
                    var roots = new RootsCapability();
                    foreach (var (name, value) in ReadObjectMembers(ref reader, member))
                    {
                        if (name == "listChanged" && value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                        {
                            roots.ListChanged = value.GetBoolean();
                        }
                    }

                    capabilities.Roots = roots;
                    break;
                case "sampling":
                    var (context, tools) = ReadSubCapabilities(ref reader, member, "context", "tools");
                    capabilities.Sampling = new() { Context = context ? new() : null, Tools = tools ? new() : null };
                    break;
                case "elicitation":
                    var (form, url) = ReadSubCapabilities(ref reader, member, "form", "url");

                    // An empty elicitation capability (revisions before form and URL modes) means forms.
                    capabilities.Elicitation = new() { Form = form || !url ? new() : null, Url = url ? new() : null };
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return capabilities;
    }

    /// <summary>Reads a client's answer to <c>sampling/createMessage</c>.</summary>
    public static CreateMessageResult ReadCreateMessageResult(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        ExpectObject(ref reader, "the result");
        List<ContentBlock>? content = null;
        string? model = null, stopReason = null, resultType = null;
        Role role = Role.Assistant;
        JsonObject? meta = null;
        while (NextMember(ref reader) is { } member)
        {
            switch (member)
            {
                case "content":
                    content = [];
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            content.Add(ReadContentBlock(ref reader));
                        }
                    }
                    else
                    {
                        content.Add(ReadContentBlock(ref reader));
                    }

                    break;
                case "model": model = ReadString(ref reader, member); break;
                case "stopReason": stopReason = ReadString(ref reader, member); break;
                case "role": role = ReadRole(ref reader, member); break;
                case "resultType": resultType = ReadString(ref reader, member); break;
                case "_meta": meta = ReadMeta(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        return new CreateMessageResult
        {
            Content = content ?? throw Missing("content"),
            Model = model ?? throw Missing("model"),
            StopReason = stopReason,
            Role = role,
            ResultType = resultType,
            Meta = meta,
        };
    }

    /// <summary>Reads a client's answer to <c>roots/list</c>.</summary>
    public static ListRootsResult ReadListRootsResult(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        ExpectObject(ref reader, "the result");
        List<Root>? roots = null;
        JsonObject? meta = null;
        string? resultType = null;
        while (NextMember(ref reader) is { } member)
        {
            switch (member)
            {
                case "roots":
                    Expect(ref reader, JsonTokenType.StartArray, member);
                    roots = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        Expect(ref reader, JsonTokenType.StartObject, "a root");
                        string? uri = null, name = null;
                        JsonObject? rootMeta = null;
                        while (NextMember(ref reader) is { } rootMember)
                        {
                            switch (rootMember)
                            {
                                case "uri": uri = ReadString(ref reader, rootMember); break;
                                case "name": name = ReadString(ref reader, rootMember); break;
                                case "_meta": rootMeta = ReadMeta(ref reader); break;
                                default: reader.Skip(); break;
                            }
                        }

                        roots.Add(new Root { Uri = uri ?? throw Missing("uri"), Name = name, Meta = rootMeta });
                    }

                    break;
                case "resultType": resultType = ReadString(ref reader, member); break;
                case "_meta": meta = ReadMeta(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        return new ListRootsResult { Roots = roots ?? throw Missing("roots"), Meta = meta, ResultType = resultType };
    }

    /// <summary>Reads one content block object; the reader is on its start.</summary>
    public static ContentBlock ReadContentBlock(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "a content block");
        string? type = null, text = null, data = null, mimeType = null, uri = null, name = null, title = null;
        string? description = null, id = null, toolUseId = null;
        long? size = null;
        bool? isError = null;
        ResourceContents? resource = null;
        Annotations? annotations = null;
        JsonObject? meta = null;
        JsonElement? input = null, structured = null;
        List<ContentBlock>? content = null;
        List<Icon>? icons = null;
        while (NextMember(ref reader) is { } member)
        {
            switch (member)
            {
                case "type": type = ReadString(ref reader, member); break;
                case "text": text = ReadString(ref reader, member); break;
                case "data": data = ReadString(ref reader, member); break;
                case "mimeType": mimeType = ReadString(ref reader, member); break;
                case "uri": uri = ReadString(ref reader, member); break;
                case "name": name = ReadString(ref reader, member); break;
                case "title": title = ReadString(ref reader, member); break;
                case "description": description = ReadString(ref reader, member); break;
                case "id": id = ReadString(ref reader, member); break;
                case "toolUseId": toolUseId = ReadString(ref reader, member); break;
                case "size":
                    Expect(ref reader, JsonTokenType.Number, member);
                    size = reader.GetInt64();
                    break;
                case "isError":
                    isError = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        _ => throw WrongType(member, "a boolean"),
                    };
                    break;
                case "resource": resource = ReadResourceContents(ref reader); break;
                case "annotations": annotations = ReadAnnotations(ref reader); break;
                case "_meta": meta = ReadMeta(ref reader); break;
                case "icons": icons = ReadIcons(ref reader); break;
                case "input": input = JsonElement.ParseValue(ref reader); break;
                case "structuredContent": structured = JsonElement.ParseValue(ref reader); break;
                case "content":
                    Expect(ref reader, JsonTokenType.StartArray, member);
                    content = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        content.Add(ReadContentBlock(ref reader));
                    }

                    break;
                default: reader.Skip(); break;
            }
        }

        ContentBlock block = type switch
        {
            "text" => new TextContentBlock { Text = text ?? throw Missing("text") },
            "image" => new ImageContentBlock { Data = Utf8(data ?? throw Missing("data")), MimeType = mimeType ?? throw Missing("mimeType") },
            "audio" => new AudioContentBlock { Data = Utf8(data ?? throw Missing("data")), MimeType = mimeType ?? throw Missing("mimeType") },
            "resource" => new EmbeddedResourceBlock { Resource = resource ?? throw Missing("resource") },
            "resource_link" => new ResourceLinkBlock
            {
                Uri = uri ?? throw Missing("uri"),
                Name = name ?? throw Missing("name"),
                Title = title,
                Description = description,
                MimeType = mimeType,
                Size = size,
                Icons = icons,
            },
            "tool_use" => new ToolUseContentBlock { Id = id ?? throw Missing("id"), Name = name ?? throw Missing("name"), Input = input ?? throw Missing("input") },
            "tool_result" => new ToolResultContentBlock
            {
                ToolUseId = toolUseId ?? throw Missing("toolUseId"),
                Content = content ?? throw Missing("content"),
                StructuredContent = structured,
                IsError = isError,
            },
            null => throw Missing("type"),
            _ => throw new JsonException($"unknown content type '{type}'"),
        };
        block.Annotations = annotations;
        block.Meta = meta;
        return block;
    }

    private static ResourceContents ReadResourceContents(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "resource");
        string? uri = null, mimeType = null, text = null, blob = null;
        JsonObject? meta = null;
        while (NextMember(ref reader) is { } member)
        {
            switch (member)
            {
                case "uri": uri = ReadString(ref reader, member); break;
                case "mimeType": mimeType = ReadString(ref reader, member); break;
                case "text": text = ReadString(ref reader, member); break;
                case "blob": blob = ReadString(ref reader, member); break;
                case "_meta": meta = ReadMeta(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        string resourceUri = uri ?? throw Missing("uri");
        return blob is not null
            ? new BlobResourceContents { Uri = resourceUri, MimeType = mimeType, Blob = Utf8(blob), Meta = meta }
            : new TextResourceContents { Uri = resourceUri, MimeType = mimeType, Text = text ?? throw Missing("text or blob"), Meta = meta };
    }

    private static Annotations ReadAnnotations(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "annotations");
        var annotations = new Annotations();
        while (NextMember(ref reader) is { } member)
        {
            switch (member)
            {
                case "audience":
                    Expect(ref reader, JsonTokenType.StartArray, member);
                    var audience = new List<Role>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        audience.Add(ReadRole(ref reader, member));
                    }

                    annotations.Audience = audience;
                    break;
                case "priority":
                    Expect(ref reader, JsonTokenType.Number, member);
                    annotations.Priority = reader.GetSingle();
                    break;
                case "lastModified":
                    Expect(ref reader, JsonTokenType.String, member);
                    annotations.LastModified = reader.TryGetDateTimeOffset(out var at) ? at : throw WrongType(member, "an ISO 8601 date");
                    break;
                default: reader.Skip(); break;
            }
        }

        return annotations;
    }

    private static List<Icon> ReadIcons(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray, "icons");
        var icons = new List<Icon>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, "an icon");
            string? source = null, mimeType = null, theme = null;
            List<string>? sizes = null;
            while (NextMember(ref reader) is { } member)
            {
                switch (member)
                {
                    case "src": source = ReadString(ref reader, member); break;
                    case "mimeType": mimeType = ReadString(ref reader, member); break;
                    case "theme": theme = ReadString(ref reader, member); break;
                    case "sizes":
                        Expect(ref reader, JsonTokenType.StartArray, member);
                        sizes = [];
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            sizes.Add(ReadString(ref reader, member) ?? "");
                        }

                        break;
                    default: reader.Skip(); break;
                }
            }

            icons.Add(new Icon { Source = source ?? throw Missing("src"), MimeType = mimeType, Sizes = sizes, Theme = theme });
        }

        return icons;
    }

    private static Role ReadRole(ref Utf8JsonReader reader, string member) =>
        reader.TokenType != JsonTokenType.String ? throw WrongType(member, "\"user\" or \"assistant\"")
        : reader.ValueTextEquals("user"u8) ? Role.User
        : reader.ValueTextEquals("assistant"u8) ? Role.Assistant
        : throw WrongType(member, "\"user\" or \"assistant\"");

    private static JsonObject? ReadMeta(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null
        : reader.TokenType == JsonTokenType.StartObject ? (JsonObject)JsonNode.Parse(ref reader)!
        : throw WrongType("_meta", "an object");

    private static Dictionary<string, object> ReadObjectDictionary(ref Utf8JsonReader reader, string member)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, value) in ReadObjectMembers(ref reader, member))
        {
            values[name] = value;
        }

        return values;
    }

    private static List<(string Name, JsonElement Value)> ReadObjectMembers(ref Utf8JsonReader reader, string member)
    {
        Expect(ref reader, JsonTokenType.StartObject, member);
        var members = new List<(string, JsonElement)>();
        while (NextMember(ref reader) is { } name)
        {
            members.Add((name, JsonElement.ParseValue(ref reader)));
        }

        return members;
    }

    /// <summary>Which of two sub-capabilities (members whose value is an object) a capability object declares.</summary>
    private static (bool First, bool Second) ReadSubCapabilities(ref Utf8JsonReader reader, string member, string first, string second)
    {
        bool hasFirst = false, hasSecond = false;
        foreach (var (name, value) in ReadObjectMembers(ref reader, member))
        {
            if (value.ValueKind == JsonValueKind.Object)
            {
                hasFirst |= name == first;
                hasSecond |= name == second;
            }
        }

        return (hasFirst, hasSecond);
    }

    /// <summary>Moves to the next member's value and returns its name, or <see langword="null"/> at the object's end.</summary>
    private static string? NextMember(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndObject)
        {
            return null;
        }

        string name = reader.GetString()!;
        reader.Read();
        return name;
    }

    private static string? ReadString(ref Utf8JsonReader reader, string member) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw WrongType(member, "a string"),
    };

    private static void ExpectObject(ref Utf8JsonReader reader, string what)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.StartObject, what);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string what)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"'{what}' must be {token switch
            {
                JsonTokenType.StartObject => "an object",
                JsonTokenType.StartArray => "an array",
                JsonTokenType.Number => "a number",
                _ => "a string",
            }}, not {reader.TokenType}");
        }
    }

    private static ReadOnlyMemory<byte> Utf8(string value) => Encoding.UTF8.GetBytes(value);

    private static JsonException Missing(string member) => new($"required member '{member}' is missing");

    private static JsonException WrongType(string member, string expected) => new($"'{member}' must be {expected}");
}
