using System.Linq;
using System.Threading.Tasks;

namespace McpGen.Tests;

public sealed class PromptTests
{
    private readonly TestClient _client = new();

    [Fact]
    public async Task Prompts_list_shows_names_descriptions_and_arguments_in_name_order()
    {
        var result = await _client.ResultAsync("prompts/list");
        var prompts = result.GetProperty("prompts");
        var names = TestClient.Names(prompts).ToList();
        Assert.Equal(names.OrderBy(n => n, System.StringComparer.Ordinal), names);
        TestClient.AssertJsonEqual("""
            {"name":"greet","title":"Greeting","description":"Greets someone.",
             "arguments":[{"name":"name","description":"Who to greet.","required":true}]}
            """, prompts.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "greet"));
        TestClient.AssertJsonEqual("""
            {"name":"paint","description":"Typed arguments: an enum, an optional number and a flag.",
             "arguments":[{"name":"color","required":true},{"name":"coats","description":"How many coats.","required":false},{"name":"glossy","required":false}]}
            """, prompts.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "paint"));
        Assert.Equal("public", result.GetProperty("cacheScope").GetString());
        Assert.True(result.GetProperty("ttlMs").GetInt64() > 0);
    }

    [Fact]
    public async Task String_prompt_is_one_user_text_message_with_the_prompt_description()
    {
        var result = await _client.ResultAsync("prompts/get", "\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}");
        Assert.Equal("Greets someone.", result.GetProperty("description").GetString());
        TestClient.AssertJsonEqual("""[{"role":"user","content":{"type":"text","text":"Hello, Ada!"}}]""", result.GetProperty("messages"));
        Assert.False(result.TryGetProperty("ttlMs", out _));
        Assert.True(result.GetProperty("_meta").TryGetProperty("io.modelcontextprotocol/serverInfo", out _));
    }

    [Theory]
    [InlineData("{\"color\":\"deep-blue\"}", "1 coat(s) of Blue")]
    [InlineData("{\"color\":\"red\",\"coats\":\"3\",\"glossy\":\"true\"}", "3 coat(s) of Red, glossy")]
    [InlineData("{\"color\":\"Green\",\"coats\":null}", "1 coat(s) of Green")]
    public async Task Typed_arguments_are_converted_from_strings(string arguments, string text)
    {
        var result = await _client.ResultAsync("prompts/get", "\"name\":\"paint\",\"arguments\":" + arguments);
        var message = Assert.Single(result.GetProperty("messages").EnumerateArray());
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.Equal(text, message.GetProperty("content").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Message_lists_content_blocks_and_whole_results_are_written()
    {
        var conversation = await _client.ResultAsync("prompts/get", "\"name\":\"conversation\",\"arguments\":{\"topic\":\"owls\"}");
        Assert.Equal(["user", "assistant"], conversation.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.False(conversation.TryGetProperty("description", out _));

        var image = await _client.ResultAsync("prompts/get", "\"name\":\"image\"");
        var content = Assert.Single(image.GetProperty("messages").EnumerateArray()).GetProperty("content");
        Assert.Equal("image", content.GetProperty("type").GetString());
        Assert.Equal("image/png", content.GetProperty("mimeType").GetString());

        var full = await _client.ResultAsync("prompts/get", "\"name\":\"full\",\"arguments\":{\"day\":\"2026-07-28\"}");
        Assert.Equal("Custom description", full.GetProperty("description").GetString());
        Assert.Equal("2026-07-28 no ticket", full.GetProperty("messages")[0].GetProperty("content").GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("\"name\":\"nope\"", "Unknown prompt 'nope'.")]
    [InlineData("\"arguments\":{}", "Missing params.name: the name of the prompt to get.")]
    [InlineData("\"name\":\"greet\"", "Invalid arguments for prompt 'greet': Argument 'name': is required (a string) but was not provided.")]
    [InlineData("\"name\":\"greet\",\"arguments\":{\"name\":\"a\",\"extra\":\"b\"}", "Invalid arguments for prompt 'greet': Argument 'extra': is not a known name; expected one of: name.")]
    [InlineData("\"name\":\"greet\",\"arguments\":{\"name\":5}", "Invalid arguments for prompt 'greet': Argument 'name': expected a string, got the number 5.")]
    [InlineData("\"name\":\"greet\",\"arguments\":[\"a\"]", "Invalid params.arguments for prompt 'greet': expected an object mapping argument names to strings, got an array.")]
    [InlineData("\"name\":\"paint\",\"arguments\":{\"color\":\"purple\"}", "Invalid arguments for prompt 'paint': Argument 'color': expected one of 'Red', 'Green', 'deep-blue', got \"purple\".")]
    [InlineData("\"name\":\"paint\",\"arguments\":{\"color\":\"red\",\"coats\":\"many\"}", "Invalid arguments for prompt 'paint': Argument 'coats': expected an integer, got \"many\".")]
    [InlineData("\"name\":\"full\",\"arguments\":{\"day\":\"tuesday\"}", "Invalid arguments for prompt 'full': Argument 'day': expected a date string, got \"tuesday\".")]
    public async Task Bad_requests_are_invalid_params_naming_what_was_wrong(string @params, string message)
    {
        var error = await _client.ErrorAsync("prompts/get", @params);
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Unknown_prompt_names_it_in_data()
    {
        var error = await _client.ErrorAsync("prompts/get", "\"name\":\"nope\"");
        Assert.Equal("nope", error.GetProperty("data").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Protocol_exceptions_keep_their_code()
    {
        var error = await _client.ErrorAsync("prompts/get", "\"name\":\"failing\"");
        Assert.Equal(-32600, error.GetProperty("code").GetInt32());
        Assert.Equal("custom failure", error.GetProperty("message").GetString());
    }
}

public sealed class CompletionTests
{
    private readonly TestClient _client = new();

    private Task<System.Text.Json.JsonElement> CompleteAsync(string reference, string argument, string? context = null) =>
        _client.ResultAsync("completion/complete", $"\"ref\":{reference},\"argument\":{argument}" + (context is null ? string.Empty : ",\"context\":" + context));

    [Fact]
    public async Task Discover_advertises_completions_resources_and_prompts()
    {
        var capabilities = (await _client.ResultAsync("server/discover")).GetProperty("capabilities");
        TestClient.AssertJsonEqual("""{"tools":{"listChanged":true},"resources":{"subscribe":true,"listChanged":true},"prompts":{"listChanged":true},"completions":{},"logging":{},"extensions":{"io.modelcontextprotocol/tasks":{}}}""", capabilities);
    }

    [Theory]
    [InlineData("", new[] { "Red", "Green", "deep-blue" })]
    [InlineData("DE", new[] { "deep-blue" })]
    [InlineData("x", new string[0])]
    public async Task Enum_arguments_complete_from_their_names(string value, string[] expected)
    {
        var result = await CompleteAsync("""{"type":"ref/prompt","name":"paint"}""", $$"""{"name":"color","value":"{{value}}"}""");
        var completion = result.GetProperty("completion");
        Assert.Equal(expected, completion.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(expected.Length, completion.GetProperty("total").GetInt32());
        Assert.False(completion.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task Boolean_arguments_complete_to_true_and_false()
    {
        var result = await CompleteAsync("""{"type":"ref/prompt","name":"paint"}""", """{"name":"glossy","value":"t"}""");
        Assert.Equal(["true"], result.GetProperty("completion").GetProperty("values").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Completion_methods_receive_the_value_and_the_context_arguments()
    {
        var fr = await CompleteAsync("""{"type":"ref/prompt","name":"city"}""", """{"name":"city","value":"l"}""", """{"arguments":{"country":"fr"}}""");
        Assert.Equal(["Lyon", "Lille"], fr.GetProperty("completion").GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        var other = await CompleteAsync("""{"type":"ref/prompt","name":"city"}""", """{"name":"city","value":"b"}""", """{"arguments":{"country":"de","x":"y"}}""");
        Assert.Equal(["Berlin*", "Bonn*"], other.GetProperty("completion").GetProperty("values").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task At_most_100_values_are_sent_with_total_and_has_more()
    {
        var result = await CompleteAsync("""{"type":"ref/prompt","name":"city"}""", """{"name":"country","value":""}""");
        var completion = result.GetProperty("completion");
        Assert.Equal(100, completion.GetProperty("values").GetArrayLength());
        Assert.True(completion.GetProperty("hasMore").GetBoolean());
        Assert.False(completion.TryGetProperty("total", out _));

        var few = (await CompleteAsync("""{"type":"ref/prompt","name":"city"}""", """{"name":"country","value":"c14"}""")).GetProperty("completion");
        Assert.Equal(10, few.GetProperty("values").GetArrayLength());
        Assert.Equal(10, few.GetProperty("total").GetInt32());
        Assert.False(few.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task Completion_results_pass_through()
    {
        var result = await CompleteAsync("""{"type":"ref/prompt","name":"greet"}""", """{"name":"name","value":""}""");
        TestClient.AssertJsonEqual("""{"values":["Alice","Bob"],"total":2,"hasMore":false}""", result.GetProperty("completion"));
    }

    [Fact]
    public async Task Template_variables_complete_through_their_method()
    {
        var result = await CompleteAsync("""{"type":"ref/resource","uri":"files://logs/{name}.log"}""", """{"name":"name","value":"a"}""");
        Assert.Equal(["app", "audit", "access"], result.GetProperty("completion").GetProperty("values").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Arguments_without_a_completion_source_get_no_values()
    {
        var result = await CompleteAsync("""{"type":"ref/prompt","name":"conversation"}""", """{"name":"topic","value":"o"}""");
        Assert.Equal(0, result.GetProperty("completion").GetProperty("values").GetArrayLength());
        var template = await CompleteAsync("""{"type":"ref/resource","uri":"items://{id}"}""", """{"name":"id","value":"1"}""");
        Assert.Equal(0, template.GetProperty("completion").GetProperty("values").GetArrayLength());
    }

    [Theory]
    [InlineData("\"argument\":{\"name\":\"a\",\"value\":\"\"}", "Missing params.ref: {\"type\":\"ref/prompt\",\"name\":…} or {\"type\":\"ref/resource\",\"uri\":…}.")]
    [InlineData("\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"}", "Missing params.argument: {\"name\":…,\"value\":…}.")]
    [InlineData("\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"},\"argument\":{\"value\":\"\"}", "Missing params.argument.name: the argument to complete.")]
    [InlineData("\"ref\":{\"type\":\"ref/prompt\",\"name\":\"nope\"},\"argument\":{\"name\":\"a\",\"value\":\"\"}", "Unknown prompt 'nope'.")]
    [InlineData("\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"},\"argument\":{\"name\":\"age\",\"value\":\"\"}", "Prompt 'greet' has no argument 'age'.")]
    [InlineData("\"ref\":{\"type\":\"ref/resource\",\"uri\":\"nope://{x}\"},\"argument\":{\"name\":\"x\",\"value\":\"\"}", "Unknown resource template 'nope://{x}'.")]
    [InlineData("\"ref\":{\"type\":\"ref/resource\",\"uri\":\"items://{id}\"},\"argument\":{\"name\":\"x\",\"value\":\"\"}", "Resource template 'items://{id}' has no variable 'x'.")]
    [InlineData("\"ref\":{\"type\":\"ref/tool\",\"name\":\"add\"},\"argument\":{\"name\":\"a\",\"value\":\"\"}", "Invalid params.ref.type 'ref/tool': expected \"ref/prompt\" or \"ref/resource\".")]
    public async Task Bad_references_are_invalid_params_naming_what_was_wrong(string @params, string message)
    {
        var error = await _client.ErrorAsync("completion/complete", @params);
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }
}
