using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;

namespace McpGen.Client.Tests;

/// <summary>
/// stdio framing: the real McpGen server core over in-memory pipes (<see cref="McpStdioHost.RunAsync(McpRequestProcessor, System.IO.Stream, System.IO.Stream, CancellationToken)"/>),
/// and one real server process (the QuickStart sample).
/// </summary>
// The cancellation tests share ClientTestTools.SlowStarted/SlowCancelled: one class at a time.
[Collection(nameof(ClientTestTools.Slow))]
public sealed class StdioClientTests : IAsyncLifetime
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();
    private readonly CancellationTokenSource _stopServer = new();
    private Task _server = Task.CompletedTask;

    public Task InitializeAsync()
    {
        var processor = new McpRequestProcessor(ClientTestServer.Definition);
        _server = McpStdioHost.RunAsync(processor, _toServer.Reader.AsStream(), _toClient.Writer.AsStream(), _stopServer.Token);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _stopServer.Cancel();
        await _server.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        _stopServer.Dispose();
    }

    private McpClient PipeClient(McpClientOptions? options = null) =>
        McpClient.Create(new McpStreamClientTransport(_toClient.Reader.AsStream(), _toServer.Writer.AsStream()), options);

    private static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    private static Dictionary<string, JsonElement> Args(params (string Name, object Value)[] args) =>
        args.ToDictionary(a => a.Name, a => a.Value switch
        {
            int i => JsonSerializer.SerializeToElement(i),
            _ => JsonSerializer.SerializeToElement((string)a.Value),
        });

    [Fact]
    public async Task Concurrent_requests_over_one_stream_are_matched_to_their_responses_by_id()
    {
        await using var client = PipeClient();

        var description = await client.DiscoverAsync();
        var calls = Enumerable.Range(0, 20).Select(i => client.CallToolAsync("add", Args(("a", i), ("b", 1000))).AsTask()).ToArray();
        var results = await Task.WhenAll(calls);

        Assert.Equal("2026-07-28", description.ProtocolVersion);
        Assert.Equal("client-test", description.ServerInfo?.Name);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)), results.Select(Text));
    }

    [Fact]
    public async Task Input_rounds_progress_and_errors_work_the_same_over_stdio()
    {
        var notifications = new ConcurrentQueue<McpClientNotification>();
        await using var client = PipeClient(new McpClientOptions
        {
            Notifications = notifications.Enqueue,
            Elicitation = (_, _) => ValueTask.FromResult(new ElicitResult { Action = "accept", Content = new Dictionary<string, JsonElement> { ["ok"] = JsonSerializer.SerializeToElement(true) } }),
        });

        Assert.Equal("proceeded", Text(await client.CallToolAsync("confirm")));
        Assert.Equal("done", Text(await client.CallToolAsync("steps")));
        Assert.Equal(3, notifications.Count(n => n.Progress is not null));
        var error = await Assert.ThrowsAsync<McpRemoteException>(() => client.CallToolAsync("nope").AsTask());
        Assert.Equal(-32602, error.Code);
        Assert.True((await client.CallToolAsync("fail")).IsError);
    }

    [Fact]
    public async Task Cancelling_over_stdio_sends_notifications_cancelled_and_the_server_stops_the_tool()
    {
        ClientTestTools.SlowStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        ClientTestTools.SlowCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = PipeClient();
        await client.DiscoverAsync();
        using var cancellation = new CancellationTokenSource();

        var call = client.CallToolAsync("slow", cancellationToken: cancellation.Token).AsTask();
        await ClientTestTools.SlowStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await ClientTestTools.SlowCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("still here", Text(await client.CallToolAsync("echo", Args(("text", "still here")))));
    }

    [Fact]
    public async Task A_2025_session_over_stdio_answers_the_servers_elicitation_request_with_the_handler()
    {
        var asked = new ConcurrentQueue<string>();
        await using var client = PipeClient(new McpClientOptions
        {
            ProtocolVersion = "2025-11-25",
            Elicitation = (request, _) =>
            {
                asked.Enqueue(request.Message);
                return ValueTask.FromResult(new ElicitResult { Action = "accept", Content = new Dictionary<string, JsonElement> { ["ok"] = JsonSerializer.SerializeToElement(true) } });
            },
        });

        var result = await client.CallToolAsync("confirm");

        Assert.Equal("2025-11-25", client.ProtocolVersion);
        Assert.Equal("proceeded", Text(result));
        Assert.Equal("Proceed?", Assert.Single(asked));
    }

    [Fact]
    public async Task A_real_server_process_is_started_spoken_to_and_stopped()
    {
        string quickStart = typeof(StdioClientTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "QuickStartDll").Value!;
        var client = McpClient.CreateStdio(new McpStdioServerOptions
        {
            Command = "dotnet",
            Arguments = [quickStart],
            Environment = { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
        });
        using var process = Process.GetProcessById(((McpStdioClientTransport)client.Transport).ProcessId);

        try
        {
            var description = await client.DiscoverAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal("quickstart", description.ServerInfo?.Name);
            Assert.Contains((await client.ListAllToolsAsync()).Select(t => t.Name), n => n == "add");
            Assert.Equal("5", Text(await client.CallToolAsync("add", Args(("a", 2), ("b", 3)))));
            var failed = await client.CallToolAsync("fail");
            Assert.True(failed.IsError);
        }
        finally
        {
            await client.DisposeAsync();
        }

        // Closing its input ended the process.
        Assert.True(process.HasExited);
    }

    [Fact]
    public async Task A_server_that_ignores_the_end_of_its_input_is_killed_after_the_grace_period()
    {
        var client = McpClient.CreateStdio(new McpStdioServerOptions { Command = "sleep", Arguments = ["60"], ShutdownTimeout = TimeSpan.FromMilliseconds(200) });
        using var process = Process.GetProcessById(((McpStdioClientTransport)client.Transport).ProcessId);
        var stopwatch = Stopwatch.StartNew();

        await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(process.HasExited);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"dispose took {stopwatch.Elapsed}");
    }

    [Fact]
    public void A_command_that_cannot_be_started_is_a_client_exception_naming_it()
    {
        var error = Assert.Throws<McpClientException>(() => McpClient.CreateStdio(new McpStdioServerOptions { Command = "/nonexistent/mcp-server" }));

        Assert.Contains("/nonexistent/mcp-server", error.Message);
    }
}
