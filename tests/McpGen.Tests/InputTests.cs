using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;

namespace McpGen.Tests;

/// <summary>Multi round-trip input (MRTR): input_required rounds, sealed requestState, answers and their validation.</summary>
public sealed class InputTests
{
    private const string Capabilities = "{\"elicitation\":{},\"sampling\":{},\"roots\":{}}";

    private readonly InputClient _client = new(new TestClient(InputTestServer.Definition));

    [Fact]
    public async Task First_round_asks_with_the_generated_form_and_a_sealed_state()
    {
        var result = await _client.CallAsync("deploy", "{\"service\":\"api\"}");
        Assert.Equal("input_required", result.GetProperty("resultType").GetString());
        TestClient.AssertJsonEqual("""
            {"confirm":{"method":"elicitation/create","params":{"mode":"form","message":"Deploy api?","requestedSchema":
              {"type":"object","properties":{
                "confirm":{"type":"boolean","description":"Go ahead."},
                "replicas":{"type":"integer","minimum":1,"maximum":5,"description":"How many replicas.","default":1},
                "reason":{"type":"string"}},
               "required":["confirm"]}}}}
            """, result.GetProperty("inputRequests"));
        Assert.StartsWith("v1.", result.GetProperty("requestState").GetString());
        Assert.False(result.TryGetProperty("ttlMs", out _), "input_required results carry no cache hints");
        Assert.False(result.TryGetProperty("content", out _));
        Assert.True(result.GetProperty("_meta").TryGetProperty("io.modelcontextprotocol/serverInfo", out _));
    }

    [Fact]
    public async Task Retry_with_the_answer_completes()
    {
        var first = await _client.CallAsync("deploy", "{\"service\":\"api\"}");
        var result = await _client.CallAsync("deploy", "{\"service\":\"api\"}",
            inputResponses: """{"confirm":{"action":"accept","content":{"confirm":true,"replicas":3,"reason":"hotfix"}}}""",
            requestState: first.GetProperty("requestState").GetString());
        Assert.Equal("complete", result.GetProperty("resultType").GetString());
        Assert.Equal("Deployed api with 3 replica(s) because hotfix.", TestClient.SingleText(result));
    }

    [Fact]
    public async Task Answers_work_without_state_and_defaults_fill_optional_fields()
    {
        var result = await _client.CallAsync("deploy", "{\"service\":\"api\"}", inputResponses: """{"confirm":{"action":"accept","content":{"confirm":true}}}""");
        Assert.Equal("Deployed api with 1 replica(s).", TestClient.SingleText(result));
    }

    [Theory]
    [InlineData("decline", "Not deployed (Decline).")]
    [InlineData("cancel", "Not deployed (Cancel).")]
    public async Task Declined_and_cancelled_forms_reach_the_handler(string action, string text)
    {
        var result = await _client.CallAsync("deploy", "{\"service\":\"api\"}", inputResponses: "{\"confirm\":{\"action\":\"" + action + "\"}}");
        Assert.Equal(text, TestClient.SingleText(result));
    }

    [Fact]
    public async Task Earlier_answers_and_the_handler_state_ride_in_the_sealed_state_across_rounds()
    {
        var round1 = await _client.CallAsync("release", "{\"service\":\"web\"}");
        Assert.Equal(["target"], round1.GetProperty("inputRequests").EnumerateObject().Select(p => p.Name));

        var round2 = await _client.CallAsync("release", "{\"service\":\"web\"}",
            inputResponses: """{"target":{"action":"accept","content":{"target":"Production"}}}""",
            requestState: round1.GetProperty("requestState").GetString());
        Assert.Equal("input_required", round2.GetProperty("resultType").GetString());
        Assert.Equal(["confirm_Production"], round2.GetProperty("inputRequests").EnumerateObject().Select(p => p.Name));
        Assert.NotEqual(round1.GetProperty("requestState").GetString(), round2.GetProperty("requestState").GetString());

        // The last round answers only the last question: the first answer comes from the state.
        var round3 = await _client.CallAsync("release", "{\"service\":\"web\"}",
            inputResponses: """{"confirm_Production":{"action":"accept","content":{"confirm":true}}}""",
            requestState: round2.GetProperty("requestState").GetString());
        Assert.Equal("web → Production: True; state: chose Production", TestClient.SingleText(round3));
    }

    [Fact]
    public async Task Several_questions_go_out_in_one_round_and_partial_answers_re_ask_the_rest()
    {
        var round1 = await _client.CallAsync("survey");
        Assert.Equal(["first", "second"], round1.GetProperty("inputRequests").EnumerateObject().Select(p => p.Name));

        var round2 = await _client.CallAsync("survey", inputResponses: """{"first":{"action":"accept","content":{"target":"Staging"}},"unknown":{"action":"accept"}}""",
            requestState: round1.GetProperty("requestState").GetString());
        Assert.Equal(["second"], round2.GetProperty("inputRequests").EnumerateObject().Select(p => p.Name));

        var round3 = await _client.CallAsync("survey", inputResponses: """{"second":{"action":"accept","content":{"target":"Production"}}}""",
            requestState: round2.GetProperty("requestState").GetString());
        Assert.Equal("Staging then Production", TestClient.SingleText(round3));
    }

    [Fact]
    public async Task Hand_written_schemas_are_sent_minified_and_answered_as_json()
    {
        var round1 = await _client.CallAsync("raw_form");
        Assert.Equal("""{"type":"object","properties":{"x":{"type":"number"}}}""",
            round1.GetProperty("inputRequests").GetProperty("raw").GetProperty("params").GetProperty("requestedSchema").GetRawText());
        var round2 = await _client.CallAsync("raw_form", inputResponses: """{"raw":{"action":"accept","content":{"x":4.5}}}""");
        Assert.Equal("4.5", TestClient.SingleText(round2));
    }

    [Fact]
    public async Task Resource_reads_and_prompts_ask_too_and_their_state_is_bound_to_the_uri_or_name()
    {
        var read1 = await _client.RequestAsync("resources/read", "\"uri\":\"secrets://7\"");
        var result = read1.GetProperty("result");
        Assert.Equal("input_required", result.GetProperty("resultType").GetString());
        string state = result.GetProperty("requestState").GetString()!;

        var read2 = await _client.RequestAsync("resources/read", $"\"uri\":\"secrets://7\",\"requestState\":\"{state}\",\"inputResponses\":{{\"unlock\":{{\"action\":\"accept\",\"content\":{{\"confirm\":true}}}}}}");
        Assert.Equal("Note 7", read2.GetProperty("result").GetProperty("contents")[0].GetProperty("text").GetString());

        var other = await _client.RequestAsync("resources/read", $"\"uri\":\"secrets://8\",\"requestState\":\"{state}\"");
        Assert.Equal(-32602, other.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("issued for resources/read 'secrets://7', not resources/read 'secrets://8'", other.GetProperty("error").GetProperty("message").GetString());

        var prompt = await _client.RequestAsync("prompts/get", "\"name\":\"plan\"");
        Assert.Equal("input_required", prompt.GetProperty("result").GetProperty("resultType").GetString());
        var planned = await _client.RequestAsync("prompts/get", "\"name\":\"plan\",\"inputResponses\":{\"target\":{\"action\":\"accept\",\"content\":{\"target\":\"Staging\"}}}");
        Assert.Equal("Plan a release to Staging.", planned.GetProperty("result").GetProperty("messages")[0].GetProperty("content").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Tampered_state_is_an_error_never_a_new_prompt()
    {
        var first = await _client.CallAsync("deploy", "{\"service\":\"api\"}");
        string state = first.GetProperty("requestState").GetString()!;
        foreach (var tampered in new[] { state + "-TAMPERED", state[..^2] + (state[^2] == 'A' ? "B" : "A") + state[^1], "v1.nope.AAAA", "plain text" })
        {
            var error = await _client.ErrorAsync("deploy", "{\"service\":\"api\"}", requestState: tampered);
            Assert.Equal(-32602, error.GetProperty("code").GetInt32());
            Assert.Equal("Invalid params.requestState: it was not issued by this server or was altered. Send the request again without requestState and inputResponses to start over.", error.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task State_sealed_for_an_authenticated_caller_opens_only_for_that_caller()
    {
        static System.Security.Claims.ClaimsPrincipal Caller(string subject) =>
            new(new System.Security.Claims.ClaimsIdentity([new("sub", subject), new("iss", "https://login.example.com")], "Bearer"));
        var alice = new InputClient(_client.Inner.As(Caller("alice")));
        var bob = new InputClient(_client.Inner.As(Caller("bob")));
        var anonymous = new InputClient(_client.Inner.As(null));
        string state = (await alice.CallAsync("deploy", "{\"service\":\"api\"}")).GetProperty("requestState").GetString()!;
        const string Answer = """{"confirm":{"action":"accept","content":{"confirm":true}}}""";

        foreach (var other in new[] { bob, anonymous })
        {
            var error = await other.ErrorAsync("deploy", "{\"service\":\"api\"}", inputResponses: Answer, requestState: state);
            Assert.Equal("Invalid params.requestState: it was issued to another caller. Send the request again without requestState and inputResponses to start over.", error.GetProperty("message").GetString());
        }

        var done = await alice.CallAsync("deploy", "{\"service\":\"api\"}", inputResponses: Answer, requestState: state);
        Assert.Equal("Deployed api with 1 replica(s).", TestClient.SingleText(done));

        // And an anonymous round does not open for a signed-in caller either.
        string anonymousState = (await anonymous.CallAsync("deploy", "{\"service\":\"api\"}")).GetProperty("requestState").GetString()!;
        var signedIn = await alice.ErrorAsync("deploy", "{\"service\":\"api\"}", inputResponses: Answer, requestState: anonymousState);
        Assert.Contains("issued to another caller", signedIn.GetProperty("message").GetString());
    }

    [Fact]
    public async Task State_is_bound_to_the_tool_and_its_arguments()
    {
        var first = await _client.CallAsync("deploy", "{\"service\":\"api\"}");
        string state = first.GetProperty("requestState").GetString()!;

        var otherTool = await _client.ErrorAsync("release", "{\"service\":\"api\"}", requestState: state);
        Assert.Contains("it was issued for tools/call 'deploy', not tools/call 'release'", otherTool.GetProperty("message").GetString());

        var otherArguments = await _client.ErrorAsync("deploy", "{\"service\":\"db\"}", requestState: state);
        Assert.Equal("Invalid params.requestState: it was issued for other arguments; a retry must repeat the original arguments.", otherArguments.GetProperty("message").GetString());

        // The same arguments re-serialized (white space, escapes) still match.
        var sameArguments = await _client.CallAsync("deploy", "{ \"service\" : \"\\u0061pi\" }", inputResponses: """{"confirm":{"action":"decline"}}""", requestState: state);
        Assert.Equal("Not deployed (Decline).", TestClient.SingleText(sameArguments));
    }

    [Fact]
    public async Task Expired_state_is_rejected_with_its_expiry()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var options = new McpServerOptions();
        options.RequestState.Lifetime = TimeSpan.FromMinutes(2);
        var client = new InputClient(new TestClient(InputTestServer.Definition, options: options));
        client.Processor.Time = clock;
        var first = await client.CallAsync("deploy", "{\"service\":\"api\"}");
        clock.Now += TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1);
        var error = await client.ErrorAsync("deploy", "{\"service\":\"api\"}", requestState: first.GetProperty("requestState").GetString());
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal("Invalid params.requestState: it expired at 2026-12-01T10:02:00.0000000+00:00. Send the request again without requestState and inputResponses to start over.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Instances_sharing_a_key_open_each_others_state_and_rotation_keeps_retries_in_flight()
    {
        byte[] oldKey = RandomNumberGenerator.GetBytes(32), newKey = RandomNumberGenerator.GetBytes(32);
        InputClient Instance(params byte[][] keys)
        {
            var options = new McpServerOptions();
            foreach (var key in keys)
            {
                options.RequestState.Keys.Add(key);
            }

            return new InputClient(new TestClient(InputTestServer.Definition, options: options));
        }

        var a = Instance(oldKey);
        string state = (await a.CallAsync("deploy", "{\"service\":\"api\"}")).GetProperty("requestState").GetString()!;
        const string answer = """{"confirm":{"action":"accept","content":{"confirm":true}}}""";

        // Another instance with the same key, and one mid-rotation (new key first, old key still accepted).
        Assert.Equal("Deployed api with 1 replica(s).", TestClient.SingleText(await Instance(oldKey).CallAsync("deploy", "{\"service\":\"api\"}", answer, state)));
        var rotating = Instance(newKey, oldKey);
        Assert.Equal("Deployed api with 1 replica(s).", TestClient.SingleText(await rotating.CallAsync("deploy", "{\"service\":\"api\"}", answer, state)));

        // State sealed mid-rotation uses the new key; once the old key is gone, old state is refused.
        string newState = (await rotating.CallAsync("deploy", "{\"service\":\"api\"}")).GetProperty("requestState").GetString()!;
        Assert.Equal("Deployed api with 1 replica(s).", TestClient.SingleText(await Instance(newKey).CallAsync("deploy", "{\"service\":\"api\"}", answer, newState)));
        Assert.Equal(-32602, (await Instance(newKey).ErrorAsync("deploy", "{\"service\":\"api\"}", requestState: state)).GetProperty("code").GetInt32());
        Assert.Equal(-32602, (await Instance(RandomNumberGenerator.GetBytes(32)).ErrorAsync("deploy", "{\"service\":\"api\"}", requestState: newState)).GetProperty("code").GetInt32());
    }

    [Fact]
    public void Keys_that_are_not_AES_256_are_refused_at_start_up()
    {
        var options = new McpServerOptions();
        options.RequestState.Keys.Add(new byte[16]);
        var ex = Assert.Throws<ArgumentException>(() => new McpRequestProcessor(InputTestServer.Definition, options: options));
        Assert.Contains("Keys[0] has 16 bytes; AES-256 needs 32 random bytes", ex.Message);
    }

    [Fact]
    public async Task A_custom_protector_from_services_seals_the_state()
    {
        var protector = new ReversibleProtector();
        var collection = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IMcpRequestStateProtector>(collection, protector);
        var services = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(collection);
        var client = new InputClient(new TestClient(InputTestServer.Definition, services));
        string state = (await client.CallAsync("deploy", "{\"service\":\"api\"}")).GetProperty("requestState").GetString()!;
        Assert.StartsWith("test:", state);
        Assert.Equal(1, protector.Protected);
        var done = await client.CallAsync("deploy", "{\"service\":\"api\"}", """{"confirm":{"action":"decline"}}""", state);
        Assert.Equal("Not deployed (Decline).", TestClient.SingleText(done));
    }

    [Fact]
    public async Task Asking_without_the_client_capability_is_minus_32021()
    {
        var response = await _client.RequestAsync("tools/call", "\"name\":\"deploy\",\"arguments\":{\"service\":\"api\"}", capabilities: "{\"sampling\":{}}");
        var error = response.GetProperty("error");
        Assert.Equal(-32021, error.GetProperty("code").GetInt32());
        TestClient.AssertJsonEqual("""{"requiredCapabilities":{"elicitation":{}}}""", error.GetProperty("data"));
        Assert.Equal(McpProcessResult.Rejected, _client.Inner.LastResult);
    }

    [Theory]
    [InlineData("""{"confirm":12345}""", "Invalid params.inputResponses[\"confirm\"]: expected a response object, got a number.")]
    [InlineData("""[1]""", "Invalid params.inputResponses: expected an object mapping each inputRequests key to its response.")]
    [InlineData("""{"confirm":{"content":{"confirm":true}}}""", "Invalid params.inputResponses[\"confirm\"]: an elicitation result needs 'action'.")]
    [InlineData("""{"confirm":{"action":"maybe"}}""", "Invalid params.inputResponses[\"confirm\"]: 'action' must be \"accept\", \"decline\" or \"cancel\".")]
    [InlineData("""{"confirm":{"action":"accept","content":{"confirm":"yes"}}}""", "Invalid params.inputResponses[\"confirm\"]: the submitted form does not match the requested schema: Argument 'confirm': expected a boolean, got a string (\"yes\").")]
    [InlineData("""{"confirm":{"action":"accept","content":{"confirm":true,"replicas":9}}}""", "Invalid params.inputResponses[\"confirm\"]: the submitted form does not match the requested schema: Argument 'replicas': must be between 1 and 5, got 9.")]
    [InlineData("""{"confirm":{"action":"accept","content":{"replicas":2}}}""", "Invalid params.inputResponses[\"confirm\"]: the submitted form does not match the requested schema: Argument 'confirm': is required (a boolean) but was not provided.")]
    [InlineData("""{"confirm":{"action":"accept","content":[true]}}""", "Invalid params.inputResponses[\"confirm\"]: 'content' must be an object of the form's fields.")]
    [InlineData("""{"confirm":{"action":"accept"}}""", "Invalid params.inputResponses[\"confirm\"]: 'action' is \"accept\" without 'content': the submitted form does not match the requested schema: Argument 'confirm': is required (a boolean) but was not provided.")]
    [InlineData("""{"confirm":{"action":"accept","content":null}}""", "Invalid params.inputResponses[\"confirm\"]: 'action' is \"accept\" without 'content': the submitted form does not match the requested schema: Argument 'confirm': is required (a boolean) but was not provided.")]
    public async Task Malformed_answers_are_minus_32602_naming_what_is_wrong(string inputResponses, string message)
    {
        var error = await _client.ErrorAsync("deploy", "{\"service\":\"api\"}", inputResponses: inputResponses);
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    /// <summary>An accepted form without content used to reach the handler as if declined; required fields make it -32602.</summary>
    [Theory]
    [InlineData("""{"raw":{"action":"accept"}}""", "Invalid params.inputResponses[\"raw\"]: 'action' is \"accept\" without 'content': the submitted form does not match the requested schema: Argument 'x': is required but was not provided.")]
    [InlineData("""{"raw":{"action":"accept","content":{"y":1}}}""", "Invalid params.inputResponses[\"raw\"]: the submitted form does not match the requested schema: Argument 'x': is required but was not provided.")]
    public async Task Hand_written_forms_check_their_required_fields(string inputResponses, string message)
    {
        var error = await _client.ErrorAsync("raw_required", "{}", inputResponses: inputResponses);
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal(message, error.GetProperty("message").GetString());

        Assert.Equal("Accept 2", TestClient.SingleText(await _client.CallAsync("raw_required", inputResponses: """{"raw":{"action":"accept","content":{"x":2}}}""")));
        Assert.Equal("Decline", TestClient.SingleText(await _client.CallAsync("raw_required", inputResponses: """{"raw":{"action":"decline"}}""")));
    }

    [Fact]
    public async Task An_accepted_form_without_required_fields_needs_no_content()
    {
        Assert.Equal("accepted: no comment, 3 stars", TestClient.SingleText(await _client.CallAsync("feedback", inputResponses: """{"feedback":{"action":"accept"}}""")));
        Assert.Equal("not accepted (Cancel)", TestClient.SingleText(await _client.CallAsync("feedback", inputResponses: """{"feedback":{"action":"cancel"}}""")));
    }

    [Fact]
    public async Task A_request_state_that_is_not_a_string_is_minus_32602()
    {
        var response = await _client.RequestAsync("tools/call", "\"name\":\"deploy\",\"arguments\":{\"service\":\"api\"},\"requestState\":42");
        Assert.Equal("Invalid params.requestState: expected the string from the previous input_required result, unchanged.", response.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Null_input_responses_ask_again()
    {
        var response = await _client.RequestAsync("tools/call", "\"name\":\"deploy\",\"arguments\":{\"service\":\"api\"},\"inputResponses\":null");
        Assert.Equal("input_required", response.GetProperty("result").GetProperty("resultType").GetString());
    }

    [Fact]
    public async Task One_key_used_twice_is_a_tool_error_naming_the_key()
    {
        var result = await _client.CallAsync("same_key");
        Assert.True(result.GetProperty("isError").GetBoolean());
        Assert.Equal("Input key 'k' is used twice in this request; give each question its own key.", TestClient.SingleText(result));
    }

    [Fact]
    public void Elicit_with_a_type_without_a_generated_form_names_the_type()
    {
        var input = new McpRequestContextProbe().Input;
        var ex = Assert.Throws<InvalidOperationException>(() => ElicitUnknown<Uri>(input));
        Assert.Contains("'System.Uri' has no generated elicitation form", ex.Message);
    }

    [Fact]
    public void Sealed_state_round_trips_and_rejects_any_changed_byte()
    {
        var protector = AesGcmRequestStateProtector.Ephemeral();
        string sealedText = protector.Protect("{\"hello\":1}"u8);
        Assert.True(protector.TryUnprotect(sealedText, out var plaintext));
        Assert.Equal("{\"hello\":1}", System.Text.Encoding.UTF8.GetString(plaintext));
        Assert.DoesNotContain("hello", sealedText, StringComparison.Ordinal);
        Assert.NotEqual(sealedText, protector.Protect("{\"hello\":1}"u8));
        for (int i = 3; i < sealedText.Length; i++)
        {
            char replacement = sealedText[i] == 'A' ? 'B' : 'A';
            Assert.False(protector.TryUnprotect(sealedText[..i] + replacement + sealedText[(i + 1)..], out _), $"changed char {i} accepted");
        }
    }

    [Fact]
    public async Task Prompts_and_resource_reads_report_progress_when_asked()
    {
        var client = new TestClient(InputTestServer.Definition);
        string meta = "\"_meta\":{\"progressToken\":\"p1\",\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";
        var prompt = (await client.SendRawAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\"slow_plan\"," + meta + "}}"))!.Value;
        Assert.Equal("A plan.", prompt.GetProperty("result").GetProperty("messages")[0].GetProperty("content").GetProperty("text").GetString());
        Assert.Equal(["gathering", "writing"], client.Notifications.Select(n => n.GetProperty("params").GetProperty("message").GetString()));
        Assert.All(client.Notifications, n => Assert.Equal("p1", n.GetProperty("params").GetProperty("progressToken").GetString()));

        client.Notifications.Clear();
        await client.SendRawAsync("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/read\",\"params\":{\"uri\":\"reports://9\"," + meta + "}}");
        Assert.Equal("rendering 9", Assert.Single(client.Notifications).GetProperty("params").GetProperty("message").GetString());

        // Without a token, nothing is sent.
        client.Notifications.Clear();
        Assert.Equal("report 9", (await client.ReadSingleAsync("reports://9")).GetProperty("text").GetString());
        Assert.Empty(client.Notifications);
    }

    // Through a type parameter, so the generator does not report MCPG2001 for the call: the run-time error is under test.
    private static McpInputRequest<McpElicitation<T>> ElicitUnknown<T>(McpInput input) => input.Elicit<T>("k", "?");

    /// <summary>A context to reach <see cref="McpInput"/> outside a request.</summary>
    private sealed class McpRequestContextProbe() : McpRequestContext("tools/call", McpProtocol.LatestVersion, default, "{\"elicitation\":{}}"u8.ToArray(), EmptyServices.Instance, default)
    {
        internal override McpInputRound? CreateFirstInputRound() => McpInputRound.First(Method, "probe", default, null);
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Not secure: shows that a registered protector replaces the default.</summary>
    private sealed class ReversibleProtector : IMcpRequestStateProtector
    {
        public int Protected { get; private set; }

        public string Protect(ReadOnlySpan<byte> plaintext)
        {
            Protected++;
            return "test:" + Convert.ToBase64String(plaintext);
        }

        public bool TryUnprotect(string protectedText, out byte[] plaintext)
        {
            plaintext = protectedText.StartsWith("test:", StringComparison.Ordinal) ? Convert.FromBase64String(protectedText[5..]) : [];
            return plaintext.Length > 0;
        }
    }

    /// <summary>Sends 2026-07-28 requests with input capabilities, answers and state.</summary>
    private sealed class InputClient(TestClient inner)
    {
        private int _id;

        public TestClient Inner => inner;

        public McpRequestProcessor Processor => inner.Processor;

        public async Task<JsonElement> RequestAsync(string method, string paramsWithoutMeta, string capabilities = Capabilities)
        {
            int id = ++_id;
            string meta = $"\"_meta\":{{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{capabilities}}}";
            var response = await inner.SendRawAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":{{{paramsWithoutMeta},{meta}}}}}");
            Assert.NotNull(response);
            return response.Value;
        }

        public async Task<JsonElement> CallAsync(string tool, string arguments = "{}", string? inputResponses = null, string? requestState = null)
        {
            var response = await RequestAsync("tools/call", Params(tool, arguments, inputResponses, requestState));
            Assert.False(response.TryGetProperty("error", out var error), "unexpected error: " + error);
            return response.GetProperty("result");
        }

        public async Task<JsonElement> ErrorAsync(string tool, string arguments = "{}", string? inputResponses = null, string? requestState = null)
        {
            var response = await RequestAsync("tools/call", Params(tool, arguments, inputResponses, requestState));
            Assert.False(response.TryGetProperty("result", out var result), "expected an error, got " + result);
            return response.GetProperty("error");
        }

        private static string Params(string tool, string arguments, string? inputResponses, string? requestState) =>
            $"\"name\":\"{tool}\",\"arguments\":{arguments}"
            + (inputResponses is null ? string.Empty : ",\"inputResponses\":" + inputResponses)
            + (requestState is null ? string.Empty : ",\"requestState\":\"" + JsonEncodedText.Encode(requestState) + "\"");
    }
}
