using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGen.AspNetCore.Tests;

/// <summary>The default audit sink writes structured log entries; a failing sink never fails the request.</summary>
public sealed class AuditLogTests
{
    [Fact]
    public async Task The_default_sink_logs_one_structured_entry_per_call_with_every_field_named()
    {
        var entries = new CapturingLoggerProvider();
        await using var app = await McpTestApp.StartAsync(
            services =>
            {
                services.AddLogging(b => b.AddProvider(entries));
                services.AddMcpAuditTrail(o => o.IncludeArguments = true);
            },
            app => app.MapMcp<SecureTestServer>("/mcp"));

        await app.SendJsonAsync(app.Call("fail", """{"reason":"disk full"}"""));
        await app.SendJsonAsync(app.Request("tools/list"));

        var entry = Assert.Single(entries.Entries, e => e.Category == LoggerMcpAuditSink.Category);
        Assert.Equal(100, entry.EventId.Id);
        Assert.Equal("McpAudit", entry.EventId.Name);
        Assert.Equal(LogLevel.Information, entry.Level);
        var fields = entry.State.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("tools/call", fields["Method"]);
        Assert.Equal("fail", fields["Target"]);
        Assert.Equal(McpAuditOutcome.ToolError, fields["Outcome"]);
        Assert.Null(fields["Caller"]);
        Assert.Equal("""{"reason":"disk full"}""", fields["Arguments"]);
        Assert.StartsWith("sha256:", (string)fields["ArgumentsDigest"]!);
        Assert.Equal(McpTransportKind.StreamableHttp, fields["Transport"]);
        Assert.IsType<double>(fields["DurationMs"]);
        Assert.Matches(@"^MCP tools/call fail by anonymous: ToolError in [0-9.]+ ms$", entry.Message);
    }

    [Fact]
    public async Task A_sink_that_throws_is_logged_and_the_client_still_gets_its_answer()
    {
        var entries = new CapturingLoggerProvider();
        await using var app = await McpTestApp.StartAsync(
            services =>
            {
                services.AddLogging(b => b.AddProvider(entries));
                services.AddMcpAuditTrail<ThrowingAuditSink>();
            },
            app => app.MapMcp<SecureTestServer>("/mcp"));

        var response = await app.SendJsonAsync(app.Call("who_am_i"));
        Assert.Equal("anonymous", response.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
        var failure = Assert.Single(entries.Entries, e => e.Level == LogLevel.Error);
        Assert.IsType<InvalidOperationException>(failure.Exception);
        Assert.Contains("audit sink failed", failure.Message);
    }

    private sealed class ThrowingAuditSink : IMcpAuditSink
    {
        public ValueTask WriteAsync(McpAuditEvent auditEvent, CancellationToken cancellationToken) => throw new InvalidOperationException("store down");
    }
}

/// <summary>Keeps every log entry with its structured state.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> State, Exception? Exception);

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception),
                state as IReadOnlyList<KeyValuePair<string, object?>> ?? [], exception));
    }
}
