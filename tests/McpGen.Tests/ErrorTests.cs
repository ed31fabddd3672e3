using System.Text;
using System.Threading.Tasks;

namespace McpGen.Tests;

/// <summary>Every kind of bad input gets the protocol's answer, naming what was wrong; the server keeps serving.</summary>
public sealed class ErrorTests
{
    private readonly TestClient _client = new();

    private async Task AssertErrorAsync(string json, int code, string messagePart, string? expectedIdJson)
    {
        var response = await _client.SendRawAsync(json);
        Assert.NotNull(response);
        var error = response.Value.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Contains(messagePart, error.GetProperty("message").GetString());
        if (expectedIdJson is null)
        {
            Assert.False(response.Value.TryGetProperty("id", out _));
        }
        else
        {
            Assert.Equal(expectedIdJson, response.Value.GetProperty("id").GetRawText());
        }

        Assert.Equal("2.0", response.Value.GetProperty("jsonrpc").GetString());
    }

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,", -32700, "Parse error", null)]
    [InlineData("not json", -32700, "Parse error", null)]
    [InlineData("", -32700, "Parse error", null)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"} trailing", -32700, "Parse error", null)]
    [InlineData("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}]", -32600, "Batch", null)]
    [InlineData("42", -32600, "JSON object", null)]
    [InlineData("{\"id\":5,\"method\":\"tools/list\"}", -32600, "jsonrpc", "5")]
    [InlineData("{\"jsonrpc\":\"1.0\",\"id\":5,\"method\":\"tools/list\"}", -32600, "jsonrpc", "5")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}", -32600, "id", null)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"tools/list\"}", -32600, "id", null)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":7}", -32600, "method", "\"a\"")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":\"a\"}", -32600, "no 'method'", "\"a\"")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":[1]}", -32602, "params", "3")]
    public Task Malformed_messages(string json, int code, string messagePart, string? id) => AssertErrorAsync(json, code, messagePart, id);

    /// <summary>A JSON text that reads one way here and another way in a gateway or log is refused, whichever value would win.</summary>
    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"method\":\"tools/call\"}", "The message has 'method' more than once; each member of a JSON-RPC message may appear only once.", "1")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"m\\u0065thod\":\"tools/list\",\"method\":\"tools/call\"}", "The message has 'method' more than once; each member of a JSON-RPC message may appear only once.", "1")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"tools/list\"}", "The message has 'id' more than once; each member of a JSON-RPC message may appear only once.", null)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", "The message has 'jsonrpc' more than once; each member of a JSON-RPC message may appear only once.", "1")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{},\"params\":{}}", "The message has 'params' more than once; each member of a JSON-RPC message may appear only once.", "1")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"result\":{}}", "The message has 'result' more than once; each member of a JSON-RPC message may appear only once.", "1")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"result\":{}}", "The message has both 'method' and 'result': a request or notification carries no 'result', a response no 'method'.", "1")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":\"r\",\"error\":{\"code\":1,\"message\":\"x\"},\"method\":\"tools/list\"}", "The message has both 'method' and 'error': a request or notification carries no 'error', a response no 'method'.", "\"r\"")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\",\"result\":{}}", "The message has both 'method' and 'result': a request or notification carries no 'result', a response no 'method'.", null)]
    public async Task Repeated_members_and_a_method_with_a_result_are_invalid_requests(string json, string message, string? id)
    {
        await AssertErrorAsync(json, -32600, message, id);
        var error = (await _client.SendRawAsync(json))!.Value.GetProperty("error");
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    /// <summary>
    /// Invalid UTF-8 inside a string is a parse error: the reader checks strings only when it decodes them, which for
    /// arguments used to happen in the handler, and the client got a .NET decoding message in an isError result.
    /// </summary>
    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    public async Task Invalid_utf8_in_a_string_is_a_parse_error_naming_the_offset(byte[] bad)
    {
        foreach (var (before, after) in new[]
        {
            ("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"ab", "\"}," + Meta + "}}"),
            ("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"te", "xt\":\"ab\"}," + Meta + "}}"),
            ("{\"jsonrpc\":\"2.0\",\"id\":\"7", "\",\"method\":\"tools/list\",\"params\":{" + Meta + "}}"),
        })
        {
            byte[] message = [.. Encoding.UTF8.GetBytes(before), .. bad, .. Encoding.UTF8.GetBytes(after)];
            var response = (await _client.SendRawAsync(message))!.Value;
            var error = response.GetProperty("error");
            Assert.Equal(-32700, error.GetProperty("code").GetInt32());
            Assert.Equal($"Parse error: the message is not valid UTF-8 (an invalid byte sequence at byte {Encoding.UTF8.GetByteCount(before)}).", error.GetProperty("message").GetString());
            Assert.False(response.TryGetProperty("id", out _));
        }
    }

    /// <summary>
    /// Malformed JSON inside params, wherever params stand in the message, is the parse error naming the byte of the
    /// whole message (not of the params, which the core reads on their own later); a notification's too.
    /// </summary>
    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":}}}", "'}' is an invalid start of a value", 90)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":[}}}", "'}' is an invalid start of a value", 83)]
    [InlineData("{\"method\":\"tools/call\",\"params\":{\"name\":\"echo\" \"x\":1},\"jsonrpc\":\"2.0\",\"id\":1}", "'\"' is invalid after a value", 47)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":{}}} x", "'x' is invalid after a single JSON value", 69)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"a\":\"}", "", -1)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"a\":,}}", "',' is an invalid start of a value", -1)]
    public async Task Malformed_params_are_a_parse_error_at_their_byte(string json, string what, int bytePosition)
    {
        await AssertErrorAsync(json, -32700, "Parse error: " + what, null);
        if (bytePosition >= 0)
        {
            string message = (await _client.SendRawAsync(json))!.Value.GetProperty("error").GetProperty("message").GetString()!;
            Assert.EndsWith($"BytePositionInLine: {bytePosition}.", message);
        }
    }

    /// <summary>Brackets and quotes inside strings, escapes, and params before the id (the TypeScript SDK's member order).</summary>
    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"a}]\\\"{[\\\\\"}," + Meta + "}}", "a}]\"{[\\")]
    [InlineData("{\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"}\"}," + Meta + "},\"jsonrpc\":\"2.0\",\"id\":1}", "}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"te\\u0078t\":\"x\\u007d\"}," + Meta + "}}", "x}")]
    public async Task Brackets_quotes_and_escapes_in_strings_and_any_member_order_are_served(string json, string echoed)
    {
        var response = (await _client.SendRawAsync(json))!.Value;
        Assert.Equal("1", response.GetProperty("id").GetRawText());
        Assert.Equal(echoed, response.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Valid_non_ascii_text_is_served_unchanged()
    {
        Assert.Equal("héllo ✓ 𝄞 日本", await _client.CallTextAsync("echo", "{\"text\":\"héllo ✓ 𝄞 日本\"}"));
    }

    private const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    [Theory]
    [InlineData("{}", "Missing params._meta")]
    [InlineData("{\"_meta\":{\"io.modelcontextprotocol/clientCapabilities\":{}}}", "Missing params._meta")]
    [InlineData("{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}", "clientCapabilities")]
    [InlineData("{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":[]}}", "clientCapabilities")]
    public Task Incomplete_meta_is_invalid_params(string @params, string messagePart) =>
        AssertErrorAsync($"{{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\",\"params\":{@params}}}", -32602, messagePart, "9");

    [Fact]
    public async Task Client_info_is_not_required()
    {
        var response = await _client.SendRawAsync("""{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""");
        Assert.True(response!.Value.TryGetProperty("result", out _));
    }

    [Theory]
    [InlineData("\"v999.0.0\"", "\"v999.0.0\"")]
    [InlineData("\"2025-11-25\"", "\"2025-11-25\"")]
    [InlineData("7", "7")]
    public async Task Unsupported_version_lists_supported_versions(string version, string requested)
    {
        var response = await _client.SendRawAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":" + version + ",\"io.modelcontextprotocol/clientCapabilities\":{}}}}");
        var error = response!.Value.GetProperty("error");
        Assert.Equal(-32022, error.GetProperty("code").GetInt32());
        TestClient.AssertJsonEqual($$"""{"supported":["2026-07-28"],"requested":{{requested}}}""", error.GetProperty("data"));
    }

    [Theory]
    [InlineData("unknown/method", "not found")]
    [InlineData("initialize", "not part of protocol revision 2026-07-28")]
    [InlineData("ping", "not part of protocol revision 2026-07-28")]
    [InlineData("logging/setLevel", "not part of protocol revision 2026-07-28")]
    [InlineData("resources/subscribe", "not part of protocol revision 2026-07-28")]
    [InlineData("sampling/createMessage", "not found")]
    public async Task Unknown_and_removed_methods_are_method_not_found(string method, string messagePart)
    {
        var response = await _client.RequestAsync(method);
        Assert.Equal(-32601, response.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains(messagePart, response.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("resources/list")]
    [InlineData("resources/templates/list")]
    [InlineData("resources/read")]
    [InlineData("prompts/list")]
    [InlineData("prompts/get")]
    [InlineData("completion/complete")]
    [InlineData("tools/list")]
    public async Task Methods_of_capabilities_a_server_lacks_are_method_not_found(string method)
    {
        var empty = new TestClient(new McpServerDefinition(new McpServerInfo("empty", "1.0.0"), []));
        var response = await empty.RequestAsync(method);
        Assert.Equal(-32601, response.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal($"Method '{method}' not found.", response.GetProperty("error").GetProperty("message").GetString());
        TestClient.AssertJsonEqual("{\"logging\":{}}", (await empty.ResultAsync("server/discover")).GetProperty("capabilities"));
    }

    [Fact]
    public async Task Notifications_and_client_responses_get_no_answer()
    {
        Assert.Null(await _client.SendRawAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}"""));
        Assert.Null(await _client.SendRawAsync("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}"""));
        Assert.Null(await _client.SendRawAsync("""{"jsonrpc":"2.0","id":4,"result":{}}"""));
    }

    [Fact]
    public async Task Unknown_tool_is_invalid_params_naming_it()
    {
        var response = await _client.RequestAsync("tools/call", "\"name\":\"no_such_tool\",\"arguments\":{}");
        Assert.Equal(-32602, response.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("Unknown tool 'no_such_tool'.", response.GetProperty("error").GetProperty("message").GetString());
        TestClient.AssertJsonEqual("""{"name":"no_such_tool"}""", response.GetProperty("error").GetProperty("data"));
    }

    [Fact]
    public async Task Missing_tool_name_is_invalid_params()
    {
        var response = await _client.RequestAsync("tools/call", "\"arguments\":{}");
        Assert.Equal(-32602, response.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("params.name", response.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("[1,2]", "got an array")]
    [InlineData("\"text\"", "got a string")]
    [InlineData("5", "got a number")]
    public async Task Non_object_arguments_are_invalid_params(string arguments, string messagePart)
    {
        var response = await _client.RequestAsync("tools/call", $"\"name\":\"echo\",\"arguments\":{arguments}");
        Assert.Equal(-32602, response.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("Invalid params.arguments for tool 'echo'", response.GetProperty("error").GetProperty("message").GetString());
        Assert.Contains(messagePart, response.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("echo", "{}", "Argument 'text': is required (a string) but was not provided.")]
    [InlineData("echo", "{\"text\":5}", "Argument 'text': expected a string, got the number 5.")]
    [InlineData("echo", "{\"text\":null}", "Argument 'text': expected a string, got null.")]
    [InlineData("echo", "{\"text\":\"a\",\"txt\":1}", "Argument 'txt': is not a known name; expected one of: text.")]
    [InlineData("nothing", "{\"x\":1}", "Argument 'x': no arguments are accepted.")]
    [InlineData("integers", "{\"b\":300,\"sb\":0,\"s\":0,\"us\":0,\"i\":0,\"ui\":0,\"l\":0,\"ul\":0}", "Argument 'b': expected an integer from 0 to 255, got the number 300.")]
    [InlineData("integers", "{\"b\":1,\"sb\":0,\"s\":0,\"us\":0,\"i\":1.5,\"ui\":0,\"l\":0,\"ul\":0}", "Argument 'i': expected an integer from -2147483648 to 2147483647, got the number 1.5, which is not an integer.")]
    [InlineData("integers", "{\"b\":1,\"sb\":0,\"s\":0,\"us\":0,\"i\":\"7\",\"ui\":0,\"l\":0,\"ul\":0}", "Argument 'i': expected an integer from -2147483648 to 2147483647, got a string (\"7\").")]
    [InlineData("flags", "{\"flag\":\"yes\",\"letter\":\"x\"}", "Argument 'flag': expected a boolean, got a string (\"yes\").")]
    [InlineData("flags", "{\"flag\":true,\"letter\":\"xy\"}", "Argument 'letter': expected a single character, got a string of length 2.")]
    [InlineData("paint", "{\"color\":\"Purple\"}", "Argument 'color': expected one of 'Red', 'Green', 'deep-blue', got a string (\"Purple\").")]
    [InlineData("paint", "{\"color\":1}", "Argument 'color': expected one of 'Red', 'Green', 'deep-blue', got the number 1.")]
    [InlineData("times", "{\"at\":\"yesterday\",\"offset\":\"2026-07-28T10:00:00Z\",\"day\":\"2026-07-28\",\"time\":\"10:00\",\"duration\":\"PT1S\"}", "Argument 'at': expected a date-time string (ISO 8601, e.g. \"2026-07-28T12:00:00Z\"), got a string (\"yesterday\").")]
    [InlineData("ids", "{\"id\":\"nope\",\"link\":\"https://x\"}", "Argument 'id': expected a UUID string, got a string (\"nope\").")]
    [InlineData("ids", "{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"link\":\"relative/path\"}", "Argument 'link': expected an absolute URI string, got a string (\"relative/path\").")]
    [InlineData("validated", "{\"rating\":11,\"code\":\"ab\",\"slug\":\"a\",\"picks\":[\"x\"]}", "Argument 'rating': must be between 1 and 10, got 11.")]
    [InlineData("validated", "{\"rating\":1,\"code\":\"abcdef\",\"slug\":\"a\",\"picks\":[\"x\"]}", "Argument 'code': must have between 2 and 5 characters, got 6.")]
    [InlineData("validated", "{\"rating\":1,\"code\":\"ab\",\"slug\":\"A1\",\"picks\":[\"x\"]}", "Argument 'slug': must match the pattern ^[a-z]+$.")]
    [InlineData("validated", "{\"rating\":1,\"code\":\"ab\",\"slug\":\"a\",\"picks\":[]}", "Argument 'picks': must have between 1 and 3 items, got 0.")]
    [InlineData("sum", "{\"numbers\":[1,\"x\"],\"more\":[],\"evenMore\":[],\"andMore\":[]}", "Argument 'numbers[1]': expected an integer from -2147483648 to 2147483647, got a string (\"x\").")]
    [InlineData("sum", "{\"numbers\":{},\"more\":[],\"evenMore\":[],\"andMore\":[]}", "Argument 'numbers': expected an array, got an object.")]
    [InlineData("lookup", "{\"table\":{\"a\":true},\"key\":\"a\"}", "Argument 'table.a': expected an integer from -2147483648 to 2147483647, got true.")]
    [InlineData("describe_person", "{\"person\":{\"age\":3}}", "Argument 'person.name': is required (a string) but was not provided.")]
    [InlineData("describe_person", "{\"person\":{\"name\":\"A\",\"home\":{\"street\":\"s\"}}}", "Argument 'person.home.city': is required (a string) but was not provided.")]
    [InlineData("describe_person", "{\"person\":{\"name\":\"A\",\"age\":200}}", "Argument 'person.age': must be between 0 and 150, got 200.")]
    [InlineData("describe_person", "{\"person\":{\"name\":\"A\",\"secret\":\"s\"}}", "Argument 'person.secret': is not a known name; expected one of: name, age, home, tags, nickname.")]
    [InlineData("count_nodes", "{\"root\":{\"label\":\"r\",\"children\":[{\"label\":\"a\",\"children\":[{\"label\":1}]}]}}", "Argument 'root.children[0].children[0].label': expected a string, got the number 1.")]
    [InlineData("nested", "{\"grid\":[[\"a\"],[1]]}", "Argument 'grid[1][0]': expected a string, got the number 1.")]
    public async Task Argument_problems_are_tool_errors_naming_the_argument(string tool, string arguments, string expected)
    {
        Assert.Equal($"Invalid arguments for tool '{tool}': {expected}", await _client.CallErrorAsync(tool, arguments));
    }

    [Fact]
    public async Task A_throwing_tool_gives_its_message_without_a_stack_trace_and_the_server_keeps_serving()
    {
        var text = await _client.CallErrorAsync("throws", """{"message":"disk full"}""");
        Assert.Equal("disk full", text);
        Assert.Equal("bad thing", await _client.CallErrorAsync("throws_argument"));
        Assert.Equal("still here", await _client.CallTextAsync("echo", """{"text":"still here"}"""));
    }

    [Fact]
    public async Task Escaped_names_and_values_are_understood()
    {
        var response = await _client.SendRawAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools\\/call\",\"params\":{\"name\":\"\\u0065cho\",\"arguments\":{\"t\\u0065xt\":\"\\u00e9\"}," + TestClient.Meta + "}}");
        Assert.Equal("é", TestClient.SingleText(response!.Value.GetProperty("result")));
    }
}
