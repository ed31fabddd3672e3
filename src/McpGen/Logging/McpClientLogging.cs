using System;
using System.Runtime.CompilerServices;
using System.Threading;
using McpGen.Internal;
using Microsoft.Extensions.Logging;

namespace McpGen;

/// <summary>
/// Forwards what handlers log through <see cref="ILogger"/> to the client that asked for it: a request whose
/// <c>_meta</c> carries <c>io.modelcontextprotocol/logLevel</c> receives the entries written while it is served, at or
/// above that level, as <c>notifications/message</c> on its own response stream. Requests that ask for no level receive
/// nothing. McpGen adds this provider to the application's <see cref="ILoggerFactory"/> by itself.
/// </summary>
/// <remarks>
/// The application's logging filters apply to this provider as to any other. A server that sets its minimum level to
/// <c>Warning</c> forwards nothing below it unless it lowers the level for this provider, by its alias:
/// <c>builder.Logging.AddFilter&lt;McpClientLoggerProvider&gt;(null, LogLevel.Debug)</c> or configuration
/// <c>Logging:McpClient:LogLevel:Default</c>.
/// </remarks>
[ProviderAlias("McpClient")]
public sealed class McpClientLoggerProvider : ILoggerProvider
{
    private static readonly AsyncLocal<McpClientLogSink?> s_current = new();
    private static readonly ConditionalWeakTable<ILoggerFactory, McpClientLoggerProvider> s_added = new();

    private McpClientLoggerProvider()
    {
    }

    /// <summary>A logger that writes to the current request's client only (category <c>McpGen.Handler</c>).</summary>
    internal static ILogger ClientOnly { get; } = new ClientLogger(ClientOnlyCategory);

    private const string ClientOnlyCategory = "McpGen.Handler";

    /// <summary>The sink of the request being served on this async flow, if it asked for log messages.</summary>
    internal static McpClientLogSink? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    /// <summary>Adds the provider to <paramref name="factory"/> once.</summary>
    internal static void AddTo(ILoggerFactory factory) =>
        s_added.GetValue(factory, static f =>
        {
            var provider = new McpClientLoggerProvider();
            f.AddProvider(provider);
            return provider;
        });

    /// <inheritdoc/>
    /// <remarks>
    /// Entries about the server rather than the handler's work stay in the server's logs: McpGen's own
    /// (<c>McpGen.Server</c>, <c>McpGen.Stdio</c>, <c>McpGen.AspNetCore</c>) and the framework's (<c>Microsoft.*</c>, <c>System.*</c>: hosting,
    /// HTTP clients, data access), which can name hosts, queries and configuration.
    /// </remarks>
    public ILogger CreateLogger(string categoryName) => IsServerCategory(categoryName)
        ? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance
        : new ClientLogger(categoryName);

    private static bool IsServerCategory(string category) =>
        category.StartsWith("Microsoft.", StringComparison.Ordinal)
        || category.StartsWith("System.", StringComparison.Ordinal)
        || category is "McpGen.Server" or "McpGen.Stdio" or "McpGen.AspNetCore";

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private sealed class ClientLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => s_current.Value?.Accepts(logLevel) == true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (s_current.Value is { } sink && sink.Accepts(logLevel))
            {
                sink.Send(logLevel, category, formatter(state, exception), exception);
            }
        }
    }
}

/// <summary>MCP log levels (RFC 5424 severities) and their order.</summary>
internal static class McpLogLevels
{
    public static readonly string[] Names = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];

    /// <summary>The severity of a level name (0 = debug … 7 = emergency), or -1.</summary>
    public static int Parse(string name) => Array.IndexOf(Names, name);

    /// <summary>The MCP severity of a .NET log level; <see cref="LogLevel.Trace"/> counts as debug.</summary>
    public static int Of(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => 0,
        LogLevel.Information => 1,
        LogLevel.Warning => 3,
        LogLevel.Error => 4,
        _ => 5,
    };
}

/// <summary>One request's log messages: at or above its level, to its own stream, never after its response.</summary>
internal sealed class McpClientLogSink(int minimumSeverity, IMcpNotificationSink sink)
{
    private volatile bool _completed;

    public bool Accepts(LogLevel level) => !_completed && level != LogLevel.None && McpLogLevels.Of(level) >= minimumSeverity;

    public void Send(LogLevel level, string? logger, string message, Exception? exception)
    {
        var scratch = JsonScratch.Rent();
        try
        {
            var w = scratch.Writer;
            w.WriteStartObject();
            w.WriteString("jsonrpc"u8, "2.0"u8);
            w.WriteString("method"u8, "notifications/message"u8);
            w.WriteStartObject("params"u8);
            w.WriteString("level"u8, McpLogLevels.Names[McpLogLevels.Of(level)]);
            if (logger is not null)
            {
                w.WriteString("logger"u8, logger);
            }

            // The text as written; an exception adds its type and message, never its stack trace (that stays in the server's logs).
            w.WriteString("data"u8, exception is null ? message : $"{message} ({exception.GetType().Name}: {exception.Message})");
            w.WriteEndObject();
            w.WriteEndObject();
            w.Flush();
            if (!_completed)
            {
                sink.Send(scratch.Buffer.WrittenSpan);
            }
        }
        finally
        {
            JsonScratch.Return(scratch);
        }
    }

    /// <summary>The response is about to be sent: later entries are dropped.</summary>
    public void Complete() => _completed = true;
}
