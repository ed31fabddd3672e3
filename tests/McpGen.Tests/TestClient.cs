using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;

namespace McpGen.Tests;

/// <summary>Drives a <see cref="McpRequestProcessor"/> in memory: JSON text in, parsed JSON out.</summary>
internal sealed class TestClient : IMcpNotificationSink
{
    public const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private int _nextId;

    public TestClient(IServiceProvider? services = null, McpServerOptions? options = null)
        : this(TestServer.Definition, services, options)
    {
    }

    public TestClient(McpServerDefinition definition, IServiceProvider? services = null, McpServerOptions? options = null)
    {
        Processor = new McpRequestProcessor(definition, services, options);
        Connection = new McpConnection(this);
    }

    private TestClient(McpRequestProcessor processor, System.Security.Claims.ClaimsPrincipal? user)
    {
        Processor = processor;
        Connection = new McpConnection(this) { User = user };
    }

    /// <summary>A client of the same server on a connection of its own, authenticated as <paramref name="user"/>.</summary>
    public TestClient As(System.Security.Claims.ClaimsPrincipal? user) => new(Processor, user);

    public McpRequestProcessor Processor { get; }

    public McpConnection Connection { get; }

    public ConcurrentQueue<JsonElement> Notifications { get; } = new();

    /// <summary>What the processor reported for the last message sent.</summary>
    public McpProcessResult LastResult { get; private set; }

    void IMcpNotificationSink.Send(ReadOnlySpan<byte> utf8Message) => Notifications.Enqueue(Parse(utf8Message.ToArray()));

    /// <summary>Sends raw JSON; returns the response, or null when none was sent.</summary>
    public Task<JsonElement?> SendRawAsync(string json, CancellationToken cancellationToken = default) =>
        SendRawAsync(Encoding.UTF8.GetBytes(json), cancellationToken);

    /// <summary>Sends raw bytes, which need not be valid UTF-8; returns the response, or null when none was sent.</summary>
    public async Task<JsonElement?> SendRawAsync(byte[] message, CancellationToken cancellationToken = default)
    {
        using var buffer = new PooledBufferWriter();
        var result = await Processor.ProcessAsync(message, buffer, Connection, cancellationToken);
        LastResult = result;
        if (result is McpProcessResult.NoResponse or McpProcessResult.Cancelled)
        {
            Assert.Equal(0, buffer.WrittenCount);
            return null;
        }

        return Parse(buffer.WrittenSpan.ToArray());
    }

    /// <summary>Sends a 2026-07-28 request and returns the whole response.</summary>
    public async Task<JsonElement> RequestAsync(string method, string? paramsWithoutMeta = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        string @params = paramsWithoutMeta is null ? "{" + Meta + "}" : "{" + paramsWithoutMeta + "," + Meta + "}";
        var response = await SendRawAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":{@params}}}");
        Assert.NotNull(response);
        Assert.Equal(id, response.Value.GetProperty("id").GetInt32());
        return response.Value;
    }

    /// <summary>Sends a 2026-07-28 request and returns its result (asserting it is not a JSON-RPC error).</summary>
    public async Task<JsonElement> ResultAsync(string method, string? paramsWithoutMeta = null)
    {
        var response = await RequestAsync(method, paramsWithoutMeta);
        Assert.False(response.TryGetProperty("error", out var error), "unexpected error: " + error);
        var result = response.GetProperty("result");
        Assert.Equal("complete", result.GetProperty("resultType").GetString());
        return result;
    }

    /// <summary>Sends a 2026-07-28 request expected to fail and returns its error object.</summary>
    public async Task<JsonElement> ErrorAsync(string method, string? paramsWithoutMeta = null)
    {
        var response = await RequestAsync(method, paramsWithoutMeta);
        Assert.False(response.TryGetProperty("result", out var result), "expected an error, got " + result);
        return response.GetProperty("error");
    }

    /// <summary>Reads a resource and returns its single contents item.</summary>
    public async Task<JsonElement> ReadSingleAsync(string uri)
    {
        var result = await ResultAsync("resources/read", "\"uri\":\"" + JsonEncodedText.Encode(uri) + "\"");
        var contents = result.GetProperty("contents");
        Assert.Equal(1, contents.GetArrayLength());
        return contents[0];
    }

    /// <summary>Calls a tool and returns the result object (asserting it is not a JSON-RPC error).</summary>
    public async Task<JsonElement> CallAsync(string tool, string? argumentsJson = "{}")
    {
        string arguments = argumentsJson is null ? string.Empty : ",\"arguments\":" + argumentsJson;
        var response = await RequestAsync("tools/call", $"\"name\":\"{tool}\"{arguments}");
        Assert.False(response.TryGetProperty("error", out var error), "unexpected error: " + error);
        return response.GetProperty("result");
    }

    /// <summary>Calls a tool expected to succeed and returns its single text block.</summary>
    public async Task<string> CallTextAsync(string tool, string? argumentsJson = "{}")
    {
        var result = await CallAsync(tool, argumentsJson);
        Assert.False(result.TryGetProperty("isError", out _), "unexpected tool error: " + result);
        return SingleText(result);
    }

    /// <summary>Calls a tool expected to fail and returns the error text.</summary>
    public async Task<string> CallErrorAsync(string tool, string? argumentsJson = "{}")
    {
        var result = await CallAsync(tool, argumentsJson);
        Assert.True(result.GetProperty("isError").GetBoolean(), "expected isError: " + result);
        return SingleText(result);
    }

    public static string SingleText(JsonElement result)
    {
        var content = result.GetProperty("content");
        Assert.Equal(1, content.GetArrayLength());
        Assert.Equal("text", content[0].GetProperty("type").GetString());
        return content[0].GetProperty("text").GetString()!;
    }

    public static JsonElement Parse(byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        return document.RootElement.Clone();
    }

    public static JsonElement Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    public static void AssertJsonEqual(string expected, JsonElement actual) =>
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(expected), System.Text.Json.Nodes.JsonNode.Parse(actual.GetRawText())),
            $"Expected {expected}{Environment.NewLine}but got  {actual.GetRawText()}");

    public static IEnumerable<string> Names(JsonElement array)
    {
        foreach (var item in array.EnumerateArray())
        {
            yield return item.GetProperty("name").GetString()!;
        }
    }
}
