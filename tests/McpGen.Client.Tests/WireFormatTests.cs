using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace McpGen.Client.Tests;

/// <summary>Event-stream parsing details and stdio's standard error, against scripted peers.</summary>
public sealed class WireFormatTests
{
    /// <summary>Answers discover with JSON and everything else with the event stream <paramref name="stream"/> builds from the request id.</summary>
    private sealed class EventStreamServer(Func<long, string> stream) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
            long id = body.RootElement.GetProperty("id").GetInt64();
            bool discover = body.RootElement.GetProperty("method").GetString() == "server/discover";
            var content = new StringContent(
                discover ? $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":{FakeServerHandler.Discover}}}" : stream(id),
                Encoding.UTF8,
                discover ? "application/json" : "text/event-stream");
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content };
        }
    }

    [Fact]
    public async Task Events_with_comments_names_crlf_and_multi_line_data_are_read_and_only_the_own_response_ends_the_call()
    {
        var notifications = new ConcurrentQueue<McpClientNotification>();
        var server = new EventStreamServer(id =>
            ": keep-alive\r\n\r\n" +
            "event: message\r\nid: 1\r\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\r\ndata: \"params\":{\"progressToken\":" + id + ",\"progress\":1,\"total\":2}}\r\n\r\n" +
            "data: {\"jsonrpc\":\"2.0\",\"id\":999999,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"not mine\"}]}}\n\n" +
            "data:{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"working\"}}\n\n" +
            // The last event is not closed by a blank line: the end of the stream closes it.
            "data: {\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"resultType\":\"complete\",\"content\":[{\"type\":\"text\",\"text\":\"mine\"}]}}");
        await using var client = McpClient.Create(new HttpClient(server), new Uri("http://sse/mcp"), new McpClientOptions { Notifications = notifications.Enqueue });

        var result = await client.CallToolAsync("t");

        Assert.Equal("mine", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        Assert.Equal(["notifications/progress", "notifications/message"], notifications.Select(n => n.Method).ToArray());
        Assert.Equal(2, notifications.First().Progress!.Progress.Total);
        Assert.Equal("working", notifications.Last().Log!.Data.GetString());
    }

    [Fact]
    public async Task A_stream_that_ends_without_the_response_is_an_error_naming_the_method()
    {
        var server = new EventStreamServer(_ => "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"bye\"}}\n\n");
        await using var client = McpClient.Create(new HttpClient(server), new Uri("http://sse/mcp"));

        var error = await Assert.ThrowsAsync<McpClientException>(() => client.ListToolsAsync().AsTask());

        Assert.Contains("tools/list", error.Message);
        Assert.Contains("before answering", error.Message);
    }

    [Fact]
    public async Task A_stdio_servers_standard_error_goes_to_the_log()
    {
        var logged = new ConcurrentQueue<string>();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(new CollectingProvider(logged)));
        var client = McpClient.CreateStdio(
            new McpStdioServerOptions { Command = "sh", Arguments = ["-c", "echo 'starting up' >&2; exec cat >/dev/null"], ShutdownTimeout = TimeSpan.FromSeconds(5) },
            new McpClientOptions { LoggerFactory = loggerFactory });

        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!logged.Any(l => l.Contains("starting up", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
        finally
        {
            await client.DisposeAsync();
        }

        Assert.Contains(logged, l => l.Contains("starting up", StringComparison.Ordinal));
    }

    private sealed class CollectingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collecting(lines);

        public void Dispose()
        {
        }

        private sealed class Collecting(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
