using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using McpGen.Generated;
using Microsoft.Extensions.DependencyInjection;

namespace McpGen.Tests;

public sealed class ResourceTests
{
    private readonly TestClient _client = new();

    [Fact]
    public async Task Resources_list_shows_direct_resources_in_uri_order_with_metadata_then_runtime_listings()
    {
        var result = await _client.ResultAsync("resources/list");
        var resources = result.GetProperty("resources").EnumerateArray().ToList();
        var uris = resources.Select(r => r.GetProperty("uri").GetString()!).ToList();
        var direct = uris.TakeWhile(u => u.StartsWith("test://", StringComparison.Ordinal)).ToList();
        Assert.Equal(direct.OrderBy(u => u, StringComparer.Ordinal), direct);
        Assert.Contains("test://text", direct);
        Assert.DoesNotContain(uris, u => u.Contains('{'));
        Assert.All(resources, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("name").GetString())));
        TestClient.AssertJsonEqual("""{"uri":"test://text","name":"text","title":"Text","description":"Plain text.","mimeType":"text/plain"}""",
            resources.Single(r => r.GetProperty("uri").GetString() == "test://text"));
        Assert.Equal("files://generated/000.txt", uris[direct.Count]);

        // A run-time listing may hold per-user data: the list becomes private and uncached.
        Assert.Equal(0, result.GetProperty("ttlMs").GetInt64());
        Assert.Equal("private", result.GetProperty("cacheScope").GetString());
        Assert.Equal("test-server", result.GetProperty("_meta").GetProperty("io.modelcontextprotocol/serverInfo").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Resources_list_pages_across_direct_and_runtime_resources_without_gaps_or_repeats()
    {
        var (all, defaultPages) = await ListAllAsync(_client, 100);
        var (paged, pages) = await ListAllAsync(new TestClient(options: new McpServerOptions { PageSize = 7 }), 7);
        Assert.Equal(all, paged);
        Assert.Equal(all.Distinct().Count(), all.Count);
        Assert.Contains("files://generated/249.txt", all);
        Assert.Equal((all.Count + 99) / 100, defaultPages);
        Assert.Equal((all.Count + 6) / 7, pages);
    }

    private static async Task<(System.Collections.Generic.List<string?> Uris, int Pages)> ListAllAsync(TestClient client, int pageSize)
    {
        var uris = new System.Collections.Generic.List<string?>();
        string? cursor = null;
        int pages = 0;
        do
        {
            var result = await client.ResultAsync("resources/list", cursor is null ? null : $"\"cursor\":\"{cursor}\"");
            var items = result.GetProperty("resources");
            Assert.InRange(items.GetArrayLength(), 1, pageSize);
            uris.AddRange(items.EnumerateArray().Select(r => r.GetProperty("uri").GetString()));
            cursor = result.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null);

        return (uris, pages);
    }

    [Fact]
    public async Task Resources_list_rejects_a_cursor_it_did_not_issue()
    {
        var error = await _client.ErrorAsync("resources/list", "\"cursor\":\"bogus\"");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Contains("resources/list", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Templates_list_shows_every_template_most_specific_first()
    {
        var result = await _client.ResultAsync("resources/templates/list");
        var templates = result.GetProperty("resourceTemplates").EnumerateArray().Select(t => t.GetProperty("uriTemplate").GetString()).ToList();
        Assert.Contains("items://{id}", templates);
        Assert.True(templates.IndexOf("files://logs/{name}.log") < templates.IndexOf("files://{+path}"));
        TestClient.AssertJsonEqual("""{"uriTemplate":"items://{id}","name":"item","description":"An item by numeric id.","mimeType":"text/plain"}""",
            result.GetProperty("resourceTemplates").EnumerateArray().Single(t => t.GetProperty("uriTemplate").GetString() == "items://{id}"));
        Assert.Equal("public", result.GetProperty("cacheScope").GetString());
        Assert.Equal(300_000, result.GetProperty("ttlMs").GetInt64());
    }

    [Fact]
    public async Task Text_resource_has_uri_mime_type_text_and_default_private_uncached_hints()
    {
        var result = await _client.ResultAsync("resources/read", "\"uri\":\"test://text\"");
        TestClient.AssertJsonEqual("""[{"uri":"test://text","mimeType":"text/plain","text":"plain text"}]""", result.GetProperty("contents"));
        Assert.Equal(0, result.GetProperty("ttlMs").GetInt64());
        Assert.Equal("private", result.GetProperty("cacheScope").GetString());
        Assert.True(result.GetProperty("_meta").TryGetProperty("io.modelcontextprotocol/serverInfo", out _));
    }

    [Fact]
    public async Task Attribute_cache_hints_and_mime_type_win()
    {
        var result = await _client.ResultAsync("resources/read", "\"uri\":\"test://markdown\"");
        TestClient.AssertJsonEqual("""[{"uri":"test://markdown","mimeType":"text/markdown","text":"# Title"}]""", result.GetProperty("contents"));
        Assert.Equal(30_000, result.GetProperty("ttlMs").GetInt64());
        Assert.Equal("public", result.GetProperty("cacheScope").GetString());
    }

    [Fact]
    public async Task Options_set_the_default_cache_hints()
    {
        var client = new TestClient(options: new McpServerOptions { ResourceTimeToLive = TimeSpan.FromSeconds(2), ResourceCacheScope = McpCacheScope.Public });
        var result = await client.ResultAsync("resources/read", "\"uri\":\"test://text\"");
        Assert.Equal(2000, result.GetProperty("ttlMs").GetInt64());
        Assert.Equal("public", result.GetProperty("cacheScope").GetString());
    }

    [Theory]
    [InlineData("test://bytes", "application/octet-stream", new byte[] { 1, 2, 3 })]
    [InlineData("test://memory", "image/png", new byte[] { 4, 5 })]
    public async Task Binary_resources_are_base64_blobs(string uri, string mimeType, byte[] expected)
    {
        var item = await _client.ReadSingleAsync(uri);
        Assert.Equal(uri, item.GetProperty("uri").GetString());
        Assert.Equal(mimeType, item.GetProperty("mimeType").GetString());
        Assert.Equal(expected, item.GetProperty("blob").GetBytesFromBase64());
        Assert.False(item.TryGetProperty("text", out _));
    }

    [Fact]
    public async Task Stream_resource_is_read_to_the_end()
    {
        var item = await _client.ReadSingleAsync("test://stream");
        Assert.Equal("streamed", Encoding.UTF8.GetString(item.GetProperty("blob").GetBytesFromBase64()));
    }

    [Fact]
    public async Task Record_resource_is_json_text()
    {
        var item = await _client.ReadSingleAsync("test://json");
        Assert.Equal("application/json", item.GetProperty("mimeType").GetString());
        TestClient.AssertJsonEqual("""{"street":"1 Main St","city":"Springfield","postal_code":"12345"}""", TestClient.Parse(item.GetProperty("text").GetString()!));
    }

    [Fact]
    public async Task Primitive_resource_is_invariant_text()
    {
        Assert.Equal("42", (await _client.ReadSingleAsync("test://number")).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Sdk_contents_pass_through()
    {
        TestClient.AssertJsonEqual("""{"uri":"test://contents","mimeType":"text/csv","text":"a,b"}""", await _client.ReadSingleAsync("test://contents"));
        var many = (await _client.ResultAsync("resources/read", "\"uri\":\"test://many\"")).GetProperty("contents");
        Assert.Equal(2, many.GetArrayLength());
        Assert.Equal("one", many[0].GetProperty("text").GetString());
        Assert.Equal([9], many[1].GetProperty("blob").GetBytesFromBase64());
    }

    [Fact]
    public async Task Read_resource_result_keeps_its_own_cache_hints()
    {
        var result = await _client.ResultAsync("resources/read", "\"uri\":\"test://result\"");
        Assert.Equal(7000, result.GetProperty("ttlMs").GetInt64());
        Assert.Equal("public", result.GetProperty("cacheScope").GetString());
    }

    [Theory]
    [InlineData("items://7", "item 7")]
    [InlineData("items://7/color/deep-blue", "7:Blue")]
    [InlineData("items://7/color/GREEN", "7:Green")]
    [InlineData("files://a/b/c.txt", "file a/b/c.txt")]
    [InlineData("files://logs/app.2026.log", "log app.2026")]
    [InlineData("files://logs/nested/x.log", "file logs/nested/x.log")]
    [InlineData("files://with%20space", "file with space")]
    [InlineData("search://items?q=cats", "q=cats limit=10 sort=none")]
    [InlineData("search://items?limit=5&q=dogs&sort=asc&extra=1", "q=dogs limit=5 sort=asc")]
    [InlineData("docs://en", "en|||html")]
    [InlineData("docs://en/intro/3.pdf", "en|intro|3|pdf")]
    [InlineData("matrix://m;x=6;y=7", "42")]
    [InlineData("guid://0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5bd9cb469fa16570867728950e")]
    public async Task Templates_match_and_bind_typed_variables(string uri, string expected)
    {
        var item = await _client.ReadSingleAsync(uri);
        Assert.Equal(uri, item.GetProperty("uri").GetString());
        Assert.Equal(expected, item.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("test://nonexistent")]
    [InlineData("items://")]
    [InlineData("unknown://x")]
    [InlineData("items://7/color/")]
    public async Task Unknown_uri_is_invalid_params_with_the_uri_never_empty_contents(string uri)
    {
        var error = await _client.ErrorAsync("resources/read", "\"uri\":\"" + uri + "\"");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal($"Resource '{uri}' not found.", error.GetProperty("message").GetString());
        Assert.Equal(uri, error.GetProperty("data").GetProperty("uri").GetString());
    }

    [Theory]
    [InlineData("test://missing")]
    [InlineData("items://404")]
    public async Task Handlers_report_missing_resources_as_not_found(string uri)
    {
        var error = await _client.ErrorAsync("resources/read", "\"uri\":\"" + uri + "\"");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal(uri, error.GetProperty("data").GetProperty("uri").GetString());
    }

    [Theory]
    [InlineData("items://abc", "Invalid resource URI 'items://abc' for template 'items://{id}': Argument 'id': expected an integer, got \"abc\".")]
    [InlineData("items://5000", "Invalid resource URI 'items://5000' for template 'items://{id}': Argument 'id': must be between 1 and 1000, got 5000.")]
    [InlineData("items://7/color/purple", "Invalid resource URI 'items://7/color/purple' for template 'items://{id}/color/{color}': Argument 'color': expected one of 'Red', 'Green', 'deep-blue', got \"purple\".")]
    [InlineData("search://items?limit=5", "Invalid resource URI 'search://items?limit=5' for template 'search://items{?q,limit}{&sort}': Argument 'q': is required (a string) but was not provided.")]
    [InlineData("guid://nope", "Invalid resource URI 'guid://nope' for template 'guid://{id}': Argument 'id': expected a UUID string, got \"nope\".")]
    public async Task Bad_template_values_are_invalid_params_naming_the_variable(string uri, string message)
    {
        var error = await _client.ErrorAsync("resources/read", "\"uri\":\"" + uri + "\"");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Equal(uri, error.GetProperty("data").GetProperty("uri").GetString());
    }

    private const string Canonically = "written canonically (digits, '-' only for a negative number, no leading zeros, '+' or spaces)";

    /// <summary>
    /// An alias of a resource's URI (a leading zero, a sign, a space, a NUL) used to read the same resource under another
    /// URI, so an allow or deny list keyed on URIs could be bypassed; now it is refused, naming the variable and why.
    /// </summary>
    [Theory]
    [InlineData("items://01", "items://{id}", "id", "expected an integer " + Canonically + ", got \"01\".")]
    [InlineData("items://0012", "items://{id}", "id", "expected an integer " + Canonically + ", got \"0012\".")]
    [InlineData("items://%2B1", "items://{id}", "id", "expected an integer " + Canonically + ", got \"+1\".")]
    [InlineData("items://%201", "items://{id}", "id", "expected an integer " + Canonically + ", got \" 1\".")]
    [InlineData("items://1%20", "items://{id}", "id", "expected an integer " + Canonically + ", got \"1 \".")]
    [InlineData("items://-0", "items://{id}", "id", "expected an integer " + Canonically + ", got \"-0\".")]
    [InlineData("items://1%00", "items://{id}", "id", "must not contain a NUL character (%00).")]
    [InlineData("items://7/color/Red%00", "items://{id}/color/{color}", "color", "must not contain a NUL character (%00).")]
    [InlineData("matrix://m;x=02;y=3", "matrix://m{;x,y}", "x", "expected an integer " + Canonically + ", got \"02\".")]
    [InlineData("files://logs/app%00.log", "files://logs/{name}.log", "name", "must not contain a NUL character (%00).")]
    [InlineData("files://a/b%00", "files://{+path}", "path", "must not contain a NUL character (%00).")]
    public async Task Non_canonical_and_nul_template_values_are_invalid_params_naming_the_variable(string uri, string template, string variable, string problem)
    {
        var error = await _client.ErrorAsync("resources/read", "\"uri\":\"" + uri + "\"");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal($"Invalid resource URI '{uri}' for template '{template}': Argument '{variable}': {problem}", error.GetProperty("message").GetString());
        Assert.Equal(uri, error.GetProperty("data").GetProperty("uri").GetString());
    }

    [Theory]
    [InlineData("items://1", "item 1")]
    [InlineData("items://1000", "item 1000")]
    [InlineData("matrix://m;x=-2;y=3", "-6")]
    [InlineData("matrix://m;x=0;y=3", "0")]
    public async Task Canonical_integers_still_bind(string uri, string text)
    {
        var result = await _client.ResultAsync("resources/read", "\"uri\":\"" + uri + "\"");
        var content = Assert.Single(result.GetProperty("contents").EnumerateArray());
        Assert.Equal(uri, content.GetProperty("uri").GetString());
        Assert.Equal(text, content.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Failing_resource_is_internal_error()
    {
        var error = await _client.ErrorAsync("resources/read", "\"uri\":\"test://fails\"");
        Assert.Equal(-32603, error.GetProperty("code").GetInt32());
        Assert.Equal("Serving resource 'test://fails' failed: disk on fire", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("", "Missing params.uri: the URI of the resource to read.")]
    [InlineData("\"uri\":5", "Missing params.uri: the URI of the resource to read.")]
    public async Task Missing_uri_is_invalid_params(string @params, string message)
    {
        var error = await _client.ErrorAsync("resources/read", @params.Length == 0 ? null : @params);
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Resources_that_use_services_get_a_scope_per_read()
    {
        var services = new ServiceCollection().AddScoped<ICounter, Counter>().BuildServiceProvider();
        var client = new TestClient(services);
        Assert.Equal("a1", (await client.ReadSingleAsync("scoped://a")).GetProperty("text").GetString());
        Assert.Equal("a1", (await client.ReadSingleAsync("scoped://a")).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Legacy_clients_get_bare_results_and_the_legacy_not_found_code()
    {
        var client = new TestClient();
        await client.SendRawAsync("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"old\",\"version\":\"1\"}}}");
        var read = (await client.SendRawAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"test://text\"}}"))!.Value.GetProperty("result");
        TestClient.AssertJsonEqual("""{"contents":[{"uri":"test://text","mimeType":"text/plain","text":"plain text"}]}""", read);
        var list = (await client.SendRawAsync("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/templates/list\"}"))!.Value.GetProperty("result");
        Assert.False(list.TryGetProperty("resultType", out _));
        Assert.False(list.TryGetProperty("ttlMs", out _));
        var error = (await client.SendRawAsync("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/read\",\"params\":{\"uri\":\"test://nope\"}}"))!.Value.GetProperty("error");
        Assert.Equal(-32002, error.GetProperty("code").GetInt32());
        Assert.Equal("test://nope", error.GetProperty("data").GetProperty("uri").GetString());
    }

    private sealed class Counter : ICounter
    {
        private int _count;

        public int Next() => ++_count;
    }
}

/// <summary>The URI template reader the generated matchers are made of.</summary>
public sealed class UriTemplateReaderTests
{
    [Fact]
    public void Literal_must_match_exactly_and_not_run_past_the_end()
    {
        var reader = new McpUriTemplateReader("ab");
        Assert.False(reader.Literal("abc"));
        Assert.True(reader.Literal("a"));
        Assert.False(reader.End());
        Assert.True(reader.Literal("b"));
        Assert.True(reader.End());
    }

    [Fact]
    public void Simple_expression_with_several_variables_splits_on_commas()
    {
        var reader = new McpUriTemplateReader("1,2");
        Assert.True(reader.Expression('\0', null, '\0', out var text));
        Assert.Equal("1", McpUriTemplateReader.Item(text, '\0', 0));
        Assert.Equal("2", McpUriTemplateReader.Item(text, '\0', 1));
        Assert.Null(McpUriTemplateReader.Item(text, '\0', 2));
    }

    [Fact]
    public void Fragment_expression_takes_the_rest()
    {
        var reader = new McpUriTemplateReader("#a/b?c");
        Assert.True(reader.Expression('#', null, '\0', out var text));
        Assert.Equal("a/b?c", McpUriTemplateReader.Item(text, '#', 0));
        Assert.True(reader.End());
    }

    [Fact]
    public void Missing_literal_after_an_expression_is_no_match()
    {
        var reader = new McpUriTemplateReader("abc");
        Assert.False(reader.Expression('\0', "/data", '\0', out _));
    }

    [Fact]
    public void Named_values_are_percent_decoded_and_valueless_names_are_empty()
    {
        Assert.Equal("a b", McpUriTemplateReader.Named("q=a%20b&x=1", '?', "q"));
        Assert.Equal(string.Empty, McpUriTemplateReader.Named("x;flag", ';', "flag"));
        Assert.Null(McpUriTemplateReader.Named("x=1", '?', "y"));
    }
}
