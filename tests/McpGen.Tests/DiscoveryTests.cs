using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace McpGen.Tests;

public sealed class DiscoveryTests
{
    private readonly TestClient _client = new();

    [Fact]
    public async Task Discover_reports_versions_capabilities_identity_and_cache_hints()
    {
        var result = (await _client.RequestAsync("server/discover")).GetProperty("result");
        TestClient.AssertJsonEqual("""
            {
              "resultType": "complete",
              "supportedVersions": ["2026-07-28"],
              "capabilities": { "tools": { "listChanged": true }, "resources": { "subscribe": true, "listChanged": true }, "prompts": { "listChanged": true }, "completions": {}, "logging": {}, "extensions": { "io.modelcontextprotocol/tasks": {} } },
              "instructions": "For tests only.",
              "ttlMs": 300000,
              "cacheScope": "public",
              "_meta": { "io.modelcontextprotocol/serverInfo": { "name": "test-server", "version": "2.3.4", "title": "Test Server", "description": "The server under test: every supported parameter and return shape." } }
            }
            """, result);
    }

    [Fact]
    public async Task Tools_list_is_sorted_complete_and_cacheable()
    {
        var result = (await _client.RequestAsync("tools/list")).GetProperty("result");
        var names = TestClient.Names(result.GetProperty("tools")).ToList();
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
        Assert.Equal(TestServer.Definition.Tools.Count, names.Count);
        Assert.Contains("describe_person", names);
        Assert.Contains("instance.greet", names);
        Assert.Contains("idle", names);
        Assert.Contains("count", names);
        Assert.Equal("complete", result.GetProperty("resultType").GetString());
        Assert.Equal(300000, result.GetProperty("ttlMs").GetInt64());
        Assert.Equal("public", result.GetProperty("cacheScope").GetString());
        Assert.False(result.TryGetProperty("nextCursor", out _));
        Assert.Equal("test-server", result.GetProperty("_meta").GetProperty("io.modelcontextprotocol/serverInfo").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Tools_list_pages_with_cursors_until_the_end()
    {
        var client = new TestClient(options: new McpServerOptions { PageSize = 7, ListTimeToLive = TimeSpan.FromSeconds(9) });
        var all = new List<string>();
        string? cursor = null;
        int pages = 0;
        do
        {
            var response = await client.RequestAsync("tools/list", cursor is null ? null : $"\"cursor\":\"{cursor}\"");
            var result = response.GetProperty("result");
            Assert.Equal(9000, result.GetProperty("ttlMs").GetInt64());
            Assert.Equal("public", result.GetProperty("cacheScope").GetString());
            var page = TestClient.Names(result.GetProperty("tools")).ToList();
            Assert.InRange(page.Count, 1, 7);
            all.AddRange(page);
            cursor = result.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(TestServer.Definition.Tools.Select(t => t.Name), all);
        Assert.Equal((TestServer.Definition.Tools.Count + 6) / 7, pages);
    }

    [Theory]
    [InlineData("\"cursor\":\"bogus\"")]
    [InlineData("\"cursor\":\"\"")]
    [InlineData("\"cursor\":\"page-999\"")]
    [InlineData("\"cursor\":42")]
    public async Task Invalid_cursor_is_invalid_params(string cursor)
    {
        var response = await _client.RequestAsync("tools/list", cursor);
        Assert.Equal(-32602, response.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("cursor", response.GetProperty("error").GetProperty("message").GetString());
    }

    private async Task<JsonElement> ToolAsync(string name)
    {
        var tools = (await _client.RequestAsync("tools/list")).GetProperty("result").GetProperty("tools");
        return tools.EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task Scalar_schema_has_types_formats_and_ranges()
    {
        var tool = await ToolAsync("times");
        TestClient.AssertJsonEqual("""
            {"type":"object","properties":{
              "at":{"type":"string","format":"date-time"},
              "offset":{"type":"string","format":"date-time"},
              "day":{"type":"string","format":"date"},
              "time":{"type":"string","format":"time"},
              "duration":{"type":"string","format":"duration"}},
             "required":["at","offset","day","time","duration"],"additionalProperties":false}
            """, tool.GetProperty("inputSchema"));

        var integers = (await ToolAsync("integers")).GetProperty("inputSchema").GetProperty("properties");
        TestClient.AssertJsonEqual("""{"type":"integer","minimum":0,"maximum":255}""", integers.GetProperty("b"));
        TestClient.AssertJsonEqual("""{"type":"integer","minimum":-128,"maximum":127}""", integers.GetProperty("sb"));
        TestClient.AssertJsonEqual("""{"type":"integer"}""", integers.GetProperty("i"));
        TestClient.AssertJsonEqual("""{"type":"integer","minimum":0}""", integers.GetProperty("ul"));

        var ids = (await ToolAsync("ids")).GetProperty("inputSchema").GetProperty("properties");
        TestClient.AssertJsonEqual("""{"type":"string","format":"uuid"}""", ids.GetProperty("id"));
        TestClient.AssertJsonEqual("""{"type":"string","format":"uri"}""", ids.GetProperty("link"));
    }

    [Fact]
    public async Task Descriptions_come_from_attributes_and_xml_docs()
    {
        var echo = await ToolAsync("echo");
        Assert.Equal("Echoes text.", echo.GetProperty("description").GetString());

        var defaults = await ToolAsync("defaults");
        Assert.Equal("Optional and defaulted parameters.", defaults.GetProperty("description").GetString());
        TestClient.AssertJsonEqual("""
            {"type":"object","properties":{
              "name":{"type":"string","description":"Who to greet."},
              "times":{"type":"integer","description":"How many times.","default":2},
              "suffix":{"type":["string","null"],"description":"Appended text."},
              "loud":{"type":"boolean","description":"Upper-case the output.","default":false},
              "ratio":{"type":"number","default":0.5},
              "color":{"type":"string","enum":["Red","Green","deep-blue"],"default":"Green"}},
             "required":["name"],"additionalProperties":false}
            """, defaults.GetProperty("inputSchema"));
    }

    [Fact]
    public async Task Nullable_and_enum_schemas()
    {
        var paint = (await ToolAsync("paint")).GetProperty("inputSchema");
        TestClient.AssertJsonEqual("""
            {"type":"object","properties":{
              "color":{"type":"string","enum":["Red","Green","deep-blue"]},
              "second":{"type":["string","null"],"enum":["Red","Green","deep-blue",null]}},
             "required":["color"],"additionalProperties":false}
            """, paint);
        var nullables = (await ToolAsync("nullables")).GetProperty("inputSchema");
        TestClient.AssertJsonEqual("""
            {"type":"object","properties":{"count":{"type":["integer","null"]},"label":{"type":["string","null"]}},"additionalProperties":false}
            """, nullables);
    }

    [Fact]
    public async Task Data_annotations_become_schema_constraints()
    {
        var schema = (await ToolAsync("validated")).GetProperty("inputSchema").GetProperty("properties");
        TestClient.AssertJsonEqual("""{"type":"integer","minimum":1,"maximum":10}""", schema.GetProperty("rating"));
        TestClient.AssertJsonEqual("""{"type":"string","minLength":2,"maxLength":5}""", schema.GetProperty("code"));
        TestClient.AssertJsonEqual("""{"type":"string","pattern":"^[a-z]+$"}""", schema.GetProperty("slug"));
        TestClient.AssertJsonEqual("""{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":3}""", schema.GetProperty("picks"));
    }

    [Fact]
    public async Task Collection_and_dictionary_schemas()
    {
        var sum = (await ToolAsync("sum")).GetProperty("inputSchema").GetProperty("properties");
        foreach (var name in new[] { "numbers", "more", "evenMore", "andMore" })
        {
            TestClient.AssertJsonEqual("""{"type":"array","items":{"type":"integer"}}""", sum.GetProperty(name));
        }

        TestClient.AssertJsonEqual("""{"type":"array","items":{"type":"string"},"uniqueItems":true}""",
            (await ToolAsync("distinct")).GetProperty("inputSchema").GetProperty("properties").GetProperty("words"));
        TestClient.AssertJsonEqual("""{"type":"object","additionalProperties":{"type":"integer"}}""",
            (await ToolAsync("lookup")).GetProperty("inputSchema").GetProperty("properties").GetProperty("table"));
    }

    [Fact]
    public async Task Object_schema_uses_json_names_required_members_and_skips_ignored()
    {
        var person = (await ToolAsync("describe_person")).GetProperty("inputSchema").GetProperty("properties").GetProperty("person");
        TestClient.AssertJsonEqual("""
            {"type":"object","properties":{
              "name":{"type":"string","description":"Full name."},
              "age":{"type":"integer","minimum":0,"maximum":150},
              "home":{"type":["object","null"],"properties":{
                  "street":{"type":"string","description":"Street and number."},
                  "city":{"type":"string","description":"The city."},
                  "postal_code":{"type":["string","null"]}},
                "required":["street","city"],"additionalProperties":false,"description":"A postal address."},
              "tags":{"type":"array","items":{"type":"string"}},
              "nickname":{"type":"string","description":"Has a default the binder must keep when absent."}},
             "required":["name"],"additionalProperties":false,"description":"A person with an address and tags."}
            """, person);
    }

    [Fact]
    public async Task Recursive_types_use_defs_and_refs()
    {
        var schema = (await ToolAsync("count_nodes")).GetProperty("inputSchema");
        TestClient.AssertJsonEqual("""
            {"type":"object","properties":{
              "root":{"type":"object","properties":{
                  "label":{"type":"string"},
                  "children":{"type":["array","null"],"items":{"$ref":"#/$defs/TreeNode"}}},
                "required":["label"],"additionalProperties":false,"description":"A tree node: recursive, so its schema uses $defs."}},
             "required":["root"],"additionalProperties":false,
             "$defs":{"TreeNode":{"type":"object","properties":{
                  "label":{"type":"string"},
                  "children":{"type":["array","null"],"items":{"$ref":"#/$defs/TreeNode"}}},
                "required":["label"],"additionalProperties":false,"description":"A tree node: recursive, so its schema uses $defs."}}}
            """, schema);
    }

    [Fact]
    public async Task Output_schemas_describe_structured_results()
    {
        TestClient.AssertJsonEqual("""
            {"type":"object","properties":{
              "street":{"type":"string","description":"Street and number."},
              "city":{"type":"string","description":"The city."},
              "postal_code":{"type":["string","null"]}},
             "required":["street","city","postal_code"],"description":"A postal address."}
            """, (await ToolAsync("make_address")).GetProperty("outputSchema"));
        TestClient.AssertJsonEqual("""
            {"type":"object","properties":{"result":{"type":"array","items":{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"}},"required":["x","y"]}}},"required":["result"]}
            """, (await ToolAsync("points")).GetProperty("outputSchema"));
        Assert.False((await ToolAsync("echo")).TryGetProperty("outputSchema", out _));
        Assert.False((await ToolAsync("custom")).TryGetProperty("outputSchema", out _));
    }

    [Fact]
    public async Task Annotations_and_title_come_from_the_attribute_only_when_set()
    {
        var tool = await ToolAsync("instance.greet");
        Assert.Equal("Greet", tool.GetProperty("title").GetString());
        TestClient.AssertJsonEqual("""{"title":"Greet","readOnlyHint":true,"destructiveHint":false,"idempotentHint":true,"openWorldHint":false}""", tool.GetProperty("annotations"));
        Assert.False((await ToolAsync("echo")).TryGetProperty("annotations", out _));
        TestClient.AssertJsonEqual("""{"type":"object","properties":{},"additionalProperties":false}""", (await ToolAsync("nothing")).GetProperty("inputSchema"));
    }
}
