using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;

namespace McpGen;

/// <summary>
/// What one MCP request carries besides its arguments: protocol version, client identity and capabilities, <c>_meta</c>,
/// services and cancellation. Declare a parameter of this type on a tool to receive it. It is valid only while the
/// request is being served; do not keep it.
/// </summary>
public class McpRequestContext
{
    private readonly ReadOnlyMemory<byte> _metaJson;
    private readonly ReadOnlyMemory<byte> _clientCapabilitiesJson;
    // What most requests never use lives in one object made on first use, so a plain call allocates one small context.
    private Extras? _extras;

    internal McpRequestContext(
        string method,
        string protocolVersion,
        ReadOnlyMemory<byte> metaJson,
        ReadOnlyMemory<byte> clientCapabilitiesJson,
        IServiceProvider services,
        CancellationToken cancellationToken)
    {
        Method = method;
        ProtocolVersion = protocolVersion;
        _metaJson = metaJson;
        _clientCapabilitiesJson = clientCapabilitiesJson;
        Services = services;
        CancellationToken = cancellationToken;
    }

    /// <summary>The JSON-RPC method, e.g. <c>tools/call</c>.</summary>
    public string Method { get; }

    /// <summary>
    /// The caller as the transport authenticated them (Streamable HTTP: the bearer token's claims), or
    /// <see langword="null"/> on transports that do not authenticate (stdio) and in tasks run after the request.
    /// A result that depends on it must not be marked publicly cacheable.
    /// </summary>
    public System.Security.Claims.ClaimsPrincipal? User { get; internal init; }

    /// <summary>The protocol revision this request was made under, e.g. <c>2026-07-28</c> or <c>2025-11-25</c>.</summary>
    public string ProtocolVersion { get; }

    /// <summary>Whether the request came from a client of a revision before 2026-07-28 (one that sent <c>initialize</c>).</summary>
    public bool IsLegacyProtocol => !string.Equals(ProtocolVersion, McpProtocol.LatestVersion, StringComparison.Ordinal);

    /// <summary>The services of this request.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Cancelled when the client cancels the request or the transport closes.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The client's identity, when it sent one (<c>io.modelcontextprotocol/clientInfo</c>).</summary>
    public Implementation? ClientInfo =>
        Extra.ClientInfo ??= FindMember(_metaJson.Span, "io.modelcontextprotocol/clientInfo"u8) is { IsEmpty: false } clientInfo
            ? Internal.SdkTypesJson.ReadImplementation(clientInfo)
            : null;

    /// <summary>The capabilities the client declared on this request (empty for a legacy client in this version).</summary>
    public ClientCapabilities ClientCapabilities =>
        Extra.ClientCapabilities ??= (_clientCapabilitiesJson.IsEmpty ? null
            : Internal.SdkTypesJson.ReadClientCapabilities(_clientCapabilitiesJson.Span)) ?? new ClientCapabilities();

    /// <summary>
    /// Asks the client for input (forms, sampling, roots) during this request; see <see cref="McpInput"/>. Available in
    /// tools, prompts and resource reads; a handler may also declare a parameter of type <see cref="McpInput"/>.
    /// </summary>
    public McpInput Input => Extra.Input ??= new McpInput(
        InputRound ?? CreateFirstInputRound() ?? throw new NotSupportedException($"{Method} cannot ask the client for input; tools, prompts and resource reads can."),
        _clientCapabilitiesJson,
        LegacyInput);

    /// <summary>
    /// Announces changes to clients listening with <c>subscriptions/listen</c>, on every instance when the bus is
    /// shared: <c>await context.Events.PublishAsync(McpServerEvent.ResourceUpdated(uri))</c>.
    /// </summary>
    public IMcpEventBus Events { get; internal init; } = s_noEvents;

    private static readonly IMcpEventBus s_noEvents = new InProcessMcpEventBus();

    /// <summary>For legacy clients: how asks become requests to the client on this call's connection.</summary>
    internal McpLegacyInput? LegacyInput
    {
        get => _extras?.Legacy;
        init
        {
            if (value is not null)
            {
                Extra.Legacy = value;
            }
        }
    }

    /// <summary>
    /// A logger whose entries go to the client only, as <c>notifications/message</c> on this request's stream, when the
    /// request asked for a log level (and at or above it). Entries written through any <see cref="Microsoft.Extensions.Logging.ILogger"/>
    /// of the application's logger factory reach the client the same way, and the server's own logs as well.
    /// </summary>
    public Microsoft.Extensions.Logging.ILogger ClientLog => McpClientLoggerProvider.ClientOnly;

    /// <summary>
    /// Reports progress to the client when the request asked for it (a <c>progressToken</c>); otherwise the reports are
    /// dropped. Tools, prompts and resource reads may also declare an <see cref="IProgress{T}"/> of <see cref="McpProgress"/> parameter.
    /// </summary>
    public IProgress<McpProgress> Progress => (IProgress<McpProgress>?)ProgressReporter ?? NullProgress.Instance;

    /// <summary>Sends this request's progress notifications, when it asked for them.</summary>
    internal McpProgressReporter? ProgressReporter
    {
        get => _extras?.Progress;
        init
        {
            if (value is not null)
            {
                Extra.Progress = value;
            }
        }
    }

    /// <summary>The extras if something made them.</summary>
    private protected Extras? ExtrasIfMade => _extras;

    /// <summary>The extras, made on first use.</summary>
    private protected Extras Extra => _extras ??= new();

    private sealed class NullProgress : IProgress<McpProgress>
    {
        public static readonly NullProgress Instance = new();

        public void Report(McpProgress value)
        {
        }
    }

    /// <summary>The round this request continues, set by the processor for MRTR retries.</summary>
    internal McpInputRound? InputRound
    {
        get => _extras?.Round;
        init
        {
            if (value is not null)
            {
                Extra.Round = value;
            }
        }
    }

    /// <summary>The input round of a first request (nothing answered yet); <see langword="null"/> for methods that cannot ask.</summary>
    internal virtual McpInputRound? CreateFirstInputRound() => null;

    /// <summary>The <see cref="McpInput"/> when the handler used it.</summary>
    internal McpInput? InputIfUsed => _extras?.Input;

    /// <summary>What only requests that ask for input need; most requests never allocate it.</summary>
    /// <summary>Per-request state few requests need: caches, input rounds, progress, task and result details.</summary>
    private protected sealed class Extras
    {
        public Implementation? ClientInfo { get; set; }

        public ClientCapabilities? ClientCapabilities { get; set; }

        public McpInputRound? Round { get; set; }

        public McpLegacyInput? Legacy { get; set; }

        public McpInput? Input { get; set; }

        public McpProgressReporter? Progress { get; set; }

        public McpTaskStarter? TaskStarter { get; set; }

        public System.Text.Json.Nodes.JsonObject? ResultMeta { get; set; }

        public bool IsError { get; set; }
    }

    /// <summary>The request's <c>params._meta</c> object (a copy), or <see langword="null"/> when absent.</summary>
    public JsonElement? Meta => _metaJson.IsEmpty ? null : ParseElement(_metaJson);

    /// <summary>The raw value of <paramref name="name"/> in a JSON object (the client info rides in <c>_meta</c>), or empty.</summary>
    private static ReadOnlySpan<byte> FindMember(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        if (json.IsEmpty)
        {
            return default;
        }

        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool found = reader.ValueTextEquals(name);
            reader.Read();
            int start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (found)
            {
                return json[start..(int)reader.BytesConsumed];
            }
        }

        return default;
    }

    private static JsonElement ParseElement(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>
/// One <c>tools/call</c> being served. Generated tool handlers read the arguments from it and write the result to
/// <see cref="ResultWriter"/>; user code sees it as its base type <see cref="McpRequestContext"/>.
/// </summary>
public sealed class McpToolCall : McpRequestContext
{
    internal McpToolCall(
        McpToolDescriptor tool,
        ReadOnlyMemory<byte> arguments,
        Utf8JsonWriter resultWriter,
        McpProgressReporter? progress,
        string protocolVersion,
        ReadOnlyMemory<byte> metaJson,
        ReadOnlyMemory<byte> clientCapabilitiesJson,
        IServiceProvider services,
        CancellationToken cancellationToken)
        : base(McpProtocol.Methods.ToolsCall, protocolVersion, metaJson, clientCapabilitiesJson, services, cancellationToken)
    {
        Tool = tool;
        Arguments = arguments;
        ResultWriter = resultWriter;
        ProgressReporter = progress;
    }

    /// <summary>The tool being called.</summary>
    public McpToolDescriptor Tool { get; }

    internal override McpInputRound? CreateFirstInputRound() => McpInputRound.First(Method, Tool.Name, Arguments.Span, McpCallerIdentity.Of(User));

    /// <summary>The <c>arguments</c> object as UTF-8 JSON (<c>{}</c> when the client sent none).</summary>
    public ReadOnlyMemory<byte> Arguments { get; }

    /// <summary>Receives the result's members (<c>content</c>, <c>structuredContent</c>, <c>isError</c>); for generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Utf8JsonWriter ResultWriter { get; }

    /// <summary>
    /// Continues this call as a task of the <c>io.modelcontextprotocol/tasks</c> extension: the task is stored with
    /// the answers given so far, the client receives its handle, and the code after the <see langword="await"/> runs
    /// as the task, polled with <c>tasks/get</c>. Before it the call is an ordinary request, so questions asked through
    /// <see cref="McpInput"/> are input rounds on <c>tools/call</c>; after it they wait for <c>tasks/update</c>.
    /// Does nothing when the call cannot become a task (the tool is not task-capable, or the client did not declare
    /// the extension) or already is one (a resumed or retried run replays the handler from the top).
    /// </summary>
    /// <returns>A task that completes once the task is stored and the client has its handle.</returns>
    public Task RunAsTaskAsync() => TaskStarter?.StartAsync() ?? Task.CompletedTask;

    /// <summary>Set while a call may still turn into a task.</summary>
    internal McpTaskStarter? TaskStarter
    {
        get => ExtrasIfMade?.TaskStarter;
        init
        {
            if (value is not null)
            {
                Extra.TaskStarter = value;
            }
        }
    }

    /// <summary>The <c>_meta</c> of a <see cref="CallToolResult"/> the tool returned, merged into the result's <c>_meta</c>.</summary>
    internal System.Text.Json.Nodes.JsonObject? ResultMeta
    {
        get => ExtrasIfMade?.ResultMeta;
        set
        {
            if (value is not null || ExtrasIfMade is not null)
            {
                Extra.ResultMeta = value;
            }
        }
    }

    /// <summary>Whether the result the tool wrote says <c>isError</c>.</summary>
    internal bool IsError
    {
        get => ExtrasIfMade?.IsError ?? false;
        set
        {
            if (value || ExtrasIfMade is not null)
            {
                Extra.IsError = value;
            }
        }
    }
}

/// <summary>
/// One <c>resources/read</c> being served. Generated resource handlers write the <c>contents</c> member to
/// <see cref="ResultWriter"/>; user code sees it as its base type <see cref="McpRequestContext"/>.
/// </summary>
public sealed class McpResourceRead : McpRequestContext
{
    internal McpResourceRead(
        McpResourceDescriptor resource,
        string uri,
        Utf8JsonWriter resultWriter,
        string protocolVersion,
        ReadOnlyMemory<byte> metaJson,
        ReadOnlyMemory<byte> clientCapabilitiesJson,
        IServiceProvider services,
        CancellationToken cancellationToken)
        : base(McpProtocol.Methods.ResourcesRead, protocolVersion, metaJson, clientCapabilitiesJson, services, cancellationToken)
    {
        Resource = resource;
        Uri = uri;
        ResultWriter = resultWriter;
    }

    /// <summary>The resource or template being read.</summary>
    public McpResourceDescriptor Resource { get; }

    /// <summary>The requested URI.</summary>
    public string Uri { get; }

    internal override McpInputRound? CreateFirstInputRound() => McpInputRound.First(Method, Uri, default, McpCallerIdentity.Of(User));

    /// <summary>Receives the result's <c>contents</c> member; for generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Utf8JsonWriter ResultWriter { get; }

    /// <summary>Cache hints of a <see cref="ReadResourceResult"/> the handler returned, overriding the resource's.</summary>
    internal TimeSpan? TimeToLive { get; set; }

    internal CacheScope? CacheScope { get; set; }
}

/// <summary>
/// One <c>prompts/get</c> being served. Generated prompt handlers read <see cref="Arguments"/> and write the result's
/// members to <see cref="ResultWriter"/>; user code sees it as its base type <see cref="McpRequestContext"/>.
/// </summary>
public sealed class McpPromptGet : McpRequestContext
{
    internal McpPromptGet(
        McpPromptDescriptor prompt,
        ReadOnlyMemory<byte> arguments,
        Utf8JsonWriter resultWriter,
        string protocolVersion,
        ReadOnlyMemory<byte> metaJson,
        ReadOnlyMemory<byte> clientCapabilitiesJson,
        IServiceProvider services,
        CancellationToken cancellationToken)
        : base(McpProtocol.Methods.PromptsGet, protocolVersion, metaJson, clientCapabilitiesJson, services, cancellationToken)
    {
        Prompt = prompt;
        Arguments = arguments;
        ResultWriter = resultWriter;
    }

    /// <summary>The prompt requested.</summary>
    public McpPromptDescriptor Prompt { get; }

    internal override McpInputRound? CreateFirstInputRound() => McpInputRound.First(Method, Prompt.Name, Arguments.Span, McpCallerIdentity.Of(User));

    /// <summary>The <c>arguments</c> object (string values) as UTF-8 JSON; <c>{}</c> when the client sent none.</summary>
    public ReadOnlyMemory<byte> Arguments { get; }

    /// <summary>Receives the result's members (<c>description</c>, <c>messages</c>); for generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Utf8JsonWriter ResultWriter { get; }
}

/// <summary>One <c>completion/complete</c> being served: which argument, what was typed, and what else was entered.</summary>
public sealed class McpCompletionRequest : McpRequestContext
{
    internal McpCompletionRequest(
        string argumentName,
        string value,
        IReadOnlyDictionary<string, string> contextArguments,
        string protocolVersion,
        ReadOnlyMemory<byte> metaJson,
        ReadOnlyMemory<byte> clientCapabilitiesJson,
        IServiceProvider services,
        CancellationToken cancellationToken)
        : base(McpProtocol.Methods.CompletionComplete, protocolVersion, metaJson, clientCapabilitiesJson, services, cancellationToken)
    {
        ArgumentName = argumentName;
        Value = value;
        ContextArguments = contextArguments;
    }

    /// <summary>The argument or template variable being completed.</summary>
    public string ArgumentName { get; }

    /// <summary>What the user has typed so far.</summary>
    public string Value { get; }

    /// <summary>The arguments or variables already entered (<c>context.arguments</c>).</summary>
    public IReadOnlyDictionary<string, string> ContextArguments { get; }
}
