using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

// Sampling and roots are deprecated in 2026-07-28 but still asked for in input rounds; the client answers them.
#pragma warning disable MCP9005

namespace McpGen.Client;

/// <summary>How an <see cref="McpClient"/> introduces itself and answers what the server asks.</summary>
public sealed class McpClientOptions
{
    /// <summary>The <c>clientInfo</c> sent with every 2026-07-28 request and in a 2025-11-25 <c>initialize</c>.
    /// Defaults to <c>mcpgen-client</c> and this library's version.</summary>
    public Implementation ClientInfo { get; set; } = new() { Name = "mcpgen-client", Version = McpGenClientAssembly.Version };

    /// <summary>The protocol revision to speak: <see cref="McpProtocol.LatestVersion"/> (the default) or
    /// <see cref="McpProtocol.LatestLegacyVersion"/> to start with the 2025-11-25 <c>initialize</c> handshake.</summary>
    public string ProtocolVersion { get; set; } = McpProtocol.LatestVersion;

    /// <summary>Whether a server that does not know <c>server/discover</c> is spoken to as a 2025-11-25 server
    /// (<c>initialize</c>, sessions). Default <see langword="true"/>.</summary>
    public bool AllowLegacyFallback { get; set; } = true;

    /// <summary>How long the first <c>server/discover</c> may go unanswered before the server is taken for a 2025-11-25
    /// server that ignores it (some legacy stdio servers stay silent on methods they do not know). Default 10 seconds.</summary>
    public TimeSpan DiscoveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Answers <c>elicitation/create</c>: a form the server wants the user to fill in. When set, the client
    /// declares the <c>elicitation</c> capability (form mode).</summary>
    public Func<ElicitRequestParams, CancellationToken, ValueTask<ElicitResult>>? Elicitation { get; set; }

    /// <summary>Answers <c>sampling/createMessage</c>: an LLM completion the server asks for. When set, the client
    /// declares the <c>sampling</c> capability.</summary>
    public Func<CreateMessageRequestParams, CancellationToken, ValueTask<CreateMessageResult>>? Sampling { get; set; }

    /// <summary>Answers <c>roots/list</c>. When set, the client declares the <c>roots</c> capability.</summary>
    public Func<ListRootsRequestParams, CancellationToken, ValueTask<ListRootsResult>>? Roots { get; set; }

    /// <summary>How many <c>input_required</c> rounds one request may take before the client gives up. Default 8.</summary>
    public int MaxInputRounds { get; set; } = 8;

    /// <summary>Receives the notifications the server sends about a request: progress and log messages. When set,
    /// every request carries a <c>progressToken</c> so the server reports progress. Called on the transport's reading
    /// thread: return quickly.</summary>
    public Action<McpClientNotification>? Notifications { get; set; }

    /// <summary>The lowest level of <c>notifications/message</c> the server should send (2026-07-28 <c>logLevel</c>),
    /// e.g. <c>info</c>; <see langword="null"/> (the default) asks for none.</summary>
    public LoggingLevel? LogLevel { get; set; }

    /// <summary>Declares the tasks extension (<c>io.modelcontextprotocol/tasks</c>) in the client capabilities.</summary>
    public bool EnableTasks { get; set; }

    /// <summary>Logs the client's transport events and a stdio server's standard error.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The clock for <c>server/discover</c> cache expiry (<c>ttlMs</c>). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How tool calls made from a task's run become durable links of that task (agent-to-agent delegation).</summary>
    public McpDelegationOptions Delegation { get; } = new();
}

/// <summary>
/// How a <c>tools/call</c> made from a task's run (<see cref="McpTaskRunContext.Current"/>) is made: recorded as a link of
/// the task before the run goes on, re-attached or answered from the record when the run is resumed, retried when the
/// remote tool is idempotent. See <c>docs/delegation.md</c>.
/// </summary>
public sealed class McpDelegationOptions
{
    /// <summary>Whether calls from a task's run become links of the task. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many times one call may be sent in all, retries of an idempotent tool included. Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The wait before the first retry; each further retry waits twice as long. Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two retries. Default 10 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the polls (<c>tasks/get</c>) of a child task may fail in a row before the call counts as failed: its
    /// server unreachable, or answering -32603 while its task store is unavailable (a Redis restart). Such failures say
    /// nothing of the child, which may still be working, so the run keeps polling (backing off up to
    /// <see cref="MaxRetryDelay"/>) instead of failing a call that may have had its effect, or sending it again.
    /// Default 1 minute; <see cref="TimeSpan.Zero"/> takes the first failed poll for a failure of the call.
    /// </summary>
    public TimeSpan PollFailureTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Tools to treat as idempotent (safe to send twice) whatever their annotations say: the local override. Tools the
    /// server annotates <c>idempotentHint</c> or <c>readOnlyHint</c>, and those a typed client declares
    /// <c>Idempotent</c> or <c>ReadOnly</c>, are idempotent already.
    /// </summary>
    public ISet<string> IdempotentTools { get; } = new HashSet<string>(StringComparer.Ordinal);
}

/// <summary>A server to start as a child process and speak to over its standard input and output.</summary>
public sealed class McpStdioServerOptions
{
    /// <summary>The program to run (no shell is involved), e.g. <c>dotnet</c> or a path to an executable.</summary>
    public required string Command { get; set; }

    /// <summary>The arguments, each passed as one argument (no quoting needed).</summary>
    public IList<string> Arguments { get; set; } = [];

    /// <summary>The working directory; <see langword="null"/> for the current one.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Environment variables to set (a <see langword="null"/> value removes the variable).</summary>
    public IDictionary<string, string?> Environment { get; set; } = new Dictionary<string, string?>();

    /// <summary>How long to wait for the server to exit after its input is closed before killing it. Default 5 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>A notification the server sent while answering a request.</summary>
public sealed class McpClientNotification
{
    internal McpClientNotification(string method, System.Text.Json.JsonElement @params, ProgressNotificationParams? progress, LoggingMessageNotificationParams? log)
    {
        Method = method;
        Params = @params;
        Progress = progress;
        Log = log;
    }

    /// <summary>The notification's method, e.g. <c>notifications/progress</c> or <c>notifications/message</c>.</summary>
    public string Method { get; }

    /// <summary>The notification's <c>params</c> (undefined when absent).</summary>
    public System.Text.Json.JsonElement Params { get; }

    /// <summary>The progress report, for <c>notifications/progress</c>; its token is the request's JSON-RPC id.</summary>
    public ProgressNotificationParams? Progress { get; }

    /// <summary>The log message, for <c>notifications/message</c>.</summary>
    public LoggingMessageNotificationParams? Log { get; }
}

/// <summary>What a server says about itself: from <c>server/discover</c> (2026-07-28) or <c>initialize</c> (2025-11-25).</summary>
public sealed class McpServerDescription
{
    internal McpServerDescription(string protocolVersion, IReadOnlyList<string> supportedVersions, ServerCapabilities capabilities, Implementation? serverInfo, string? instructions, DateTimeOffset? expires)
    {
        ProtocolVersion = protocolVersion;
        SupportedVersions = supportedVersions;
        Capabilities = capabilities;
        ServerInfo = serverInfo;
        Instructions = instructions;
        Expires = expires;
    }

    /// <summary>The revision this client speaks with the server.</summary>
    public string ProtocolVersion { get; }

    /// <summary>The revisions the server supports (2025-11-25: the one <c>initialize</c> agreed on).</summary>
    public IReadOnlyList<string> SupportedVersions { get; }

    /// <summary>Whether the server is spoken to as a 2025-11-25 (or older) server.</summary>
    public bool IsLegacy => ProtocolVersion != McpProtocol.LatestVersion;

    /// <summary>The server's capabilities.</summary>
    public ServerCapabilities Capabilities { get; }

    /// <summary>The server's name and version, when it sent them.</summary>
    public Implementation? ServerInfo { get; }

    /// <summary>The server's instructions for the model, if any.</summary>
    public string? Instructions { get; }

    /// <summary>When the description stops being fresh (<c>ttlMs</c>); <see langword="null"/> when it does not expire (a 2025-11-25 session).</summary>
    public DateTimeOffset? Expires { get; }
}
