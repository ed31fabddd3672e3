using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGen.AspNetCore.Tests;

/// <summary>Streamable HTTP under 2026-07-28: status codes, header validation, response modes, cancellation.</summary>
public sealed class HttpTransportTests : IAsyncLifetime
{
    private McpTestApp _app = null!;

    public async Task InitializeAsync() => _app = await McpTestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static int ErrorCode(JsonElement response) => response.GetProperty("error").GetProperty("code").GetInt32();

    [Fact]
    public async Task A_call_is_answered_as_plain_json()
    {
        var response = await _app.SendJsonAsync(_app.Call("echo", """{"text":"hi"}"""));
        var result = response.GetProperty("result");
        Assert.Equal("complete", result.GetProperty("resultType").GetString());
        Assert.Equal("hi", result.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("http-test", result.GetProperty("_meta").GetProperty("io.modelcontextprotocol/serverInfo").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Discover_and_lists_need_no_name_header()
    {
        var discover = await _app.SendJsonAsync(_app.Request("server/discover"));
        Assert.Equal("2026-07-28", discover.GetProperty("result").GetProperty("supportedVersions")[0].GetString());
        var tools = await _app.SendJsonAsync(_app.Request("tools/list"));
        Assert.Contains(tools.GetProperty("result").GetProperty("tools").EnumerateArray(), t => t.GetProperty("name").GetString() == "echo");
    }

    [Fact]
    public async Task Missing_meta_is_400_invalid_params()
    {
        var request = McpTestApp.Raw("""{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{}}""");
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", "server/discover");
        var response = await _app.SendJsonAsync(request, 400);
        Assert.Equal(-32602, ErrorCode(response));
        Assert.Equal(1, response.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task An_idle_event_stream_gets_keep_alive_comments_and_plain_answers_never_do()
    {
        await using var app = await McpTestApp.StartAsync(services => services.Configure<McpHttpOptions>(o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(100)));
        using var listen = await app.Client.SendAsync(app.Request("subscriptions/listen", "\"notifications\":{\"toolsListChanged\":true}"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", listen.Content.Headers.ContentType?.MediaType);
        using var reader = new System.IO.StreamReader(await listen.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int comments = 0;
        var lines = new List<string>();
        while (comments < 2)
        {
            string line = (await reader.ReadLineAsync(timeout.Token))!;
            lines.Add(line);
            comments += line == ": keep-alive" ? 1 : 0;
        }

        // The acknowledgement came first, as an ordinary event; the comments follow it.
        Assert.StartsWith("data: ", lines.First(l => l.StartsWith("data: ", StringComparison.Ordinal)));
        Assert.True(lines.FindIndex(l => l.StartsWith("data: ", StringComparison.Ordinal)) < lines.IndexOf(": keep-alive"));

        using var plain = await app.SendAsync(app.Call("echo", """{"text":"x"}"""));
        Assert.Equal("application/json", plain.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("keep-alive", await plain.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Refused_requests_are_logged_at_debug_with_the_reason_the_client_got()
    {
        var entries = new CapturingLoggerProvider();
        await using var app = await McpTestApp.StartAsync(services => services.AddLogging(b => b.AddProvider(entries).SetMinimumLevel(LogLevel.Debug)));
        var mismatch = app.Call("echo", """{"text":"x"}""");
        mismatch.Headers.Remove("Mcp-Name");
        mismatch.Headers.Add("Mcp-Name", "other");
        await app.SendJsonAsync(mismatch, 400);
        await app.SendJsonAsync(app.Request("no/such/method"), 404);
        await app.SendJsonAsync(app.Call("echo", """{"text":"fine"}"""));

        var refused = entries.Entries.Where(e => e.Category == "McpGen.AspNetCore" && e.EventId.Id == 6).ToList();
        Assert.Equal(2, refused.Count);
        Assert.All(refused, e => Assert.Equal(LogLevel.Debug, e.Level));
        Assert.StartsWith("Refused an MCP tools/call request (Rejected): ", refused[0].Message);
        Assert.Contains("Mcp-Name", refused[0].Message);
        Assert.StartsWith("Refused an MCP no/such/method request (MethodNotFound): ", refused[1].Message);
    }

    [Theory]
    [InlineData("Mcp-Method", "tools/list", "Mcp-Method")]
    [InlineData("Mcp-Method", "TOOLS/CALL", "Mcp-Method")]
    [InlineData("Mcp-Name", "other", "Mcp-Name")]
    [InlineData("MCP-Protocol-Version", "2025-11-25", "MCP-Protocol-Version")]
    public async Task A_header_that_disagrees_with_the_body_is_400_header_mismatch(string header, string value, string named)
    {
        var request = _app.Call("echo", """{"text":"x"}""");
        request.Headers.Remove(header);
        request.Headers.Add(header, value);
        var response = await _app.SendJsonAsync(request, 400);
        Assert.Equal(-32020, ErrorCode(response));
        Assert.Contains(named, response.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("Mcp-Method")]
    [InlineData("Mcp-Name")]
    [InlineData("MCP-Protocol-Version")]
    public async Task A_missing_header_is_400_header_mismatch(string header)
    {
        var request = _app.Call("echo", """{"text":"x"}""");
        request.Headers.Remove(header);
        var response = await _app.SendJsonAsync(request, 400);
        Assert.Equal(-32020, ErrorCode(response));
    }

    [Theory]
    [InlineData("  echo  ", 200)]
    [InlineData("=?base64?ZWNobw==?=", 200)]
    [InlineData("=?base64?ZWNobw?=", 400)]
    [InlineData("=?base64?!!!!?=", 400)]
    [InlineData("=?BASE64?ZWNobw==?=", 400)]
    public async Task Name_headers_are_trimmed_and_may_be_base64(string value, int status)
    {
        var request = _app.Call("echo", """{"text":"x"}""");
        request.Headers.Remove("Mcp-Name");
        request.Headers.TryAddWithoutValidation("Mcp-Name", value);
        var response = await _app.SendJsonAsync(request, status);
        if (status == 400)
        {
            Assert.Equal(-32020, ErrorCode(response));
        }
    }

    /// <summary>
    /// A raw control character in Mcp-Name used to be compared, and matched a body name escaped the same way; the
    /// protocol sends such values only as =?base64?…?=. On Kestrel too, which passes these characters through.
    /// </summary>
    [Theory]
    [InlineData("ec\u0001ho", "ec\u0001ho", 2, false)]
    [InlineData("ec\u0001ho", "ec\u0001ho", 2, true)]
    [InlineData("echo\u007F", "echo\u007F", 4, true)]
    [InlineData("ec\tho", "ec\tho", 2, false)]
    [InlineData("ec\u001Bho", "ec\u001Bho", 2, true)]
    public async Task A_control_character_in_mcp_name_is_400_header_mismatch_naming_it(string header, string bodyName, int position, bool kestrel)
    {
        await using var app = await McpTestApp.StartAsync(kestrel: kestrel);
        var request = app.Call(JsonSerializer.Serialize(bodyName)[1..^1]);
        request.Headers.Remove("Mcp-Name");
        Assert.True(request.Headers.TryAddWithoutValidation("Mcp-Name", header));
        var response = await app.SendJsonAsync(request, 400);
        Assert.Equal(-32020, ErrorCode(response));
        Assert.Equal(
            $"Header Mcp-Name: the value contains a control character (U+{(int)header[position]:X4}) at position {position}; values that are not printable ASCII must be sent as =?base64?…?=.",
            response.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_control_character_sent_as_base64_is_compared_as_the_protocol_asks()
    {
        var request = _app.Call("ec\\u0001ho");
        request.Headers.Remove("Mcp-Name");
        request.Headers.Add("Mcp-Name", "=?base64?" + Convert.ToBase64String("ec\u0001ho"u8) + "?=");
        var response = await _app.SendJsonAsync(request);
        Assert.Equal(-32602, ErrorCode(response));
        Assert.StartsWith("Unknown tool 'ec", response.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Version_header_mismatch_is_checked_before_version_support()
    {
        var request = McpTestApp.Raw("""{"jsonrpc":"2.0","id":5,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"v999.0.0","io.modelcontextprotocol/clientCapabilities":{}}}}""");
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", "server/discover");
        Assert.Equal(-32020, ErrorCode(await _app.SendJsonAsync(request, 400)));

        request = McpTestApp.Raw("""{"jsonrpc":"2.0","id":6,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"v999.0.0","io.modelcontextprotocol/clientCapabilities":{}}}}""");
        request.Headers.Add("MCP-Protocol-Version", "v999.0.0");
        request.Headers.Add("Mcp-Method", "server/discover");
        var response = await _app.SendJsonAsync(request, 400);
        Assert.Equal(-32022, ErrorCode(response));
        var data = response.GetProperty("error").GetProperty("data");
        Assert.Equal("v999.0.0", data.GetProperty("requested").GetString());
        Assert.Equal(["2026-07-28"], data.GetProperty("supported").EnumerateArray().Select(v => v.GetString()));
    }

    [Theory]
    [InlineData("initialize")]
    [InlineData("ping")]
    [InlineData("logging/setLevel")]
    [InlineData("resources/subscribe")]
    [InlineData("unknown/method")]
    public async Task Removed_and_unknown_methods_are_404_method_not_found(string method)
    {
        var response = await _app.SendJsonAsync(_app.Request(method), 404);
        Assert.Equal(-32601, ErrorCode(response));
    }

    [Fact]
    public async Task Unknown_tool_is_a_json_rpc_error_with_status_200()
    {
        var response = await _app.SendJsonAsync(_app.Call("nope"));
        Assert.Equal(-32602, ErrorCode(response));
    }

    [Fact]
    public async Task Missing_client_capability_is_400_with_the_capability_named()
    {
        var response = await _app.SendJsonAsync(_app.Call("needs_roots"), 400);
        Assert.Equal(-32021, ErrorCode(response));
        var required = response.GetProperty("error").GetProperty("data").GetProperty("requiredCapabilities");
        Assert.Equal(JsonValueKind.Object, required.GetProperty("roots").ValueKind);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task Get_and_delete_are_405(string method)
    {
        using var response = await _app.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/mcp"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Notifications_are_accepted_with_202_and_no_body()
    {
        var request = McpTestApp.Raw("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        using var response = await _app.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("{not json", -32700)]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"tools/list"}]""", -32600)]
    [InlineData("""{"jsonrpc":"2.0","id":1}""", -32600)]
    public async Task Malformed_messages_are_400(string body, int code)
    {
        var response = await _app.SendJsonAsync(McpTestApp.Raw(body), 400);
        Assert.Equal(code, ErrorCode(response));
    }

    [Fact]
    public async Task Invalid_utf8_in_a_string_is_400_parse_error()
    {
        var request = _app.Call("echo", """{"text":"ab\u0001"}""");
        string body = await request.Content!.ReadAsStringAsync();
        int at = body.IndexOf("\\u0001", StringComparison.Ordinal);
        request.Content = new ByteArrayContent([.. System.Text.Encoding.UTF8.GetBytes(body[..at]), 0xED, 0xA0, 0x80, .. System.Text.Encoding.UTF8.GetBytes(body[(at + 6)..])]);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = await _app.SendJsonAsync(request, 400);
        Assert.Equal(-32700, ErrorCode(response));
        Assert.Equal($"Parse error: the message is not valid UTF-8 (an invalid byte sequence at byte {at}).", response.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","method":"tools/list","params":{"name":"echo","_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""", "'method' more than once")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/list","result":{},"params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""", "both 'method' and 'result'")]
    public async Task Repeated_members_and_a_request_with_a_result_are_400_invalid_request(string body, string named)
    {
        var request = McpTestApp.Raw(body);
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", "tools/list");
        var response = await _app.SendJsonAsync(request, 400);
        Assert.Equal(-32600, ErrorCode(response));
        Assert.Contains(named, response.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Wrong_content_type_is_415()
    {
        var request = _app.Call("echo", """{"text":"x"}""");
        request.Content!.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        var response = await _app.SendJsonAsync(request, 415);
        Assert.Contains("application/json", response.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("https://evil.example.com", 403)]
    [InlineData("null", 403)]
    [InlineData("http://localhost:5173", 200)]
    [InlineData("http://127.0.0.1:8080", 200)]
    public async Task Browser_origins_must_be_loopback_or_allowed(string origin, int status)
    {
        var request = _app.Request("server/discover");
        request.Headers.Add("Origin", origin);
        var response = await _app.SendJsonAsync(request, status);
        if (status == 403)
        {
            Assert.False(response.TryGetProperty("id", out _));
        }
    }

    [Fact]
    public async Task Allowed_origins_come_from_options()
    {
        await using var app = await McpTestApp.StartAsync(services => services.Configure<McpHttpOptions>(o => o.AllowedOrigins.Add("https://app.example.com")));
        var request = app.Request("server/discover");
        request.Headers.Add("Origin", "https://APP.example.com");
        await app.SendJsonAsync(request);
    }

    [Fact]
    public async Task Http_options_come_from_configuration_and_a_bad_value_fails_the_start_naming_its_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["McpGen:Http:AllowedOrigins:0"] = "https://app.example.com",
            ["McpGen:Http:AllowedOrigins:1"] = "https://admin.example.com",
            ["McpGen:Http:ServeServerCard"] = "false",
            ["McpGen:Http:KeepAliveInterval"] = "00:00:05",
            ["McpGen:Http:MaxStreamBufferBytes"] = "262144",
            ["McpGen:Http:DrainDelay"] = "00:00:03",
        }).Build();
        await using var app = await McpTestApp.StartAsync(services => services.ConfigureMcpHttp(configuration.GetSection("McpGen:Http")));
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<McpHttpOptions>>().Value;
        Assert.Equal(["https://app.example.com", "https://admin.example.com"], options.AllowedOrigins);
        Assert.Equal(TimeSpan.FromSeconds(5), options.KeepAliveInterval);
        Assert.Equal(262144, options.MaxStreamBufferBytes);
        Assert.Equal(TimeSpan.FromSeconds(3), options.DrainDelay);

        var allowed = app.Request("server/discover");
        allowed.Headers.Add("Origin", "https://admin.example.com");
        await app.SendJsonAsync(allowed);
        var other = app.Request("server/discover");
        other.Headers.Add("Origin", "https://evil.example.com");
        await app.SendJsonAsync(other, 403);
        using var card = await app.Client.GetAsync("/mcp/server-card");
        Assert.Equal(HttpStatusCode.NotFound, card.StatusCode);

        var bad = new ConfigurationBuilder().AddInMemoryCollection([new("McpGen:Http:ServeServerCard", "maybe")]).Build();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => McpTestApp.StartAsync(services => services.ConfigureMcpHttp(bad.GetSection("McpGen:Http"))));
        Assert.Equal("Configuration 'McpGen:Http:ServeServerCard' is 'maybe', not true or false.", error.Message);
    }

    [Fact]
    public async Task Browser_clients_work_with_the_documented_cors_setup()
    {
        const string origin = "https://app.example.com";
        await using var app = await McpTestApp.StartAsync(
            services =>
            {
                services.Configure<McpHttpOptions>(o => o.AllowedOrigins.Add(origin));
                services.AddCors(o => o.AddPolicy("mcp", p => p.WithOrigins(origin).AllowAnyHeader().WithMethods("POST")));
            },
            a =>
            {
                a.UseCors();
                a.MapMcp<HttpTestServer>("/mcp").RequireCors("mcp");
            });

        var preflight = new HttpRequestMessage(HttpMethod.Options, "/mcp");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,mcp-protocol-version,mcp-method,mcp-name");
        using var answer = await app.Client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal(origin, answer.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var call = app.Call("echo", """{"text":"from the browser"}""");
        call.Headers.Add("Origin", origin);
        using var response = await app.SendAsync(call);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Bodies_over_the_message_limit_are_413()
    {
        await using var app = await McpTestApp.StartAsync(services => services.Configure<McpServerOptions>(o => o.MaxMessageBytes = 512));
        var response = await app.SendJsonAsync(app.Call("echo", $$"""{"text":"{{new string('x', 600)}}"}"""), 413);
        Assert.Contains("512", response.GetProperty("error").GetProperty("message").GetString());

        // Within the limit the same server answers.
        await app.SendJsonAsync(app.Call("echo", """{"text":"short"}"""));
    }

    [Fact]
    public async Task Progress_switches_the_answer_to_an_event_stream_ending_with_the_response()
    {
        var request = _app.Request("tools/call", "\"name\":\"steps\"", "steps");
        var body = await request.Content!.ReadAsStringAsync();
        request.Content = new StringContent(body.Replace("\"_meta\":{", "\"_meta\":{\"progressToken\":\"tok\","), System.Text.Encoding.UTF8, "application/json");
        using var response = await _app.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no", response.Headers.GetValues("X-Accel-Buffering").Single());

        var events = ParseEvents(await response.Content.ReadAsStringAsync());
        Assert.Equal(4, events.Count);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal("notifications/progress", events[i].GetProperty("method").GetString());
            Assert.Equal("tok", events[i].GetProperty("params").GetProperty("progressToken").GetString());
            Assert.Equal(i + 1, events[i].GetProperty("params").GetProperty("progress").GetDouble());
        }

        Assert.Equal("done", events[3].GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Events_reach_the_client_while_the_call_is_still_running()
    {
        HttpTestTools.FirstEventSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = _app.Request("tools/call", "\"name\":\"handshake\"", "handshake");
        var body = await request.Content!.ReadAsStringAsync();
        request.Content = new StringContent(body.Replace("\"_meta\":{", "\"_meta\":{\"progressToken\":7,"), System.Text.Encoding.UTF8, "application/json");
        using var response = await _app.SendAsync(request);
        using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new System.IO.StreamReader(stream);

        // The tool is blocked until the first event arrives here: a buffered stream would never deliver it.
        Assert.Equal("event: message", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        string? data = await reader.ReadLineAsync();
        Assert.Contains("\"progressToken\":7", data);
        HttpTestTools.FirstEventSeen.TrySetResult();

        var rest = ParseEvents((await reader.ReadToEndAsync()).TrimStart('\n'));
        Assert.Equal("seen", Assert.Single(rest).GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Logged_entries_and_input_rounds_travel_on_the_requests_own_stream()
    {
        HttpRequestMessage Audited(string extraParams)
        {
            var request = _app.Request("tools/call", "\"name\":\"audited\"" + extraParams, "audited");
            var body = request.Content!.ReadAsStringAsync().Result
                .Replace("\"_meta\":{", "\"_meta\":{\"io.modelcontextprotocol/logLevel\":\"info\",")
                .Replace("\"io.modelcontextprotocol/clientCapabilities\":{}", "\"io.modelcontextprotocol/clientCapabilities\":{\"elicitation\":{}}");
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            return request;
        }

        using var first = await _app.SendAsync(Audited(string.Empty));
        Assert.Equal("text/event-stream", first.Content.Headers.ContentType?.MediaType);
        var events = ParseEvents(await first.Content.ReadAsStringAsync());
        Assert.True(events.Count == 2, "McpGen's own warnings stay on the server: " + string.Join("\n", events.Select(e => e.GetRawText())));
        Assert.Equal("notifications/message", events[0].GetProperty("method").GetString());
        Assert.Equal("audit started", events[0].GetProperty("params").GetProperty("data").GetString());
        Assert.Equal("McpGen.AspNetCore.Tests.HttpTestServer", events[0].GetProperty("params").GetProperty("logger").GetString());
        var roundOne = events[1].GetProperty("result");
        Assert.Equal("input_required", roundOne.GetProperty("resultType").GetString());

        string state = roundOne.GetProperty("requestState").GetString()!;
        using var second = await _app.SendAsync(Audited($",\"requestState\":\"{state}\",\"inputResponses\":{{\"confirm\":{{\"action\":\"accept\",\"content\":{{\"ok\":true}}}}}}"));
        var final = ParseEvents(await second.Content.ReadAsStringAsync());
        Assert.Equal("notifications/message", final[0].GetProperty("method").GetString());
        Assert.Equal("proceeded", final[^1].GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());

        // Without a log level and without elicitation: plain JSON, and the missing capability is a 400.
        var plain = await _app.SendJsonAsync(_app.Call("audited"), 400);
        Assert.Equal(-32021, plain.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Data_protection_seals_request_state_when_registered()
    {
        await using var app = await McpTestApp.StartAsync(services => services.AddMcpRequestStateDataProtection());
        HttpRequestMessage Audited(string extraParams)
        {
            var request = app.Request("tools/call", "\"name\":\"audited\"" + extraParams, "audited");
            var body = request.Content!.ReadAsStringAsync().Result
                .Replace("\"io.modelcontextprotocol/clientCapabilities\":{}", "\"io.modelcontextprotocol/clientCapabilities\":{\"elicitation\":{}}");
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            return request;
        }

        var first = await app.SendJsonAsync(Audited(string.Empty));
        string state = first.GetProperty("result").GetProperty("requestState").GetString()!;
        Assert.StartsWith("dp1.", state);
        const string answer = ",\"inputResponses\":{\"confirm\":{\"action\":\"accept\",\"content\":{\"ok\":true}}}";
        var done = await app.SendJsonAsync(Audited($",\"requestState\":\"{state}\"" + answer));
        Assert.Equal("proceeded", done.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
        var tampered = await app.SendJsonAsync(Audited($",\"requestState\":\"{state}-TAMPERED\"" + answer));
        Assert.Equal(-32602, tampered.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Without_a_progress_token_the_same_tool_answers_plain_json()
    {
        var response = await _app.SendJsonAsync(_app.Call("steps"));
        Assert.Equal("done", response.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Closing_the_request_cancels_the_call()
    {
        HttpTestTools.SlowCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        var pending = _app.SendAsync(_app.Call("slow"), cancel.Token);
        await Task.Delay(200);
        cancel.Cancel();
        var outcome = await Record.ExceptionAsync(async () =>
        {
            using var response = await pending;
            Assert.Fail("Answered: " + await response.Content.ReadAsStringAsync());
        });
        // The client sees its own cancellation (OperationCanceledException or HttpRequestException), never an answer.
        Assert.True(outcome is OperationCanceledException or HttpRequestException, outcome?.ToString());
        await HttpTestTools.SlowCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Concurrent_requests_are_served_independently()
    {
        var calls = Enumerable.Range(0, 20).Select(async i =>
        {
            var response = await _app.SendJsonAsync(_app.Call("echo", $$"""{"text":"n{{i}}"}"""));
            return response.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString();
        });
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "n" + i), await Task.WhenAll(calls));
    }

    internal static List<JsonElement> ParseEvents(string stream)
    {
        var events = new List<JsonElement>();
        foreach (var block in stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            Assert.Equal("event: message", lines[0]);
            Assert.StartsWith("data: ", lines[1]);
            using var document = JsonDocument.Parse(lines[1]["data: ".Length..]);
            events.Add(document.RootElement.Clone());
        }

        return events;
    }
}
