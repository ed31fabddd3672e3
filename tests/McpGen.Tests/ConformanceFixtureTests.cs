using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using McpGen.Conformance;

namespace McpGen.Tests;

/// <summary>
/// The fixtures of samples/ConformanceServer produce exactly what the conformance suite's scenarios check
/// (../shared/spec/MCP-2026-SERVER-DIGEST.md §9.4). scripts/conformance.sh runs the suite itself against the sample over HTTP.
/// </summary>
public sealed class ConformanceFixtureTests
{
    private readonly TestClient _client = new(ConformanceServer.Definition);

    [Fact]
    public async Task Discover_declares_tools_resources_prompts_and_completions()
    {
        var result = await _client.ResultAsync("server/discover");
        TestClient.AssertJsonEqual("""{"tools":{"listChanged":true},"resources":{"subscribe":true,"listChanged":true},"prompts":{"listChanged":true},"completions":{},"logging":{},"extensions":{"io.modelcontextprotocol/tasks":{}}}""", result.GetProperty("capabilities"));
    }

    [Fact]
    public async Task Every_tool_and_prompt_has_a_description()
    {
        var tools = (await _client.ResultAsync("tools/list")).GetProperty("tools");
        var prompts = (await _client.ResultAsync("prompts/list")).GetProperty("prompts");
        Assert.All(tools.EnumerateArray().Concat(prompts.EnumerateArray()), item =>
            Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("description").GetString()), item.ToString()));
    }

    [Fact]
    public async Task Resources_list_items_have_uri_and_name_and_the_first_is_readable()
    {
        var resources = (await _client.ResultAsync("resources/list")).GetProperty("resources");
        Assert.True(resources.GetArrayLength() >= 3);
        Assert.All(resources.EnumerateArray(), r =>
        {
            Assert.False(string.IsNullOrEmpty(r.GetProperty("uri").GetString()));
            Assert.False(string.IsNullOrEmpty(r.GetProperty("name").GetString()));
        });
        var first = await _client.ResultAsync("resources/read", "\"uri\":\"" + resources[0].GetProperty("uri").GetString() + "\"");
        Assert.True(first.GetProperty("contents").GetArrayLength() > 0);
        Assert.True(first.GetProperty("ttlMs").GetInt64() >= 0);
        Assert.Contains(first.GetProperty("cacheScope").GetString(), new[] { "public", "private" });
    }

    [Fact]
    public async Task Static_text_resource()
    {
        TestClient.AssertJsonEqual("""{"uri":"test://static-text","mimeType":"text/plain","text":"This is the content of the static text resource."}""",
            await _client.ReadSingleAsync("test://static-text"));
    }

    [Fact]
    public async Task Static_binary_resource_is_a_png_blob()
    {
        var item = await _client.ReadSingleAsync("test://static-binary");
        Assert.Equal("image/png", item.GetProperty("mimeType").GetString());
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, item.GetProperty("blob").GetBytesFromBase64().Take(4));
    }

    [Fact]
    public async Task Template_resource_returns_json_for_the_id()
    {
        var item = await _client.ReadSingleAsync("test://template/123/data");
        Assert.Equal("test://template/123/data", item.GetProperty("uri").GetString());
        Assert.Equal("application/json", item.GetProperty("mimeType").GetString());
        TestClient.AssertJsonEqual("""{"id":"123","templateTest":true,"data":"Data for ID: 123"}""", TestClient.Parse(item.GetProperty("text").GetString()!));
        var templates = (await _client.ResultAsync("resources/templates/list")).GetProperty("resourceTemplates");
        Assert.Equal("test://template/{id}/data", Assert.Single(templates.EnumerateArray()).GetProperty("uriTemplate").GetString());
    }

    [Fact]
    public async Task Nonexistent_resource_is_invalid_params_with_the_uri()
    {
        const string uri = "test://nonexistent-resource-for-conformance-testing";
        var error = await _client.ErrorAsync("resources/read", "\"uri\":\"" + uri + "\"");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal(uri, error.GetProperty("data").GetProperty("uri").GetString());
    }

    [Fact]
    public async Task Simple_prompt()
    {
        var result = await _client.ResultAsync("prompts/get", "\"name\":\"test_simple_prompt\"");
        TestClient.AssertJsonEqual("""[{"role":"user","content":{"type":"text","text":"This is a simple prompt for testing."}}]""", result.GetProperty("messages"));
    }

    [Fact]
    public async Task Prompt_with_arguments_declares_both_required_and_echoes_them()
    {
        var prompt = (await _client.ResultAsync("prompts/list")).GetProperty("prompts").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "test_prompt_with_arguments");
        Assert.All(prompt.GetProperty("arguments").EnumerateArray(), a => Assert.True(a.GetProperty("required").GetBoolean()));
        Assert.Equal(["arg1", "arg2"], TestClient.Names(prompt.GetProperty("arguments")));
        var result = await _client.ResultAsync("prompts/get", "\"name\":\"test_prompt_with_arguments\",\"arguments\":{\"arg1\":\"first\",\"arg2\":\"second\"}");
        Assert.Equal("Prompt with arguments: arg1='first', arg2='second'", result.GetProperty("messages")[0].GetProperty("content").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Prompt_with_embedded_resource_embeds_the_requested_uri()
    {
        var result = await _client.ResultAsync("prompts/get", "\"name\":\"test_prompt_with_embedded_resource\",\"arguments\":{\"resourceUri\":\"test://example-resource\"}");
        var content = result.GetProperty("messages")[0].GetProperty("content");
        Assert.Equal("resource", content.GetProperty("type").GetString());
        var resource = content.GetProperty("resource");
        Assert.Equal("test://example-resource", resource.GetProperty("uri").GetString());
        Assert.Equal("text/plain", resource.GetProperty("mimeType").GetString());
        Assert.False(string.IsNullOrEmpty(resource.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Prompt_with_image_has_image_data_and_mime_type()
    {
        var result = await _client.ResultAsync("prompts/get", "\"name\":\"test_prompt_with_image\"");
        var image = result.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content")).First(c => c.GetProperty("type").GetString() == "image");
        Assert.Equal("image/png", image.GetProperty("mimeType").GetString());
        Assert.NotEmpty(image.GetProperty("data").GetBytesFromBase64());
    }

    [Fact]
    public async Task Completion_of_arg1_returns_values()
    {
        var result = await _client.ResultAsync("completion/complete",
            "\"ref\":{\"type\":\"ref/prompt\",\"name\":\"test_prompt_with_arguments\"},\"argument\":{\"name\":\"arg1\",\"value\":\"test\"}");
        Assert.Equal(JsonValueKind.Array, result.GetProperty("completion").GetProperty("values").ValueKind);
        var par = await _client.ResultAsync("completion/complete",
            "\"ref\":{\"type\":\"ref/prompt\",\"name\":\"test_prompt_with_arguments\"},\"argument\":{\"name\":\"arg1\",\"value\":\"par\"}");
        Assert.Equal(["paris", "park", "party"], par.GetProperty("completion").GetProperty("values").EnumerateArray().Select(v => v.GetString()));
    }

    [Theory]
    [InlineData("test_simple_text", "text")]
    [InlineData("test_image_content", "image")]
    [InlineData("test_audio_content", "audio")]
    [InlineData("test_embedded_resource", "resource")]
    public async Task Content_tools_return_their_block(string tool, string type)
    {
        // Conformance calls tools that take no arguments without an "arguments" member.
        var result = await _client.CallAsync(tool, argumentsJson: null);
        var block = Assert.Single(result.GetProperty("content").EnumerateArray());
        Assert.Equal(type, block.GetProperty("type").GetString());
        switch (type)
        {
            case "text":
                Assert.Equal("This is a simple text response for testing.", block.GetProperty("text").GetString());
                break;
            case "image":
                Assert.Equal("image/png", block.GetProperty("mimeType").GetString());
                break;
            case "audio":
                Assert.Equal("audio/wav", block.GetProperty("mimeType").GetString());
                Assert.Equal("RIFF"u8.ToArray(), block.GetProperty("data").GetBytesFromBase64().Take(4));
                break;
            default:
                TestClient.AssertJsonEqual("""{"uri":"test://embedded-resource","mimeType":"text/plain","text":"This is an embedded resource content."}""", block.GetProperty("resource"));
                break;
        }
    }

    [Fact]
    public async Task Multiple_content_types()
    {
        var content = (await _client.CallAsync("test_multiple_content_types", null)).GetProperty("content");
        Assert.Equal(["text", "image", "resource"], content.EnumerateArray().Select(c => c.GetProperty("type").GetString()));
        Assert.Equal("Multiple content types test:", content[0].GetProperty("text").GetString());
        var resource = content[2].GetProperty("resource");
        Assert.Equal("test://mixed-content-resource", resource.GetProperty("uri").GetString());
        Assert.Equal("application/json", resource.GetProperty("mimeType").GetString());
        TestClient.AssertJsonEqual("""{"test":"data","value":123}""", TestClient.Parse(resource.GetProperty("text").GetString()!));
    }

    [Fact]
    public async Task Error_handling_tool_returns_is_error()
    {
        var result = await _client.CallAsync("test_error_handling", null);
        Assert.True(result.GetProperty("isError").GetBoolean());
        Assert.Equal("This tool intentionally returns an error for testing", result.GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Progress_tool_reports_three_increasing_steps_with_the_token_before_the_result()
    {
        var response = await _client.SendRawAsync("""
            {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"test_tool_with_progress","_meta":{
              "progressToken":"progress-test-1","io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}
            """);
        Assert.Equal("complete", response!.Value.GetProperty("result").GetProperty("resultType").GetString());
        var progress = _client.Notifications.Select(n => n.GetProperty("params")).ToList();
        Assert.Equal(3, progress.Count);
        Assert.All(progress, p => Assert.Equal("progress-test-1", p.GetProperty("progressToken").GetString()));
        Assert.Equal([0d, 50d, 100d], progress.Select(p => p.GetProperty("progress").GetDouble()));
        Assert.All(progress, p => Assert.Equal(100, p.GetProperty("total").GetDouble()));
    }

    [Fact]
    public async Task Missing_capability_is_rejected_with_the_capability_as_an_object()
    {
        var error = await _client.ErrorAsync("tools/call", "\"name\":\"test_missing_capability\"");
        Assert.Equal(McpProcessResult.Rejected, _client.LastResult);
        Assert.Equal(-32021, error.GetProperty("code").GetInt32());
        TestClient.AssertJsonEqual("""{"requiredCapabilities":{"sampling":{}}}""", error.GetProperty("data"));
    }

    [Fact]
    public async Task Missing_capability_succeeds_when_the_client_declares_it()
    {
        var response = await _client.SendRawAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"test_missing_capability","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"sampling":{}}}}}""");
        Assert.Equal(McpProcessResult.Responded, _client.LastResult);
        Assert.Equal("complete", response!.Value.GetProperty("result").GetProperty("resultType").GetString());
    }

    [Fact]
    public async Task Json_schema_2020_12_tool_advertises_its_hand_written_schema_keyword_for_keyword()
    {
        var tools = (await _client.ResultAsync("tools/list")).GetProperty("tools");
        var tool = tools.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "json_schema_2020_12_tool");
        TestClient.AssertJsonEqual("""
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "$defs":{"address":{"$anchor":"addressDef","type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"}}}},
             "properties":{"name":{"type":"string"},"address":{"$ref":"#/$defs/address"},"contactMethod":{"type":"string","enum":["phone","email"]},"phone":{"type":"string"},"email":{"type":"string"}},
             "allOf":[{"anyOf":[{"required":["phone"]},{"required":["email"]}]}],
             "if":{"properties":{"contactMethod":{"const":"phone"}},"required":["contactMethod"]},"then":{"required":["phone"]},"else":{"required":["email"]},
             "additionalProperties":false}
            """, tool.GetProperty("inputSchema"));

        var result = await _client.ResultAsync("tools/call", """
            "name":"json_schema_2020_12_tool","arguments":{"name":"Ann","address":{"city":"Oslo"},"contactMethod":"phone","phone":"123"}
            """);
        Assert.Equal("Will call Ann at 123.", TestClient.SingleText(result));
    }
}
