using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using McpGen.Internal;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

#pragma warning disable MCP9005 // sampling and roots types are part of what the codec must match

namespace McpGen.Tests;

/// <summary>
/// McpGen writes and reads the SDK's protocol types with its own code (to keep the SDK's serializer context out of
/// AOT binaries); these tests hold that code to the SDK's own serializer, member by member.
/// </summary>
public sealed class SdkTypesJsonTests
{
    private static readonly JsonSerializerOptions Sdk = McpJsonUtilities.DefaultOptions;

    private static readonly Annotations FullAnnotations = new()
    {
        Audience = [Role.User, Role.Assistant],
        Priority = 0.7f,
        LastModified = new DateTimeOffset(2026, 7, 28, 12, 30, 5, TimeSpan.FromHours(2)),
    };

    private static JsonObject Meta() => new() { ["com.example/trace"] = "abc", ["n"] = 3, ["nested"] = new JsonObject { ["ok"] = true } };

    private static List<Icon> Icons() =>
    [
        new() { Source = "https://example.com/icon.png", MimeType = "image/png", Sizes = ["16x16", "32x32"], Theme = "dark" },
        new() { Source = "data:image/svg+xml;base64,PHN2Zz4=" },
    ];

    private static ReadOnlyMemory<byte> Base64(string text) => Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));

    public static TheoryData<string, ContentBlock> ContentBlocks() => new()
    {
        { "text", new TextContentBlock { Text = "héllo <world> \"quoted\" \u2028" } },
        { "text with annotations and meta", new TextContentBlock { Text = "t", Annotations = FullAnnotations, Meta = Meta() } },
        { "text with partial annotations", new TextContentBlock { Text = "t", Annotations = new() { Priority = 1 } } },
        { "image", new ImageContentBlock { Data = Base64("png bytes ~~~>>>???"), MimeType = "image/png", Meta = Meta() } },
        { "audio", new AudioContentBlock { Data = Base64("wav"), MimeType = "audio/wav", Annotations = FullAnnotations } },
        { "embedded text", new EmbeddedResourceBlock { Resource = new TextResourceContents { Uri = "file:///a.txt", MimeType = "text/plain", Text = "a", Meta = Meta() } } },
        { "embedded blob", new EmbeddedResourceBlock { Resource = new BlobResourceContents { Uri = "file:///a.bin", Blob = Base64("\0\u0001binary") }, Meta = Meta() } },
        { "resource link, minimal", new ResourceLinkBlock { Uri = "items://1", Name = "one" } },
        {
            "resource link, full",
            new ResourceLinkBlock
            {
                Uri = "items://2", Name = "two", Title = "Two", Description = "The second", MimeType = "application/json", Size = 1234567890123,
                Icons = Icons(), Annotations = FullAnnotations, Meta = Meta(),
            }
        },
        { "tool use", new ToolUseContentBlock { Id = "call-1", Name = "get_weather", Input = JsonElement.Parse("""{"city":"Paris","days":[1,2]}""") } },
        {
            "tool result",
            new ToolResultContentBlock
            {
                ToolUseId = "call-1",
                Content = [new TextContentBlock { Text = "sunny" }, new ImageContentBlock { Data = Base64("x"), MimeType = "image/gif" }],
                StructuredContent = JsonElement.Parse("""{"temp":21.5}"""),
                IsError = false,
            }
        },
        { "tool result with one block", new ToolResultContentBlock { ToolUseId = "call-3", Content = [new TextContentBlock { Text = "one" }], IsError = true } },
        { "tool result, minimal", new ToolResultContentBlock { ToolUseId = "call-2", Content = [] } },
    };

    [Theory]
    [MemberData(nameof(ContentBlocks))]
    public void Writes_content_blocks_as_the_sdk_does(string kind, ContentBlock block)
    {
        AssertSameJson(kind, SdkWrite(block), Write(w => SdkTypesJson.WriteContentBlock(w, block)));
    }

    [Theory]
    [MemberData(nameof(ContentBlocks))]
    public void Reads_content_blocks_as_the_sdk_does(string kind, ContentBlock block)
    {
        byte[] json = Encoding.UTF8.GetBytes(SdkWrite(block));
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var ours = SdkTypesJson.ReadContentBlock(ref reader);
        Assert.Equal(block.GetType(), ours.GetType());
        AssertSameJson(kind, SdkWrite(SdkRead<ContentBlock>(json)), SdkWrite(ours));
    }

    [Fact]
    public void Writes_resources_and_prompt_messages_as_the_sdk_does()
    {
        var minimal = new Resource { Name = "a", Uri = "file:///a" };
        var full = new Resource
        {
            Name = "b", Title = "B", Uri = "file:///b", Description = "Bee", MimeType = "text/plain", Annotations = FullAnnotations,
            Size = 42, Icons = Icons(), Meta = Meta(),
        };
        foreach (var resource in new[] { minimal, full })
        {
            AssertSameJson(resource.Name, SdkWrite(resource), Write(w => SdkTypesJson.WriteResource(w, resource)));
        }

        foreach (var message in new[]
        {
            new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = "hi" } },
            new PromptMessage { Role = Role.Assistant, Content = new ResourceLinkBlock { Uri = "x://1", Name = "x" } },
        })
        {
            AssertSameJson(message.Role.ToString(), SdkWrite(message), Write(w => SdkTypesJson.WritePromptMessage(w, message)));
        }
    }

    [Fact]
    public void Writes_sampling_requests_as_the_sdk_does()
    {
        var minimal = new CreateMessageRequestParams
        {
            MaxTokens = 10,
            Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = "hi" }] }],
        };
        var full = new CreateMessageRequestParams
        {
            Meta = Meta(),
            IncludeContext = ContextInclusion.ThisServer,
            MaxTokens = 500,
            Messages =
            [
                new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = "weather?" }], Meta = Meta() },
                new SamplingMessage { Role = Role.Assistant, Content = [new ToolUseContentBlock { Id = "1", Name = "w", Input = JsonElement.Parse("{}") }] },
                new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = "a" }, new TextContentBlock { Text = "b" }] },
            ],
            Metadata = new JsonObject { ["k"] = "v" },
            ModelPreferences = new ModelPreferences { CostPriority = 0.2f, SpeedPriority = 0.5f, IntelligencePriority = 0.9f, Hints = [new ModelHint { Name = "claude" }, new ModelHint()] },
            StopSequences = ["END", "\n\n"],
            SystemPrompt = "Be brief.",
            Temperature = 0.3f,
            Tools =
            [
                new Tool
                {
                    Name = "w", Title = "Weather", Description = "Gets weather",
                    InputSchema = JsonElement.Parse("""{"type":"object","properties":{"city":{"type":"string"}}}"""),
                    OutputSchema = JsonElement.Parse("""{"type":"object"}"""),
                    Annotations = new ToolAnnotations { Title = "W", ReadOnlyHint = true, OpenWorldHint = false, DestructiveHint = false, IdempotentHint = true },
                    Icons = Icons(),
                    Meta = Meta(),
                },
            ],
            ToolChoice = new ToolChoice { Mode = "auto" },
        };
        foreach (var (name, request) in new[] { ("minimal", minimal), ("full", full) })
        {
            AssertSameJson(name, SdkWrite(request), Write(w => SdkTypesJson.WriteCreateMessageRequestParams(w, request)));
        }
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"roots":{"listChanged":true},"sampling":{},"elicitation":{}}""")]
    [InlineData("""{"roots":{},"sampling":{"context":{},"tools":{}},"elicitation":{"form":{},"url":{}}}""")]
    [InlineData("""{"elicitation":{"url":{}},"experimental":{"x":{"a":[1,2]},"y":true},"extensions":{"io.modelcontextprotocol/tasks":{}},"future":{"z":1}}""")]
    [InlineData("""{"elicitation":{"form":{}},"roots":{"listChanged":false},"unknown":[1,{"a":null}]}""")]
    public void Reads_client_capabilities_as_the_sdk_does(string json)
    {
        var ours = SdkTypesJson.ReadClientCapabilities(Encoding.UTF8.GetBytes(json));
        AssertSameJson(json, SdkWrite(SdkRead<ClientCapabilities>(json)), SdkWrite(ours));
    }

    [Theory]
    [InlineData("""{"name":"client","version":"1.0"}""")]
    [InlineData("""{"name":"client","title":"Client","version":"1.0","description":"d","websiteUrl":"https://example.com","icons":[{"src":"https://example.com/i.png","sizes":["any"]}],"other":1}""")]
    public void Reads_client_info_as_the_sdk_does(string json)
    {
        var ours = SdkTypesJson.ReadImplementation(Encoding.UTF8.GetBytes(json));
        AssertSameJson(json, SdkWrite(SdkRead<Implementation>(json)), SdkWrite(ours));
    }

    [Theory]
    [InlineData("""{"role":"assistant","content":{"type":"text","text":"Paris"},"model":"m-1","stopReason":"endTurn"}""")]
    [InlineData("""{"role":"assistant","content":[{"type":"text","text":"a"},{"type":"tool_use","id":"1","name":"w","input":{"c":1}}],"model":"m","_meta":{"k":1},"extra":true}""")]
    public void Reads_sampling_results_as_the_sdk_does(string json)
    {
        var ours = SdkTypesJson.ReadCreateMessageResult(Encoding.UTF8.GetBytes(json));
        AssertSameJson(json, SdkWrite(SdkRead<CreateMessageResult>(json)), SdkWrite(ours));
    }

    [Theory]
    [InlineData("""{"roots":[]}""")]
    [InlineData("""{"roots":[{"uri":"file:///home/a","name":"a","_meta":{"x":1}},{"uri":"file:///b"}],"_meta":{"y":2}}""")]
    public void Reads_roots_as_the_sdk_does(string json)
    {
        var ours = SdkTypesJson.ReadListRootsResult(Encoding.UTF8.GetBytes(json));
        AssertSameJson(json, SdkWrite(SdkRead<ListRootsResult>(json)), SdkWrite(ours));
    }

    [Theory]
    [InlineData("""{"role":"assistant","content":{"type":"text","text":"a"}}""", "model")]
    [InlineData("""{"role":"robot","content":{"type":"text","text":"a"},"model":"m"}""", "role")]
    [InlineData("""{"content":{"type":"video","data":"x"},"model":"m"}""", "video")]
    [InlineData("""{"content":{"type":"text"},"model":"m"}""", "text")]
    [InlineData("""{"content":{"type":"text","text":5},"model":"m"}""", "text")]
    [InlineData("""{"content":{"type":"image","data":"eA==","mimeType":"image/png","annotations":{"priority":"high"}},"model":"m"}""", "priority")]
    [InlineData("""{"content":[1],"model":"m"}""", "content block")]
    [InlineData("""[]""", "result")]
    public void Sampling_results_of_the_wrong_shape_name_what_is_wrong(string json, string named)
    {
        var ex = Assert.ThrowsAny<JsonException>(() => SdkTypesJson.ReadCreateMessageResult(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"roots":{}}""", "roots")]
    [InlineData("""{"roots":[{"name":"x"}]}""", "uri")]
    [InlineData("""{}""", "roots")]
    public void Roots_of_the_wrong_shape_name_what_is_wrong(string json, string named)
    {
        var ex = Assert.ThrowsAny<JsonException>(() => SdkTypesJson.ReadListRootsResult(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_info_that_is_not_an_object_reads_as_absent_and_missing_members_as_empty()
    {
        Assert.Null(SdkTypesJson.ReadImplementation("\"client\""u8));
        var info = SdkTypesJson.ReadImplementation("""{"title":"T"}"""u8);
        Assert.NotNull(info);
        Assert.Equal(("", "", "T"), (info.Name, info.Version, info.Title));
    }

    private static string SdkWrite<T>(T value) => JsonSerializer.Serialize(value, Info<T>());

    private static T? SdkRead<T>(string json) => JsonSerializer.Deserialize(json, Info<T>());

    private static T? SdkRead<T>(byte[] json) => JsonSerializer.Deserialize(json, Info<T>());

    private static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Sdk.GetTypeInfo(typeof(T));

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void AssertSameJson(string what, string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"{what}:\nSDK:    {expected}\nMcpGen: {actual}");
}
