using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGen.Tests;

/// <summary>A service that logs through the application's logger factory.</summary>
public interface IAuditTrail
{
    void Record(string what);
}

public sealed class AuditTrail(ILogger<AuditTrail> logger) : IAuditTrail
{
    public void Record(string what) => logger.LogWarning("Audit: {What}", what);
}

/// <summary>Tools that log.</summary>
public static class LoggingTools
{
    /// <summary>Logs at three levels through the client log and once through an injected service.</summary>
    [McpTool("log_levels")]
    public static string LogLevels(McpToolCall call, IAuditTrail audit)
    {
        call.ClientLog.LogDebug("details");
        call.ClientLog.LogInformation("working on {Item}", 42);
        call.ClientLog.LogError(new InvalidOperationException("disk full"), "could not save");
        audit.Record("log_levels called");
        return "logged";
    }

    /// <summary>Keeps logging after it has answered, which must never reach the client.</summary>
    [McpTool("log_late")]
    public static string LogLate(McpToolCall call)
    {
        var log = call.ClientLog;
        var context = ExecutionContext.Capture()!;
        // Deliberately outlives the request, so it must not take the request's token.
        _ = Task.Run(
            async () =>
            {
                await Task.Delay(100, CancellationToken.None);
                ExecutionContext.Run(context, _ => log.LogError("too late"), null);
            },
            CancellationToken.None);
        return "answered";
    }
}

public sealed class LoggingTests
{
    private static TestClient Client()
    {
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Trace))
            .AddSingleton<IAuditTrail, AuditTrail>()
            .BuildServiceProvider();
        return new TestClient(services);
    }

    private static string Request(string tool, string? logLevel) =>
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":{},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}"
        + (logLevel is null ? string.Empty : ",\"io.modelcontextprotocol/logLevel\":" + logLevel) + "}}}";

    [Fact]
    public async Task Entries_at_or_above_the_requested_level_reach_the_client_in_order()
    {
        var client = Client();
        var response = await client.SendRawAsync(Request("log_levels", "\"info\""));
        Assert.Equal("logged", TestClient.SingleText(response!.Value.GetProperty("result")));
        var messages = client.Notifications.ToList();
        Assert.All(messages, m => Assert.Equal("notifications/message", m.GetProperty("method").GetString()));
        TestClient.AssertJsonEqual("""
            [{"level":"info","logger":"McpGen.Handler","data":"working on 42"},
             {"level":"error","logger":"McpGen.Handler","data":"could not save (InvalidOperationException: disk full)"},
             {"level":"warning","logger":"McpGen.Tests.AuditTrail","data":"Audit: log_levels called"}]
            """, JsonDocument.Parse("[" + string.Join(",", messages.Select(m => m.GetProperty("params").GetRawText())) + "]").RootElement);
    }

    [Fact]
    public async Task Debug_level_includes_debug_entries()
    {
        var client = Client();
        await client.SendRawAsync(Request("log_levels", "\"debug\""));
        Assert.Equal(["debug", "info", "error", "warning"], client.Notifications.Select(m => m.GetProperty("params").GetProperty("level").GetString()));
    }

    [Fact]
    public async Task Without_a_log_level_nothing_is_sent()
    {
        var client = Client();
        var response = await client.SendRawAsync(Request("log_levels", null));
        Assert.Equal("logged", TestClient.SingleText(response!.Value.GetProperty("result")));
        Assert.Empty(client.Notifications);
    }

    [Fact]
    public async Task Nothing_is_sent_after_the_response()
    {
        var client = Client();
        await client.SendRawAsync(Request("log_late", "\"debug\""));
        await Task.Delay(300);
        Assert.Empty(client.Notifications);
    }

    [Theory]
    [InlineData("\"verbose\"", "Invalid params._meta[\"io.modelcontextprotocol/logLevel\"]: expected one of debug, info, notice, warning, error, critical, alert, emergency, got 'verbose'.")]
    [InlineData("3", "Invalid params._meta[\"io.modelcontextprotocol/logLevel\"]: expected one of debug, info, notice, warning, error, critical, alert, emergency.")]
    public async Task An_unknown_log_level_is_rejected_with_minus_32602(string logLevel, string message)
    {
        var client = Client();
        var response = await client.SendRawAsync(Request("log_levels", logLevel));
        Assert.Equal(-32602, response!.Value.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(message, response.Value.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(McpProcessResult.Rejected, client.LastResult);
        Assert.Empty(client.Notifications);
    }

    [Fact]
    public async Task Discover_declares_logging()
    {
        var result = await Client().ResultAsync("server/discover");
        Assert.True(result.GetProperty("capabilities").TryGetProperty("logging", out var logging));
        Assert.Equal(JsonValueKind.Object, logging.ValueKind);
    }
}
