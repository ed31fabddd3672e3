using System;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGen.ModelContextProtocol.Tests;

/// <summary>
/// The same tool class served by the official SDK's reflection path and through McpGen's bridge, both talked to by
/// the SDK's own client over an in-memory stream: what lists and calls return must agree, except where McpGen is
/// documented to do better (docs/migration.md).
/// </summary>
public sealed class BridgeTests
{
    [Fact]
    public async Task Tools_list_matches_the_reflection_path_apart_from_the_documented_schema_details()
    {
        await using var reflection = await SdkServer.StartAsync(b => b.WithTools<ParityTools>());
        await using var bridged = await SdkServer.StartAsync(b => b.WithMcpGen<ParityServer>());

        var expected = (await reflection.Client.ListToolsAsync()).ToDictionary(t => t.Name, t => t.ProtocolTool);
        var actual = (await bridged.Client.ListToolsAsync()).ToDictionary(t => t.Name, t => t.ProtocolTool);
        Assert.Equal(["add", "count", "echo", "price_order", "steps"], actual.Keys.Order());
        foreach (var (name, tool) in expected)
        {
            Assert.Equal(tool.Description, actual[name].Description);
            AssertAnnotationsEqual(tool.Annotations, actual[name].Annotations);
            AssertSameJson(name + " inputSchema", Normalize(tool.InputSchema), Normalize(actual[name].InputSchema));
            foreach (var property in tool.InputSchema.GetProperty("properties").EnumerateObject())
            {
                Assert.Equal(property.Value.GetProperty("description").GetString(),
                    actual[name].InputSchema.GetProperty("properties").GetProperty(property.Name).GetProperty("description").GetString());
            }
        }

        // McpGen also describes the members of records from their XML docs, which the reflection path leaves bare.
        var order = actual["price_order"].InputSchema.GetProperty("properties").GetProperty("order");
        Assert.Equal("Who orders.", order.GetProperty("properties").GetProperty("customer").GetProperty("description").GetString());

        // Structured output: both publish an outputSchema for the record result.
        Assert.NotNull(actual["price_order"].OutputSchema);
        Assert.Equal("object", actual["price_order"].OutputSchema!.Value.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("echo", """{"message":"héllo <world>"}""")]
    [InlineData("add", """{"a":2,"b":40}""")]
    [InlineData("price_order", """{"order":{"customer":"Ann","lines":[{"sku":"A","quantity":2},{"sku":"B","quantity":3}]}}""")]
    public async Task Tools_call_answers_like_the_reflection_path(string tool, string arguments)
    {
        await using var reflection = await SdkServer.StartAsync(b => b.WithTools<ParityTools>());
        await using var bridged = await SdkServer.StartAsync(b => b.WithMcpGen<ParityServer>());
        var args = JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments)!;

        var expected = await reflection.Client.CallToolAsync(tool, args);
        var actual = await bridged.Client.CallToolAsync(tool, args);
        Assert.Equal(expected.IsError ?? false, actual.IsError ?? false);
        Assert.Equal(Texts(expected), Texts(actual));
        AssertSameJson(tool + " structuredContent", expected.StructuredContent?.GetRawText(), actual.StructuredContent?.GetRawText());
    }

    [Fact]
    public async Task Instance_tools_get_their_services_from_the_application_container()
    {
        await using var bridged = await SdkServer.StartAsync(b => b.WithMcpGen<ParityServer>());
        Assert.Equal("call 1", Texts(await bridged.Client.CallToolAsync("count"))[0]);
        Assert.Equal("call 2", Texts(await bridged.Client.CallToolAsync("count"))[0]);
    }

    [Fact]
    public async Task Binding_errors_name_the_argument_where_the_reflection_path_says_an_error_occurred()
    {
        await using var reflection = await SdkServer.StartAsync(b => b.WithTools<ParityTools>());
        await using var bridged = await SdkServer.StartAsync(b => b.WithMcpGen<ParityServer>());
        var args = new Dictionary<string, object?> { ["a"] = "two", ["b"] = 3 };

        var expected = await reflection.Client.CallToolAsync("add", args);
        var actual = await bridged.Client.CallToolAsync("add", args);
        Assert.True(expected.IsError);
        Assert.True(actual.IsError);
        Assert.Equal("Invalid arguments for tool 'add': Argument 'a': expected an integer from -2147483648 to 2147483647, got a string (\"two\").", Texts(actual)[0]);
        Assert.DoesNotContain("'a'", Texts(expected)[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sdk_server_speaks_as_the_mcpgen_server_unless_named_otherwise()
    {
        await using var bridged = await SdkServer.StartAsync(b => b.WithMcpGen<ParityServer>());
        Assert.Equal(("parity", "1.0.0"), (bridged.Client.ServerInfo?.Name, bridged.Client.ServerInfo?.Version));

        await using var named = await SdkServer.StartAsync(b =>
        {
            b.Services.Configure<global::ModelContextProtocol.Server.McpServerOptions>(o => o.ServerInfo = new() { Name = "mine", Version = "9" });
            b.WithMcpGen<ParityServer>();
        });
        Assert.Equal("mine", named.Client.ServerInfo?.Name);
    }

    [Fact]
    public async Task Unknown_tools_are_refused_by_the_sdk_as_before()
    {
        await using var bridged = await SdkServer.StartAsync(b => b.WithMcpGen<ParityServer>());
        var ex = await Assert.ThrowsAsync<McpProtocolException>(() => bridged.Client.CallToolAsync("nope").AsTask());
        Assert.Contains("nope", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_reaches_the_sdk_client_before_the_result()
    {
        await using var bridged = await SdkServer.StartAsync(b => b.WithMcpGen<ParityServer>());
        var updates = new List<JsonNode?>();
        await using var handler = bridged.Client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            lock (updates)
            {
                updates.Add(notification.Params);
            }

            return ValueTask.CompletedTask;
        });

        var result = await bridged.Client.CallToolAsync("steps", progress: new Progress<ProgressNotificationValue>(_ => { }));
        Assert.Equal("stepped", Texts(result)[0]);
        for (int i = 0; i < 100 && updates.Count < 2; i++)
        {
            await Task.Delay(20);
        }

        lock (updates)
        {
            // The SDK client dispatches notifications concurrently, so their order on arrival is not the wire order.
            var received = updates.Select(u => (u!["progress"]!.GetValue<double>(), u["message"]!.GetValue<string>(), u["progressToken"]!.GetValue<string>())).OrderBy(u => u.Item1).ToList();
            Assert.Equal([(1.0, "half"), (2.0, "done")], received.Select(u => (u.Item1, u.Item2)));
            Assert.Single(received.Select(u => u.Item3).Distinct());
        }
    }

    [Fact]
    public async Task Resources_templates_and_prompts_are_served_through_the_sdk()
    {
        await using var bridged = await SdkServer.StartAsync(b => b.WithMcpGen<ParityServer>());

        var resources = await bridged.Client.ListResourcesAsync();
        var greeting = Assert.Single(resources);
        Assert.Equal(("parity://greeting", "text/plain"), (greeting.Uri, greeting.MimeType));
        var read = await bridged.Client.ReadResourceAsync("parity://greeting");
        Assert.Equal("hello", Assert.IsType<TextResourceContents>(Assert.Single(read.Contents)).Text);

        var template = Assert.Single(await bridged.Client.ListResourceTemplatesAsync());
        Assert.Equal("parity://items/{id}", template.UriTemplate);
        var item = await bridged.Client.ReadResourceAsync("parity://items/21");
        Assert.Equal("item 42", Assert.IsType<TextResourceContents>(Assert.Single(item.Contents)).Text);

        var prompt = Assert.Single(await bridged.Client.ListPromptsAsync());
        Assert.Equal("review", prompt.Name);
        Assert.Equal("code", Assert.Single(prompt.ProtocolPrompt.Arguments!).Name);
        var got = await bridged.Client.GetPromptAsync("review", new Dictionary<string, object?> { ["code"] = "x++" });
        Assert.Equal("Please review: x++", Assert.IsType<TextContentBlock>(Assert.Single(got.Messages).Content).Text);
    }

    [Fact]
    public async Task A_missing_resource_is_the_sdk_error_for_it()
    {
        await using var bridged = await SdkServer.StartAsync(b => b.WithMcpGen<ParityServer>());
        var ex = await Assert.ThrowsAsync<McpProtocolException>(() => bridged.Client.ReadResourceAsync("parity://nothing").AsTask());
        Assert.Contains("parity://nothing", ex.Message, StringComparison.Ordinal);
    }

    private static List<string?> Texts(CallToolResult result) => result.Content.OfType<TextContentBlock>().Select(t => (string?)t.Text).ToList();

    private static void AssertAnnotationsEqual(ToolAnnotations? expected, ToolAnnotations? actual)
    {
        Assert.Equal(expected?.ReadOnlyHint, actual?.ReadOnlyHint);
        Assert.Equal(expected?.IdempotentHint, actual?.IdempotentHint);
        Assert.Equal(expected?.DestructiveHint ?? true, actual?.DestructiveHint ?? true);
        Assert.Equal(expected?.OpenWorldHint ?? true, actual?.OpenWorldHint ?? true);
    }

    /// <summary>
    /// The documented schema differences (docs/migration.md): McpGen writes integer ranges, <c>additionalProperties</c>
    /// and descriptions from XML docs where the reflection path has none. Descriptions are compared separately (for
    /// parameters) and the rest must match.
    /// </summary>
    private static string Normalize(JsonElement schema)
    {
        var node = JsonNode.Parse(schema.GetRawText())!;
        Strip(node);
        return node.ToJsonString();

        static void Strip(JsonNode? node)
        {
            if (node is JsonObject obj)
            {
                foreach (var key in new[] { "additionalProperties", "minimum", "maximum", "$schema", "description" })
                {
                    obj.Remove(key);
                }

                foreach (var (_, child) in obj.ToList())
                {
                    Strip(child);
                }
            }
            else if (node is JsonArray array)
            {
                foreach (var child in array)
                {
                    Strip(child);
                }
            }
        }
    }

    private static void AssertSameJson(string what, string? expected, string? actual)
    {
        var e = expected is null ? null : JsonNode.Parse(expected);
        var a = actual is null ? null : JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(e, a), $"{what}:\nreflection: {expected}\nbridge:     {actual}");
    }
}

/// <summary>An SDK server on an in-memory stream with the SDK's own client connected to it.</summary>
internal sealed class SdkServer : IAsyncDisposable
{
    private readonly IHost _host;

    private SdkServer(IHost host, McpClient client)
    {
        _host = host;
        Client = client;
    }

    public McpClient Client { get; }

    public static async Task<SdkServer> StartAsync(Action<IMcpServerBuilder> configure, string? protocolVersion = null)
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<CallCounter>();
        configure(builder.Services.AddMcpServer().WithStreamServerTransport(toServer.Reader.AsStream(), toClient.Writer.AsStream()));
        var host = builder.Build();
        await host.StartAsync();
        var client = await McpClient.CreateAsync(new StreamClientTransport(toServer.Writer.AsStream(), toClient.Reader.AsStream()), new McpClientOptions { ProtocolVersion = protocolVersion });
        return new SdkServer(host, client);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _host.StopAsync();
        _host.Dispose();
    }
}
