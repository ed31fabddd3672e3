using System;
using System.ComponentModel;
using System.Text.Json;
using System.Threading;
using ModelContextProtocol.Protocol;

namespace McpGen;

/// <summary>
/// What one MCP request carries besides its arguments: protocol version, client identity and capabilities, <c>_meta</c>,
/// services and cancellation. Declare a parameter of this type on a tool to receive it. It is valid only while the
/// request is being served; do not keep it.
/// </summary>
public class McpRequestContext
{
    // Not readonly: a tool call's context may be rebound to a later call (McpToolCall.Create).
    private string _protocolVersion;
    private ReadOnlyMemory<byte> _metaJson;
    private ReadOnlyMemory<byte> _clientCapabilitiesJson;
    private IServiceProvider _services;
    private CancellationToken _cancellationToken;
    private System.Security.Claims.ClaimsPrincipal? _user;
    private IMcpEventBus _events = s_noEvents;
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
        _protocolVersion = protocolVersion;
        _metaJson = metaJson;
        _clientCapabilitiesJson = clientCapabilitiesJson;
        _services = services;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Points this context at another request of the same method, as if it had just been constructed.</summary>
    private protected void Rebind(
        string protocolVersion,
        ReadOnlyMemory<byte> metaJson,
        ReadOnlyMemory<byte> clientCapabilitiesJson,
        IServiceProvider services,
        CancellationToken cancellationToken,
        IMcpEventBus events,
        System.Security.Claims.ClaimsPrincipal? user)
    {
        _protocolVersion = protocolVersion;
        _metaJson = metaJson;
        _clientCapabilitiesJson = clientCapabilitiesJson;
        _services = services;
        _cancellationToken = cancellationToken;
        _events = events;
        _user = user;
        _extras = null;
    }

    /// <summary>Drops what the request referenced (its buffers, scope, caller), so a context kept for reuse holds nothing of it.</summary>
    private protected void Unbind()
    {
        _metaJson = default;
        _clientCapabilitiesJson = default;
        _services = Internal.EmptyServiceProvider.Instance;
        _cancellationToken = default;
        _events = s_noEvents;
        _user = null;
        _extras = null;
    }

    /// <summary>The JSON-RPC method, e.g. <c>tools/call</c>.</summary>
    public string Method { get; }

    /// <summary>
    /// The caller as the transport authenticated them (Streamable HTTP: the bearer token's claims), or
    /// <see langword="null"/> on transports that do not authenticate (stdio) and in tasks run after the request.
    /// A result that depends on it must not be marked publicly cacheable.
    /// </summary>
    public System.Security.Claims.ClaimsPrincipal? User { get => _user; internal init => _user = value; }

    /// <summary>The protocol revision this request was made under, e.g. <c>2026-07-28</c> or <c>2025-11-25</c>.</summary>
    public string ProtocolVersion => _protocolVersion;

    /// <summary>Whether the request came from a client of a revision before 2026-07-28 (one that sent <c>initialize</c>).</summary>
    public bool IsLegacyProtocol => !string.Equals(ProtocolVersion, McpProtocol.LatestVersion, StringComparison.Ordinal);

    /// <summary>The services of this request.</summary>
    public IServiceProvider Services => _services;

    /// <summary>Cancelled when the client cancels the request or the transport closes.</summary>
    public CancellationToken CancellationToken => _cancellationToken;

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
    public IMcpEventBus Events { get => _events; internal init => _events = value; }

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
