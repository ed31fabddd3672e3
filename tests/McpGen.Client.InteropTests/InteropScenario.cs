using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client.InteropTests.OfficialSdk;
using ModelContextProtocol.Protocol;

namespace McpGen.Client.InteropTests;

/// <summary>
/// The typed client of the interop servers: the official C# SDK fixture and the TypeScript SDK script serve the same
/// primitives (echo, add, forecast with structured output, fail, notes://{id}, greet).
/// </summary>
[McpClient]
public partial interface IInteropServer : IAsyncDisposable
{
    [McpRemoteTool]
    Task<string> EchoAsync(string message, CancellationToken cancellationToken = default);

    [McpRemoteTool]
    Task<long> AddAsync(int a, int b);

    [McpRemoteTool]
    Task<Forecast> ForecastAsync(string city, int? days = null);

    [McpRemoteTool("forecast")]
    Task<CallToolResult> ForecastRawAsync(string city);

    [McpRemoteTool]
    Task<string> FailAsync(string why);

    [McpRemoteTool]
    Task<string> SlowAsync(CancellationToken cancellationToken);

    [McpRemoteTool]
    Task<int> CancelledAsync();

    [McpRemoteTool("no_such_tool")]
    Task<string> MissingAsync();

    [McpRemoteResource("notes://{id}")]
    Task<string> ReadNoteAsync(string id);

    [McpRemotePrompt]
    Task<string> GreetAsync(string name);
}

/// <summary>The same checks against every interop server, through the untyped and the typed client.</summary>
internal static class InteropScenario
{
    public static McpClientOptions Options(string revision) => new() { ProtocolVersion = revision };

    /// <summary>Untyped: list, call (text, structured, error), read a templated resource, get a prompt.</summary>
    public static async Task UntypedAsync(McpClient client, string expectedRevision)
    {
        var tools = await client.ListAllToolsAsync();
        Assert.Superset(new HashSet<string> { "add", "cancelled", "confirm", "echo", "fail", "forecast", "slow", "steps" }, tools.Select(t => t.Name).ToHashSet());
        Assert.Equal(expectedRevision, client.ProtocolVersion);

        var echo = await client.CallToolAsync("echo", Arguments(("message", "héllo \"world\"")));
        Assert.NotEqual(true, echo.IsError);
        Assert.Equal("héllo \"world\"", Assert.IsType<TextContentBlock>(Assert.Single(echo.Content)).Text);

        var forecast = await client.CallToolAsync("forecast", Arguments(("city", "Oslo"), ("days", 3)));
        Assert.NotEqual(true, forecast.IsError);
        var structured = Assert.IsType<JsonElement>(forecast.StructuredContent);
        Assert.Equal("Oslo", structured.GetProperty("city").GetString());
        Assert.Equal(3, structured.GetProperty("days").GetArrayLength());
        Assert.Equal(22.5, structured.GetProperty("days")[2].GetProperty("highCelsius").GetDouble());

        var failed = await client.CallToolAsync("fail", Arguments(("why", "closed")));
        Assert.True(failed.IsError);
        Assert.Contains("refused: closed", Assert.IsType<TextContentBlock>(Assert.Single(failed.Content)).Text, StringComparison.Ordinal);

        var note = await client.ReadResourceAsync("notes://7");
        var contents = Assert.IsType<TextResourceContents>(Assert.Single(note.Contents));
        Assert.Equal("note 7", contents.Text);
        Assert.Equal("notes://7", contents.Uri);

        var prompt = await client.GetPromptAsync("greet", new Dictionary<string, string> { ["name"] = "Ada" });
        var message = Assert.Single(prompt.Messages);
        Assert.Equal(Role.User, message.Role);
        Assert.Equal("Say hello to Ada.", Assert.IsType<TextContentBlock>(message.Content).Text);

        // A URI outside ASCII travels in the Mcp-Name header too (encoded) and must match the body.
        var accented = await client.ReadResourceAsync("notes://café-ü");
        Assert.Equal("note café-ü", Assert.IsType<TextResourceContents>(Assert.Single(accented.Contents)).Text);

        // Many requests in flight at once: each answer reaches its own caller.
        var echoes = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
            Assert.IsType<TextContentBlock>(Assert.Single((await client.CallToolAsync("echo", Arguments(("message", "m" + i)))).Content)).Text));
        Assert.Equal(Enumerable.Range(0, 24).Select(i => "m" + i), echoes);

        var description = await client.DiscoverAsync();
        Assert.Equal(expectedRevision, description.ProtocolVersion);
        Assert.NotNull(description.Capabilities.Tools);
    }

    /// <summary>Typed: the same calls through the generated client, results read into the declared types.</summary>
    public static async Task TypedAsync(IInteropServer server, McpClient client, string expectedRevision)
    {
        Assert.Equal("héllo \"world\"", await server.EchoAsync("héllo \"world\""));
        Assert.Equal(expectedRevision, client.ProtocolVersion);
        Assert.Equal(4_000_000_000L, await server.AddAsync(2_000_000_000, 2_000_000_000));

        var forecast = await server.ForecastAsync("Oslo", 3);
        Assert.Equal("Oslo", forecast.City);
        Assert.Equal([0, 1, 2], forecast.Days.Select(d => d.Day));
        Assert.Equal(["sunny", "cloudy", "sunny"], forecast.Days.Select(d => d.Sky));
        Assert.Equal(21.5, forecast.Days[1].HighCelsius);

        // Absent optional arguments stay absent: the server's default (two days) applies.
        Assert.Equal(2, (await server.ForecastAsync("Bergen")).Days.Count);

        var raw = await server.ForecastRawAsync("Rome");
        Assert.Equal("Rome", Assert.IsType<JsonElement>(raw.StructuredContent).GetProperty("city").GetString());

        var error = await Assert.ThrowsAsync<McpToolException>(() => server.FailAsync("closed"));
        Assert.Equal("fail", error.ToolName);
        Assert.Contains("refused: closed", error.ErrorText, StringComparison.Ordinal);

        // An unknown tool is a protocol error (JSON-RPC) for some servers and an isError result for others; both throw.
        var missing = await Assert.ThrowsAnyAsync<McpClientException>(() => server.MissingAsync());
        Assert.Contains("no_such_tool", missing.Message, StringComparison.Ordinal);

        Assert.Equal("note 42", await server.ReadNoteAsync("42"));
        Assert.Equal("Say hello to Grace.", await server.GreetAsync("Grace"));
    }

    /// <summary>
    /// A call cancelled by its token ends at once on the client, the server learns of it (its handler is cancelled:
    /// notifications/cancelled, or under 2026-07-28 HTTP the closed request), and the client keeps working.
    /// </summary>
    public static async Task CancellationAsync(IInteropServer server)
    {
        int before = await server.CancelledAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.SlowAsync(cts.Token));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), "the cancelled call took " + started.Elapsed);

        for (int attempt = 0; await server.CancelledAsync() == before; attempt++)
        {
            Assert.True(attempt < 100, "the server never saw the cancellation");
            await Task.Delay(50);
        }

        Assert.Equal("still here", await server.EchoAsync("still here"));
    }

    /// <summary>Progress notifications the server sends while it answers (SSE events before the response) reach the callback in order.</summary>
    public static async Task ProgressAsync(Func<McpClientOptions, Task<McpClient>> connect, string revision)
    {
        var seen = new List<(double Progress, double? Total, string? Message)>();
        var options = Options(revision);
        options.Notifications = n =>
        {
            if (n.Progress is { } p)
            {
                lock (seen)
                {
                    seen.Add((p.Progress.Progress, p.Progress.Total, p.Progress.Message));
                }
            }
        };

        await using var client = await connect(options);
        var result = await client.CallToolAsync("steps", Arguments(("count", 3)));
        Assert.Equal("3 steps", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        lock (seen)
        {
            Assert.Equal([(1d, (double?)3d, "step 1"), (2d, 3d, "step 2"), (3d, 3d, "step 3")], seen);
        }
    }

    /// <summary>
    /// A tool that asks the user (elicitation): over 2025-11-25 the server sends elicitation/create in the response's
    /// event stream (or on stdio) and the client answers it; over 2026-07-28 an input_required result carries the
    /// question and the client calls again with the answer and the untouched requestState. The tool's answer depends on
    /// the user's.
    /// </summary>
    public static async Task ElicitationAsync(Func<McpClientOptions, Task<McpClient>> connect, string revision, string tool = "confirm")
    {
        var asked = new List<string>();
        var options = Options(revision);
        options.Elicitation = (request, _) =>
        {
            lock (asked)
            {
                asked.Add(request.Message);
            }

            bool yes = request.Message.Contains("draft", StringComparison.Ordinal);
            return ValueTask.FromResult(new ElicitResult
            {
                Action = "accept",
                Content = new Dictionary<string, JsonElement> { ["confirm"] = JsonSerializer.SerializeToElement(yes, InteropJson.Default.Boolean) },
            });
        };

        await using var client = await connect(options);
        Assert.Equal("deleted draft", Text(await client.CallToolAsync(tool, Arguments(("item", "draft")))));
        Assert.Equal("kept report", Text(await client.CallToolAsync(tool, Arguments(("item", "report")))));
        Assert.Equal(["Delete draft?", "Delete report?"], asked);
    }

    private static string? Text(CallToolResult result)
    {
        string? text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.True(result.IsError != true, "the tool failed: " + text);
        return text;
    }

    private static Dictionary<string, JsonElement> Arguments(params (string Name, object Value)[] arguments) =>
        arguments.ToDictionary(a => a.Name, a => a.Value switch
        {
            string s => JsonSerializer.SerializeToElement(s, InteropJson.Default.String),
            int i => JsonSerializer.SerializeToElement(i, InteropJson.Default.Int32),
            _ => throw new ArgumentException("unsupported argument type"),
        });
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(int))]
[System.Text.Json.Serialization.JsonSerializable(typeof(bool))]
internal sealed partial class InteropJson : System.Text.Json.Serialization.JsonSerializerContext;
