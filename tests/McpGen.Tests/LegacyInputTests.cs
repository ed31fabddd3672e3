using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGen.Tests;

/// <summary>
/// 2025-11-25 clients: the same McpInput asks become real requests to the client on the call's connection, answered
/// while the handler waits; log levels set with logging/setLevel hold for the connection.
/// </summary>
public sealed class LegacyInputTests
{
    private static async Task<TestClient> InitializedAsync(string capabilities = "{\"elicitation\":{},\"sampling\":{}}", McpServerOptions? options = null, IServiceProvider? services = null)
    {
        var client = new TestClient(InputTestServer.Definition, services, options);
        await client.SendRawAsync("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":" + capabilities + ",\"clientInfo\":{\"name\":\"old\",\"version\":\"1\"}}}");
        return client;
    }

    private static Task<JsonElement?> Call(TestClient client, string tool, string arguments, CancellationToken cancellationToken = default) =>
        client.SendRawAsync($"{{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{{\"name\":\"{tool}\",\"arguments\":{arguments}}}}}", cancellationToken);

    /// <summary>The next request the server sent the client.</summary>
    private static async Task<JsonElement> NextClientRequestAsync(TestClient client)
    {
        for (int i = 0; i < 500; i++)
        {
            if (client.Notifications.TryDequeue(out var message))
            {
                if (message.TryGetProperty("id", out _))
                {
                    return message;
                }

                continue;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("The server sent the client no request.");
    }

    private static string Answer(JsonElement request, string result) =>
        "{\"jsonrpc\":\"2.0\",\"id\":" + request.GetProperty("id").GetRawText() + ",\"result\":" + result + "}";

    [Fact]
    public async Task An_ask_becomes_an_elicitation_request_and_its_response_continues_the_call()
    {
        var client = await InitializedAsync();
        var call = Call(client, "deploy", "{\"service\":\"api\"}");
        var request = await NextClientRequestAsync(client);
        Assert.Equal("elicitation/create", request.GetProperty("method").GetString());
        Assert.StartsWith("mcpgen-", request.GetProperty("id").GetString());
        Assert.Equal("Deploy api?", request.GetProperty("params").GetProperty("message").GetString());
        Assert.Equal("boolean", request.GetProperty("params").GetProperty("requestedSchema").GetProperty("properties").GetProperty("confirm").GetProperty("type").GetString());
        Assert.False(call.IsCompleted);

        Assert.Null(await client.SendRawAsync(Answer(request, """{"action":"accept","content":{"confirm":true,"replicas":2}}""")));
        var response = (await call)!.Value;
        TestClient.AssertJsonEqual("""{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"Deployed api with 2 replica(s)."}]}}""", response);
    }

    [Fact]
    public async Task Several_rounds_are_several_requests_in_one_call()
    {
        var client = await InitializedAsync();
        var call = Call(client, "release", "{\"service\":\"web\"}");
        var first = await NextClientRequestAsync(client);
        await client.SendRawAsync(Answer(first, """{"action":"accept","content":{"target":"Staging"}}"""));
        var second = await NextClientRequestAsync(client);
        Assert.Equal("Release web to Staging?", second.GetProperty("params").GetProperty("message").GetString());
        Assert.NotEqual(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        await client.SendRawAsync(Answer(second, """{"action":"decline"}"""));
        Assert.Equal("web → Staging: ; state: chose Staging", TestClient.SingleText((await call)!.Value.GetProperty("result")));
    }

    [Fact]
    public async Task A_client_error_or_silence_fails_the_call_with_a_message_naming_the_request()
    {
        var client = await InitializedAsync();
        var call = Call(client, "deploy", "{\"service\":\"api\"}");
        var request = await NextClientRequestAsync(client);
        await client.SendRawAsync("{\"jsonrpc\":\"2.0\",\"id\":" + request.GetProperty("id").GetRawText() + ",\"error\":{\"code\":-1,\"message\":\"User rejected\"}}");
        var result = (await call)!.Value.GetProperty("result");
        Assert.True(result.GetProperty("isError").GetBoolean());
        Assert.Equal("The client answered elicitation/create with error -1: User rejected", TestClient.SingleText(result));

        var options = new McpServerOptions { ClientRequestTimeout = TimeSpan.FromMilliseconds(200) };
        var impatient = await InitializedAsync(options: options);
        var unanswered = (await Call(impatient, "deploy", "{\"service\":\"api\"}"))!.Value.GetProperty("result");
        Assert.Equal("The client did not answer elicitation/create within 0.2 s.", TestClient.SingleText(unanswered));
    }

    [Fact]
    public async Task Malformed_answers_are_minus_32602_as_in_2026()
    {
        var client = await InitializedAsync();
        var call = Call(client, "deploy", "{\"service\":\"api\"}");
        await client.SendRawAsync(Answer(await NextClientRequestAsync(client), """{"action":"accept","content":{"confirm":"yes"}}"""));
        var error = (await call)!.Value.GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Contains("Argument 'confirm': expected a boolean", error.GetProperty("message").GetString());

        // A 2025-11-25 client never sent inputResponses: the message names the request it answered.
        Assert.DoesNotContain("inputResponses", error.GetProperty("message").GetString());
        Assert.StartsWith("Invalid elicitation/create result: ", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_answer_with_a_field_the_form_did_not_ask_for_is_read_for_the_fields_it_did()
    {
        // The requested schema does not forbid other properties (forms have no additionalProperties), so a client may add one.
        var client = await InitializedAsync();
        var call = Call(client, "deploy", "{\"service\":\"api\"}");
        await client.SendRawAsync(Answer(await NextClientRequestAsync(client), """{"action":"accept","content":{"confirm":true,"replicas":2,"comment":"from the inspector"}}"""));
        Assert.Equal("Deployed api with 2 replica(s).", TestClient.SingleText((await call)!.Value.GetProperty("result")));
    }

    [Fact]
    public async Task An_accepted_form_without_content_is_minus_32602_naming_the_missing_field()
    {
        var client = await InitializedAsync();
        var call = Call(client, "deploy", "{\"service\":\"api\"}");
        await client.SendRawAsync(Answer(await NextClientRequestAsync(client), """{"action":"accept"}"""));
        var error = (await call)!.Value.GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Contains("'action' is \"accept\" without 'content': the submitted form does not match the requested schema: Argument 'confirm': is required (a boolean) but was not provided.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Capabilities_from_initialize_decide_what_is_asked()
    {
        var client = await InitializedAsync(capabilities: "{\"sampling\":{}}");
        var response = (await Call(client, "deploy", "{\"service\":\"api\"}"))!.Value;
        Assert.Equal(-32021, response.GetProperty("error").GetProperty("code").GetInt32());
        Assert.DoesNotContain(client.Notifications, m => m.TryGetProperty("id", out _));

        // A 2025-11-25 client declares capabilities in initialize, not in per-request _meta.
        string message = response.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains("elicitation", message);
        Assert.Contains("initialize", message);
        Assert.DoesNotContain("_meta", message);
    }

    [Fact]
    public async Task An_initialize_without_capabilities_declares_none()
    {
        var client = new TestClient(InputTestServer.Definition, options: new McpServerOptions { ClientRequestTimeout = TimeSpan.FromSeconds(2) });
        await client.SendRawAsync("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","clientInfo":{"name":"old","version":"1"}}}""");
        var response = (await Call(client, "deploy", "{\"service\":\"api\"}"))!.Value;
        Assert.Equal(-32021, response.GetProperty("error").GetProperty("code").GetInt32());
        Assert.DoesNotContain(client.Notifications, m => m.TryGetProperty("id", out _));
    }

    [Fact]
    public async Task Responses_nobody_waits_for_are_ignored_and_a_cancelled_call_stops_waiting()
    {
        var client = await InitializedAsync();
        Assert.Null(await client.SendRawAsync("""{"jsonrpc":"2.0","id":"mcpgen-1-forged","result":{"action":"accept"}}"""));
        Assert.Equal(McpProcessResult.NoResponse, client.LastResult);

        using var cancel = new CancellationTokenSource();
        var call = Call(client, "deploy", "{\"service\":\"api\"}", cancel.Token);
        await NextClientRequestAsync(client);
        cancel.Cancel();
        Assert.Null(await call);
        Assert.Equal(McpProcessResult.Cancelled, client.LastResult);
    }

    [Fact]
    public async Task Set_level_holds_for_the_connection_and_the_default_applies_before_it()
    {
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Trace)).AddSingleton<IAuditTrail, AuditTrail>().BuildServiceProvider();
        var client = new TestClient(services);
        await client.SendRawAsync("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"old","version":"1"}}}""");
        string call = """{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"log_levels","arguments":{}}}""";

        await client.SendRawAsync(call);
        Assert.Equal(["info", "error", "warning"], client.Notifications.Select(m => m.GetProperty("params").GetProperty("level").GetString()));
        client.Notifications.Clear();

        TestClient.AssertJsonEqual("""{"jsonrpc":"2.0","id":1,"result":{}}""", (await client.SendRawAsync("""{"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"error"}}"""))!.Value);
        await client.SendRawAsync(call);
        Assert.Equal(["error"], client.Notifications.Select(m => m.GetProperty("params").GetProperty("level").GetString()));

        var invalid = (await client.SendRawAsync("""{"jsonrpc":"2.0","id":2,"method":"logging/setLevel","params":{"level":"loud"}}"""))!.Value;
        Assert.Equal("Invalid params.level: expected one of debug, info, notice, warning, error, critical, alert, emergency.", invalid.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_default_legacy_level_can_be_turned_off()
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<IAuditTrail, AuditTrail>().BuildServiceProvider();
        var client = new TestClient(services, new McpServerOptions { LegacyClientLogLevel = LogLevel.None });
        await client.SendRawAsync("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{}}}""");
        await client.SendRawAsync("""{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"log_levels","arguments":{}}}""");
        Assert.Empty(client.Notifications);
    }
}
