using System.Net.Http;
using System.Text;
using System.Text.Json;
using McpGen.Client.Internal;
using Xunit;

namespace McpGen.Client.Tests;

/// <summary>SEP-2243: x-mcp-header annotations become Mcp-Param-* headers; invalid annotations exclude the tool.</summary>
public sealed class ToolHeaderTests
{
    [Fact]
    public void Annotated_arguments_are_mirrored_with_encoding_and_null_ones_omitted()
    {
        using var schema = JsonDocument.Parse("""
            {"type":"object","properties":{
              "region":{"type":"string","x-mcp-header":"Region"},
              "priority":{"type":"integer","x-mcp-header":"Priority"},
              "verbose":{"type":"boolean","x-mcp-header":"Verbose"},
              "greeting":{"type":"string","x-mcp-header":"Greeting"},
              "gone":{"type":["string","null"],"x-mcp-header":"Gone"},
              "query":{"type":"string"}}}
            """);
        Assert.True(ToolHeaderMap.TryRead(schema.RootElement, out var map, out _));

        using var request = new HttpRequestMessage();
        map!.AddHeaders(request.Headers, Encoding.UTF8.GetBytes("""
            {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"t","arguments":
              {"region":"us-west1","priority":42,"verbose":false,"greeting":" héllo","gone":null,"query":"q"}}}
            """));

        Assert.Equal("us-west1", Header(request, "Mcp-Param-Region"));
        Assert.Equal("42", Header(request, "Mcp-Param-Priority"));
        Assert.Equal("false", Header(request, "Mcp-Param-Verbose"));
        Assert.Equal("=?base64?IGjDqWxsbw==?=", Header(request, "Mcp-Param-Greeting"));
        Assert.False(request.Headers.Contains("Mcp-Param-Gone"));
        Assert.Equal(4, System.Linq.Enumerable.Count(request.Headers, h => h.Key.StartsWith("Mcp-Param-", System.StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("""{"value":{"type":"string","x-mcp-header":""}}""")]
    [InlineData("""{"value":{"type":"string","x-mcp-header":"My Region"}}""")]
    [InlineData("""{"value":{"type":"string","x-mcp-header":"Region:Primary"}}""")]
    [InlineData("""{"value":{"type":"string","x-mcp-header":"Région"}}""")]
    [InlineData("""{"value":{"type":"number","x-mcp-header":"Score"}}""")]
    [InlineData("""{"value":{"type":"object","x-mcp-header":"Data"}}""")]
    [InlineData("""{"value":{"type":"string","x-mcp-header":42}}""")]
    [InlineData("""{"a":{"type":"string","x-mcp-header":"MyField"},"b":{"type":"string","x-mcp-header":"myfield"}}""")]
    public void Invalid_annotations_reject_the_tool(string properties)
    {
        using var schema = JsonDocument.Parse("""{"type":"object","properties":""" + properties + "}");
        Assert.False(ToolHeaderMap.TryRead(schema.RootElement, out _, out string? error));
        Assert.NotNull(error);
    }

    private static string Header(HttpRequestMessage request, string name) =>
        string.Join(",", request.Headers.GetValues(name));
}
