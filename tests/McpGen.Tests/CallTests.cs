using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace McpGen.Tests;

public sealed class CallTests
{
    private readonly TestClient _client = new();

    [Fact]
    public async Task Result_carries_result_type_content_and_server_info()
    {
        var result = await _client.CallAsync("echo", """{"text":"héllo <world> \"quoted\""}""");
        TestClient.AssertJsonEqual("""
            {"resultType":"complete","content":[{"type":"text","text":"héllo <world> \"quoted\""}],
             "_meta":{"io.modelcontextprotocol/serverInfo":{"name":"test-server","version":"2.3.4","title":"Test Server","description":"The server under test: every supported parameter and return shape."}}}
            """, result);
    }

    [Fact]
    public async Task Binds_every_integer_width()
    {
        Assert.Equal((255 - 128 - 32768 + 65535 + 1 + 2 - 3 + 4).ToString(), await _client.CallTextAsync("integers", """{"b":255,"sb":-128,"s":-32768,"us":65535,"i":1,"ui":2,"l":-3,"ul":4}"""));
    }

    [Fact]
    public async Task Binds_floats_bools_chars_times_ids_and_enums()
    {
        Assert.Equal("1.5|2.25|3.125", await _client.CallTextAsync("floats", """{"f":1.5,"d":2.25,"m":3.125}"""));
        Assert.Equal("True:x", await _client.CallTextAsync("flags", """{"flag":true,"letter":"x"}"""));
        Assert.Equal("2026-07-28T10:00:00.0000000Z|2026-07-28T10:00:00.0000000+02:00|2026-07-28|13:45:30|5400",
            await _client.CallTextAsync("times", """{"at":"2026-07-28T10:00:00Z","offset":"2026-07-28T10:00:00+02:00","day":"2026-07-28","time":"13:45:30","duration":"PT1H30M"}"""));
        Assert.EndsWith("|90", await _client.CallTextAsync("times", """{"at":"2026-07-28T10:00:00Z","offset":"2026-07-28T10:00:00+02:00","day":"2026-07-28","time":"13:45","duration":"00:01:30"}"""));
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e|https://example.com/a",
            await _client.CallTextAsync("ids", """{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","link":"https://example.com/a"}"""));
        Assert.Equal("Blue", await _client.CallTextAsync("paint", """{"color":"deep-blue"}"""));
        Assert.Equal("Red+Green", await _client.CallTextAsync("paint", """{"color":"Red","second":"Green"}"""));
        Assert.Equal("Red", await _client.CallTextAsync("paint", """{"color":"Red","second":null}"""));
    }

    [Fact]
    public async Task Defaults_apply_when_arguments_are_absent()
    {
        Assert.Equal("abab0.5Green", await _client.CallTextAsync("defaults", """{"name":"ab"}"""));
        Assert.Equal("ABABAB!0.25RED", await _client.CallTextAsync("defaults", """{"name":"ab","times":3,"suffix":"!","loud":true,"ratio":0.25,"color":"Red"}"""));
        Assert.Equal("null|null", await _client.CallTextAsync("nullables"));
        Assert.Equal("3|x", await _client.CallTextAsync("nullables", """{"count":3,"label":"x"}"""));
        Assert.Equal("null|null", await _client.CallTextAsync("nullables", """{"count":null,"label":null}"""));
    }

    [Fact]
    public async Task Missing_arguments_mean_an_empty_object()
    {
        Assert.Equal("null|null", await _client.CallTextAsync("nullables", argumentsJson: null));
        var result = await _client.CallAsync("nothing", argumentsJson: null);
        Assert.Equal(0, result.GetProperty("content").GetArrayLength());
    }

    [Fact]
    public async Task Binds_collections_and_dictionaries()
    {
        Assert.Equal("10", await _client.CallTextAsync("sum", """{"numbers":[1],"more":[2],"evenMore":[3],"andMore":[4]}"""));
        Assert.Equal("2", await _client.CallTextAsync("distinct", """{"words":["a","b","a"]}"""));
        Assert.Equal("7", await _client.CallTextAsync("lookup", """{"table":{"x":7,"y":8},"key":"x"}"""));
        Assert.Equal("a,_;b", await _client.CallTextAsync("nested", """{"grid":[["a",null],["b"]]}"""));
        Assert.Equal("[1,{\"a\":true}]", await _client.CallTextAsync("any", """{"value":[1,{"a":true}]}"""));
    }

    [Fact]
    public async Task Binds_objects_with_required_members_defaults_json_names_and_ignored_members()
    {
        Assert.Equal("Ann 30 Paris 75001 [a,b] none hidden", await _client.CallTextAsync("describe_person",
            """{"person":{"name":"Ann","age":30,"home":{"street":"1 Rue","city":"Paris","postal_code":"75001"},"tags":["a","b"]}}"""));
        Assert.Equal("Bob 0 - - [] bobby hidden", await _client.CallTextAsync("describe_person", """{"person":{"name":"Bob","nickname":"bobby","home":null}}"""));
        Assert.Equal("3", await _client.CallTextAsync("count_nodes", """{"root":{"label":"r","children":[{"label":"a"},{"label":"b","children":[]}]}}"""));
        Assert.Equal("5", await _client.CallTextAsync("distance", """{"a":{"x":0,"y":0},"b":{"x":3,"y":4}}"""));
    }

    [Fact]
    public async Task Void_and_task_results_give_empty_content()
    {
        TestClient.AssertJsonEqual("[]", (await _client.CallAsync("nothing")).GetProperty("content"));
        TestClient.AssertJsonEqual("[]", (await _client.CallAsync("idle")).GetProperty("content"));
        Assert.Equal("42", await _client.CallTextAsync("count", """{"to":42}"""));
    }

    [Fact]
    public async Task Structured_results_carry_structured_content_and_the_same_json_as_text()
    {
        var result = await _client.CallAsync("make_address", """{"street":"1 Main","city":"Springfield"}""");
        TestClient.AssertJsonEqual("""{"street":"1 Main","city":"Springfield","postal_code":"12345"}""", result.GetProperty("structuredContent"));
        TestClient.AssertJsonEqual(result.GetProperty("structuredContent").GetRawText(), TestClient.Parse(TestClient.SingleText(result)));

        var maybe = await _client.CallAsync("maybe_address", """{"give":false}""");
        TestClient.AssertJsonEqual("""{"result":null}""", maybe.GetProperty("structuredContent"));
        var points = await _client.CallAsync("points", """{"count":2}""");
        TestClient.AssertJsonEqual("""{"result":[{"x":0,"y":0},{"x":1,"y":2}]}""", points.GetProperty("structuredContent"));
        TestClient.AssertJsonEqual("""{"sky":"deep-blue","grass":"Green"}""", (await _client.CallAsync("palette")).GetProperty("structuredContent"));
        TestClient.AssertJsonEqual("""{"label":"root","children":[{"label":"leaf","children":null}]}""", (await _client.CallAsync("tree")).GetProperty("structuredContent"));
        TestClient.AssertJsonEqual("""{"result":[1,2]}""", (await _client.CallAsync("raw")).GetProperty("structuredContent"));
    }

    [Fact]
    public async Task Primitive_results_are_text()
    {
        Assert.Equal("2026-07-28", await _client.CallTextAsync("today"));
        Assert.Equal("deep-blue", await _client.CallTextAsync("favourite"));
        Assert.Equal("true", await _client.CallTextAsync("truth"));
    }

    [Fact]
    public async Task Protocol_content_types_pass_through()
    {
        var custom = await _client.CallAsync("custom");
        TestClient.AssertJsonEqual("""[{"type":"text","text":"custom"}]""", custom.GetProperty("content"));
        Assert.True(custom.GetProperty("isError").GetBoolean());
        TestClient.AssertJsonEqual("""{"k":1}""", custom.GetProperty("structuredContent"));

        var image = await _client.CallAsync("image");
        Assert.Equal("image", image.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("image/png", image.GetProperty("content")[0].GetProperty("mimeType").GetString());
        Assert.Equal(new[] { "one", "two" }, (await _client.CallAsync("blocks")).GetProperty("content").EnumerateArray().Select(b => b.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Request_context_exposes_version_client_and_capabilities()
    {
        Assert.Equal("2026-07-28|anonymous|False|tools/call", await _client.CallTextAsync("who_am_i"));
        var response = await _client.SendRawAsync("""
            {"jsonrpc":"2.0","id":"x","method":"tools/call","params":{"name":"who_am_i","_meta":{
              "io.modelcontextprotocol/protocolVersion":"2026-07-28",
              "io.modelcontextprotocol/clientCapabilities":{"elicitation":{}},
              "io.modelcontextprotocol/clientInfo":{"name":"inspector","version":"1.0"}}}}
            """);
        Assert.Equal("\"x\"", response!.Value.GetProperty("id").GetRawText());
        Assert.Equal("2026-07-28|inspector|True|tools/call", TestClient.SingleText(response.Value.GetProperty("result")));
    }

    [Fact]
    public async Task Services_are_resolved_per_call_and_instance_classes_are_disposed()
    {
        var services = new ServiceCollection().AddSingleton<IGreeter, Greeter>().BuildServiceProvider();
        var client = new TestClient(services);
        Assert.Equal("Hello, Ann!", await client.CallTextAsync("greet", """{"name":"Ann"}"""));
        Assert.Equal("True", await client.CallTextAsync("has_services"));
        int before = InstanceTools.Disposed;
        Assert.Equal("Hello, Bo!", await client.CallTextAsync("instance.greet", """{"name":"Bo"}"""));
        Assert.Equal(before + 1, InstanceTools.Disposed);
    }

    [Fact]
    public async Task Each_call_gets_its_own_service_scope_disposed_when_the_call_ends()
    {
        var services = new ServiceCollection()
            .AddScoped<CallScope>()
            .AddScoped<ICallScope, CallScopeAccessor>()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var client = new TestClient(services);
        int disposedBefore = CallScope.Disposed;
        string first = await client.CallTextAsync("same_scope");
        string second = await client.CallTextAsync("same_scope");
        Assert.StartsWith("same:", first);
        Assert.StartsWith("same:", second);
        Assert.NotEqual(first, second);
        Assert.Equal(disposedBefore + 2, CallScope.Disposed);
    }

    [Fact]
    public async Task A_missing_service_is_a_tool_error_not_a_crash()
    {
        var text = await _client.CallErrorAsync("greet", """{"name":"Ann"}""");
        Assert.Contains(nameof(IGreeter), text);
        Assert.Equal("Ann", await _client.CallTextAsync("echo", """{"text":"Ann"}"""));
    }

    [Fact]
    public async Task Progress_is_reported_for_requests_with_a_token_strictly_increasing()
    {
        var response = await _client.SendRawAsync("""
            {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"progress","arguments":{"steps":3},"_meta":{
              "progressToken":"tok-1","io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}
            """);
        Assert.Equal("ok", TestClient.SingleText(response!.Value.GetProperty("result")));
        var notifications = _client.Notifications.ToArray();
        Assert.Equal(3, notifications.Length);
        for (int i = 0; i < 3; i++)
        {
            TestClient.AssertJsonEqual($$$"""
                {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"tok-1","progress":{{{i + 1}}},"total":3,"message":"step {{{i + 1}}}"}}
                """, notifications[i]);
        }
    }

    [Fact]
    public async Task No_progress_without_a_token()
    {
        Assert.Equal("ok", await _client.CallTextAsync("progress", """{"steps":2}"""));
        Assert.Empty(_client.Notifications);
    }
}
