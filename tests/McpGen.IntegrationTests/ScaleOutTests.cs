using System;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Redis.Tests;

namespace McpGen.IntegrationTests;

/// <summary>
/// samples/ScaleOutServer as two processes on different loopback ports, sharing a real redis-server and a requestState
/// key: whatever one instance starts, the other continues.
/// </summary>
public sealed class ScaleOutTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Capabilities = "{\"elicitation\":{},\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";

    private Task<HttpServerProcess> StartInstanceAsync(string key) =>
        HttpServerProcess.StartAsync("dotnet", Repo.SampleDll("ScaleOutServer"), "--Redis", redis.Configuration, "--McpGen:RequestState:Keys", key, "--McpGen:Tasks:LeaseDuration", "00:00:02");

    private static HttpRequestMessage Request(string method, string @params, string? name = null)
    {
        string meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":" + Capabilities + "}";
        var request = new HttpRequestMessage(HttpMethod.Post, "mcp")
        {
            Content = new StringContent($"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"{method}\",\"params\":{{{@params},{meta}}}}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", method);
        if (name is not null)
        {
            request.Headers.Add("Mcp-Name", name);
        }

        return request;
    }

    private static async Task<JsonElement> SendAsync(HttpServerProcess instance, string method, string @params, string? name = null)
    {
        using var response = await instance.Client.SendAsync(Request(method, @params, name));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.Headers.TryGetValues("Mcp-Session-Id", out _) is false, "no sessions");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static Task<JsonElement> CallAsync(HttpServerProcess instance, string tool, string arguments, string? extra = null) =>
        SendAsync(instance, "tools/call", $"\"name\":\"{tool}\",\"arguments\":{arguments}{extra}", tool);

    [Fact]
    public async Task Two_instances_share_notes_notifications_and_input_rounds()
    {
        string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var a = await StartInstanceAsync(key);
        await using var b = await StartInstanceAsync(key);

        // A client listens on instance A for note 1.
        using var listen = await a.Client.SendAsync(Request("subscriptions/listen", "\"notifications\":{\"resourceSubscriptions\":[\"notes://1\"]}"), HttpCompletionOption.ResponseHeadersRead);
        using var stream = new StreamReader(await listen.Content.ReadAsStreamAsync());
        Assert.Equal("notifications/subscriptions/acknowledged", (await NextEventAsync(stream)).GetProperty("method").GetString());

        // Another client writes the note through instance B: A's stream hears of it, and A reads what B wrote.
        var written = await CallAsync(b, "write_note", "{\"id\":\"1\",\"text\":\"buy milk\"}");
        Assert.Equal("Note 1 saved.", written.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
        var updated = await NextEventAsync(stream);
        Assert.Equal("notifications/resources/updated", updated.GetProperty("method").GetString());
        Assert.Equal("notes://1", updated.GetProperty("params").GetProperty("uri").GetString());
        var read = await SendAsync(a, "resources/read", "\"uri\":\"notes://1\"", "notes://1");
        Assert.Equal("buy milk", read.GetProperty("result").GetProperty("contents")[0].GetProperty("text").GetString());

        // Deleting asks for confirmation on A; the confirmed retry lands on B, which opens A's sealed state.
        var round1 = (await CallAsync(a, "delete_note", "{\"id\":\"1\"}")).GetProperty("result");
        Assert.Equal("input_required", round1.GetProperty("resultType").GetString());
        string state = round1.GetProperty("requestState").GetString()!;
        var round2 = (await CallAsync(b, "delete_note", "{\"id\":\"1\"}", $",\"requestState\":\"{state}\",\"inputResponses\":{{\"confirm\":{{\"action\":\"accept\",\"content\":{{\"confirm\":true}}}}}}")).GetProperty("result");
        Assert.Equal("Note 1 deleted.", round2.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("notes://1", (await NextEventAsync(stream)).GetProperty("params").GetProperty("uri").GetString());

        var gone = await SendAsync(a, "resources/read", "\"uri\":\"notes://1\"", "notes://1");
        Assert.Equal(-32602, gone.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task An_instance_with_another_key_refuses_the_state()
    {
        await using var a = await StartInstanceAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await using var b = await StartInstanceAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        string state = (await CallAsync(a, "delete_note", "{\"id\":\"2\"}")).GetProperty("result").GetProperty("requestState").GetString()!;
        var refused = await CallAsync(b, "delete_note", "{\"id\":\"2\"}", $",\"requestState\":\"{state}\",\"inputResponses\":{{\"confirm\":{{\"action\":\"accept\",\"content\":{{\"confirm\":true}}}}}}");
        Assert.Equal(-32602, refused.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("not issued by this server", refused.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("rebuild_index", "completed", "Index rebuilt in 3 s.")]
    [InlineData("send_report", "failed", "The instance running this task stopped before it finished (attempt 1); tool 'send_report' is not marked idempotent, so it is not run again.")]
    public async Task A_task_whose_instance_is_killed_is_retried_elsewhere_when_idempotent_or_fails_saying_why(string tool, string status, string text)
    {
        string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var a = await StartInstanceAsync(key);
        await using var b = await StartInstanceAsync(key);
        string taskId = (await CallAsync(a, tool, "{\"seconds\":3}")).GetProperty("result").GetProperty("taskId").GetString()!;
        await UntilAsync(b, taskId, t => t.GetProperty("statusMessage").GetString() == "running", TimeSpan.FromSeconds(10));

        // Instance A dies mid-task: no goodbye, its lease simply stops being renewed.
        await a.DisposeAsync();
        var final = await UntilAsync(b, taskId, t => t.GetProperty("status").GetString() is "completed" or "failed" or "cancelled", TimeSpan.FromSeconds(30));
        Assert.Equal(status, final.GetProperty("status").GetString());
        Assert.Equal(text, status == "completed"
            ? final.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString()
            : final.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_task_running_on_one_process_is_cancelled_from_the_other_within_a_second_or_so()
    {
        string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var a = await StartInstanceAsync(key);
        await using var b = await StartInstanceAsync(key);
        string taskId = (await CallAsync(a, "rebuild_index", "{\"seconds\":60}")).GetProperty("result").GetProperty("taskId").GetString()!;
        await UntilAsync(b, taskId, t => t.GetProperty("statusMessage").GetString() == "running", TimeSpan.FromSeconds(10));

        var asked = DateTime.UtcNow;
        var ack = (await SendAsync(b, "tasks/cancel", $"\"taskId\":\"{taskId}\"", taskId)).GetProperty("result");
        Assert.Equal("complete", ack.GetProperty("resultType").GetString());
        var ended = await UntilAsync(b, taskId, t => t.GetProperty("status").GetString() is "completed" or "failed" or "cancelled", TimeSpan.FromSeconds(10));
        Assert.Equal("cancelled", ended.GetProperty("status").GetString());
        Assert.True(DateTime.UtcNow - asked < TimeSpan.FromSeconds(3), $"cancelling took {DateTime.UtcNow - asked}");
    }

    private static async Task<JsonElement> UntilAsync(HttpServerProcess instance, string taskId, Func<JsonElement, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement task = default;
        while (DateTime.UtcNow < deadline)
        {
            task = (await SendAsync(instance, "tasks/get", $"\"taskId\":\"{taskId}\"", taskId)).GetProperty("result");
            if (done(task))
            {
                return task;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The task did not get there: " + task);
    }

    private static async Task<JsonElement> NextEventAsync(StreamReader stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            string? line = await stream.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            }
        }
    }
}
