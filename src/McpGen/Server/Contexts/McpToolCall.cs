using System;
using System.ComponentModel;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;

namespace McpGen;

/// <summary>
/// One <c>tools/call</c> being served. Generated tool handlers read the arguments from it and write the result to
/// <see cref="ResultWriter"/>; user code sees it as its base type <see cref="McpRequestContext"/>.
/// </summary>
public sealed class McpToolCall : McpRequestContext
{
    // One context kept per thread for tools whose user code never sees it (see McpToolDescriptor.ContextStaysInternal):
    // most calls then allocate no context at all. A context user code could have kept is never reused.
    [ThreadStatic]
    private static McpToolCall? t_spare;

    private McpToolDescriptor _tool;
    private ReadOnlyMemory<byte> _arguments;
    private Utf8JsonWriter _resultWriter;

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
        _tool = tool;
        _arguments = arguments;
        _resultWriter = resultWriter;
        ProgressReporter = progress;
    }

    /// <summary>
    /// The context of a call made by a client: this thread's spare when the tool's user code cannot see it, otherwise
    /// a new one. Hand it back with <see cref="Release"/> once the result is written.
    /// </summary>
    internal static McpToolCall Create(
        McpToolDescriptor tool,
        ReadOnlyMemory<byte> arguments,
        Utf8JsonWriter resultWriter,
        McpProgressReporter? progress,
        string protocolVersion,
        ReadOnlyMemory<byte> metaJson,
        ReadOnlyMemory<byte> clientCapabilitiesJson,
        IServiceProvider services,
        IMcpEventBus events,
        System.Security.Claims.ClaimsPrincipal? user,
        McpInputRound? round,
        McpLegacyInput? legacyInput,
        CancellationToken cancellationToken)
    {
        if (tool.ContextStaysInternal && progress is null && round is null && legacyInput is null && t_spare is { } spare)
        {
            t_spare = null;
            spare._tool = tool;
            spare._arguments = arguments;
            spare._resultWriter = resultWriter;
            spare.Rebind(protocolVersion, metaJson, clientCapabilitiesJson, services, cancellationToken, events, user);
            return spare;
        }

        return new McpToolCall(tool, arguments, resultWriter, progress, protocolVersion, metaJson, clientCapabilitiesJson, services, cancellationToken)
        {
            Events = events,
            User = user,
            InputRound = round,
            LegacyInput = legacyInput,
        };
    }

    /// <summary>
    /// Ends the call: a context no user code saw and that made no per-call extras becomes this thread's spare. Call only
    /// after the handler finished and nothing reads the context any more.
    /// </summary>
    internal void Release()
    {
        if (_tool.ContextStaysInternal && ExtrasIfMade is null)
        {
            _arguments = default;
            Unbind();
            t_spare = this;
        }
    }

    /// <summary>The tool being called.</summary>
    public McpToolDescriptor Tool => _tool;

    internal override McpInputRound? CreateFirstInputRound() => McpInputRound.First(Method, Tool.Name, Arguments.Span, McpCallerIdentity.Of(User));

    /// <summary>The <c>arguments</c> object as UTF-8 JSON (<c>{}</c> when the client sent none).</summary>
    public ReadOnlyMemory<byte> Arguments => _arguments;

    /// <summary>Receives the result's members (<c>content</c>, <c>structuredContent</c>, <c>isError</c>); for generated code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Utf8JsonWriter ResultWriter => _resultWriter;

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
