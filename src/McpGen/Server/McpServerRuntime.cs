using System;
using System.Threading;
using McpGen.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGen;

/// <summary>
/// What every part of a running server shares, resolved once at start-up: the definition and its pre-serialized
/// documents, options, services, the event bus, the primitive filter, and the keys that seal <c>requestState</c>.
/// The processor, the method handlers, the task engine and the listen hub all read it; none of them owns it.
/// </summary>
internal sealed partial class McpServerRuntime
{
    private readonly Lazy<IMcpRequestStateProtector> _stateProtector;
    private readonly bool _stateKeyIsEphemeral;
    private int _ephemeralKeyWarned;

    public McpServerRuntime(McpServerDefinition definition, IServiceProvider? services, McpServerOptions? options)
    {
        Definition = definition;
        Options = options ?? McpServerOptions.Default;
        Services = services ?? EmptyServiceProvider.Instance;
        Documents = definition.GetDocuments(Options);
        ScopeFactory = Services.GetService<IServiceScopeFactory>();
        var loggerFactory = Services.GetService<ILoggerFactory>();
        Logger = (ILogger?)loggerFactory?.CreateLogger("McpGen.Server") ?? NullLogger.Instance;
        if (loggerFactory is not null)
        {
            McpClientLoggerProvider.AddTo(loggerFactory);
        }

        Events = Services.GetService<IMcpEventBus>() ?? new InProcessMcpEventBus();
        Filter = Services.GetService<IMcpPrimitiveFilter>();

        // Sealing is made on first use: a server that never asks for input never loads the crypto library at start-up.
        // Configured keys are still checked now, so a bad key fails the start, not the first retry.
        var registered = Services.GetService<IMcpRequestStateProtector>();
        var keys = Options.RequestState.Keys;
        if (registered is null)
        {
            AesGcmRequestStateProtector.CheckKeys(keys);
        }

        _stateKeyIsEphemeral = registered is null && keys.Count == 0;
        _stateProtector = new(() => registered ?? (keys.Count > 0 ? new AesGcmRequestStateProtector(keys) : AesGcmRequestStateProtector.Ephemeral()));
    }

    public McpServerDefinition Definition { get; }

    public McpServerOptions Options { get; }

    public IServiceProvider Services { get; }

    /// <summary>The definition's documents (lists, discover result, capabilities), serialized once for these options.</summary>
    public McpServerDocuments Documents { get; }

    public IServiceScopeFactory? ScopeFactory { get; }

    public ILogger Logger { get; }

    public IMcpEventBus Events { get; }

    /// <summary>Which primitives are offered per request; <see langword="null"/> offers every compiled one.</summary>
    public IMcpPrimitiveFilter? Filter { get; }

    /// <summary>Requests a legacy request sent its client and waits on (answers may arrive on another connection).</summary>
    public McpClientRequests ClientRequests { get; } = new();

    /// <summary>Clock for <c>requestState</c> expiry and task times; tests move it.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Seals and opens <c>requestState</c> and legacy session ids.</summary>
    public IMcpRequestStateProtector StateProtector => _stateProtector.Value;

    /// <summary>Whether a primitive is offered to this request (no filter: every compiled one).</summary>
    public bool IsEnabled(McpPrimitiveKind kind, string name) => Filter?.IsEnabled(kind, name) ?? true;

    /// <summary>Warns once when state is sealed with a key only this process has.</summary>
    public void WarnIfStateKeyIsEphemeral()
    {
        if (_stateKeyIsEphemeral && Interlocked.Exchange(ref _ephemeralKeyWarned, 1) == 0)
        {
            LogEphemeralStateKey(Logger);
        }
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "requestState and legacy session ids are sealed with a key of this process only: a retry or a 2025-11-25 session that reaches another instance, or this one after a restart, is rejected. Set McpServerOptions.RequestState.Keys to a key every instance shares.")]
    private static partial void LogEphemeralStateKey(ILogger logger);
}
