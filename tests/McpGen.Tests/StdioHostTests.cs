using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen.Tests;

/// <summary>The stdio transport over in-memory pipes: framing, concurrency, cancellation, progress and shutdown.</summary>
public sealed class StdioHostTests : IAsyncDisposable
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _fromServer = new();
    private readonly Task _server;
    private readonly StreamReader _output;
    private readonly Stream _input;

    public StdioHostTests()
        : this(new McpServerOptions())
    {
    }

    private StdioHostTests(McpServerOptions options)
    {
        var processor = new McpRequestProcessor(TestServer.Definition, options: options);
        _server = McpStdioHost.RunAsync(processor, _toServer.Reader.AsStream(), _fromServer.Writer.AsStream());
        _input = _toServer.Writer.AsStream();
        _output = new StreamReader(_fromServer.Reader.AsStream(), Encoding.UTF8);
    }

    private async Task SendAsync(string line)
    {
        await _input.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
        await _input.FlushAsync();
    }

    private async Task<JsonElement> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var line = await _output.ReadLineAsync(timeout.Token);
        Assert.NotNull(line);
        Assert.DoesNotContain('\n', line);
        return TestClient.Parse(line);
    }

    private static string Call(object id, string tool, string arguments, string extraMeta = "") =>
        "{\"jsonrpc\":\"2.0\",\"id\":" + JsonSerializer.Serialize(id, id.GetType(), StdioJson.Default) + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + ",\"_meta\":{" + extraMeta + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}";

    [Fact]
    public async Task Answers_each_line_and_skips_blank_ones()
    {
        await SendAsync("");
        await SendAsync("   ");
        await SendAsync(Call(1, "echo", """{"text":"a"}""") + "\r");
        var response = await ReadAsync();
        Assert.Equal(1, response.GetProperty("id").GetInt32());
        Assert.Equal("a", TestClient.SingleText(response.GetProperty("result")));
    }

    [Fact]
    public async Task Requests_run_concurrently()
    {
        await SendAsync(Call("slow", "slow", """{"milliseconds":3000}"""));
        await SendAsync(Call("fast", "echo", """{"text":"quick"}"""));
        var first = await ReadAsync();
        Assert.Equal("fast", first.GetProperty("id").GetString());
        var second = await ReadAsync();
        Assert.Equal("slow", second.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Cancelled_notification_cancels_the_call_and_no_response_is_sent()
    {
        int before = ContextTools.Cancelled;
        await SendAsync(Call(7, "slow", """{"milliseconds":30000}"""));
        await Task.Delay(200);
        await SendAsync("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7,"reason":"user"}}""");
        await SendAsync("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":12345}}""");
        await SendAsync(Call(8, "echo", """{"text":"after"}"""));
        var next = await ReadAsync();
        Assert.Equal(8, next.GetProperty("id").GetInt32());
        for (int i = 0; i < 50 && ContextTools.Cancelled == before; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(ContextTools.Cancelled > before);
        _input.Close();
        await _server.WaitAsync(TimeSpan.FromSeconds(10));

        // The host never closes a stream it does not own; end the pipe to prove nothing was written for request 7.
        await _fromServer.Writer.CompleteAsync();
        Assert.Null(await _output.ReadLineAsync());
    }

    [Fact]
    public async Task Progress_notifications_precede_the_response()
    {
        await SendAsync(Call(3, "progress", """{"steps":2}""", "\"progressToken\":99,"));
        var p1 = await ReadAsync();
        var p2 = await ReadAsync();
        var response = await ReadAsync();
        Assert.Equal("notifications/progress", p1.GetProperty("method").GetString());
        Assert.Equal(99, p1.GetProperty("params").GetProperty("progressToken").GetInt32());
        Assert.Equal(1, p1.GetProperty("params").GetProperty("progress").GetDouble());
        Assert.Equal(2, p2.GetProperty("params").GetProperty("progress").GetDouble());
        Assert.Equal(3, response.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Malformed_lines_are_answered_and_the_server_continues()
    {
        await SendAsync("{oops");
        var error = await ReadAsync();
        Assert.Equal(-32700, error.GetProperty("error").GetProperty("code").GetInt32());
        await SendAsync(Call(2, "echo", """{"text":"ok"}"""));
        Assert.Equal(2, (await ReadAsync()).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Invalid_utf8_in_a_line_is_a_parse_error_and_the_server_continues()
    {
        string call = Call(4, "echo", """{"text":"ab\u0001"}""");
        int at = call.IndexOf("\\u0001", StringComparison.Ordinal);
        byte[] line = [.. Encoding.UTF8.GetBytes(call[..at]), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(call[(at + 6)..] + "\n")];
        await _input.WriteAsync(line);
        await _input.FlushAsync();
        var error = await ReadAsync();
        Assert.Equal(-32700, error.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal($"Parse error: the message is not valid UTF-8 (an invalid byte sequence at byte {at}).", error.GetProperty("error").GetProperty("message").GetString());
        Assert.False(error.TryGetProperty("id", out _));

        await SendAsync(Call(5, "echo", """{"text":"héllo"}"""));
        Assert.Equal("héllo", TestClient.SingleText((await ReadAsync()).GetProperty("result")));
    }

    [Fact]
    public async Task Duplicate_in_flight_ids_are_rejected()
    {
        await SendAsync(Call(5, "slow", """{"milliseconds":1500}"""));
        await SendAsync(Call(5, "echo", """{"text":"dup"}"""));
        var rejected = await ReadAsync();
        Assert.Equal(-32600, rejected.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(5, rejected.GetProperty("id").GetInt32());
        var finished = await ReadAsync();
        Assert.Equal("done", TestClient.SingleText(finished.GetProperty("result")));
    }

    [Fact]
    public async Task Oversized_messages_are_rejected_and_the_next_one_is_served()
    {
        await using var small = new StdioHostTests(new McpServerOptions { MaxMessageBytes = 1024 });
        await small.SendAsync(Call(1, "echo", "{\"text\":\"" + new string('x', 5000) + "\"}"));
        var error = await small.ReadAsync();
        Assert.Equal(-32600, error.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("1024-byte limit", error.GetProperty("error").GetProperty("message").GetString());
        await small.SendAsync(Call(2, "echo", """{"text":"fits"}"""));
        Assert.Equal("fits", TestClient.SingleText((await small.ReadAsync()).GetProperty("result")));
    }

    [Fact]
    public async Task End_of_input_finishes_running_requests_then_exits()
    {
        await SendAsync(Call(1, "slow", """{"milliseconds":300}"""));
        _input.Close();
        var response = await ReadAsync();
        Assert.Equal("done", TestClient.SingleText(response.GetProperty("result")));
        await _server.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        _input.Close();
        await _server.WaitAsync(TimeSpan.FromSeconds(30));
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(int))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class StdioJson : System.Text.Json.Serialization.JsonSerializerContext;
