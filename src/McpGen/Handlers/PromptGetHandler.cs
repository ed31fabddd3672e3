using System;
using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

/// <summary><c>prompts/get</c>.</summary>
internal sealed class PromptGetHandler(McpServerRuntime runtime) : McpPrimitiveHandler<McpPromptGet>(runtime)
{
    protected override Func<McpPromptGet, ValueTask> Run { get; } = static get => get.Prompt.Handler(get);

    public override ValueTask<McpProcessResult> HandleAsync(in McpRequest request) =>
        GetPromptAsync(request.Id, request.Response, request.Connection, request.Params, request.Version, request.CancellationToken);

    private ValueTask<McpProcessResult> GetPromptAsync(ReadOnlyMemory<byte> id, IBufferWriter<byte> response, McpConnection connection, in McpRequestParams p, string version, CancellationToken cancellationToken)
    {
        bool modern = ReferenceEquals(version, McpProtocol.LatestVersion);
        if (!p.HasName)
        {
            WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams, "Missing params.name: the name of the prompt to get.");
            return new(McpProcessResult.Responded);
        }

        string name = System.Text.Encoding.UTF8.GetString(p.Name.Span);
        var prompt = Runtime.Definition.FindPrompt(name);
        if (prompt is null || !Runtime.IsEnabled(McpPrimitiveKind.Prompt, prompt.Name))
        {
            WriteError(response, id.Span, new McpErrorReply(McpProtocol.ErrorCodes.InvalidParams, $"Unknown prompt '{name}'.", "name", name));
            return new(McpProcessResult.Responded);
        }

        if (!IsAuthorized(response, id.Span, connection, prompt.RequiredScopes, "Prompt", prompt.Name))
        {
            return new(McpProcessResult.Forbidden);
        }

        if (p.HasArguments && p.ArgumentsToken != JsonTokenType.StartObject)
        {
            WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams,
                $"Invalid params.arguments for prompt '{name}': expected an object mapping argument names to strings, got {DescribeToken(p.ArgumentsToken)}.");
            return new(McpProcessResult.Responded);
        }

        var arguments = p.HasArguments ? p.Arguments : s_emptyArguments;
        McpInputRound? round = null;
        if (modern && p.IsInputRetry && !Runtime.TryOpenInputRound(response, id.Span, McpProtocol.Methods.PromptsGet, name, arguments.Span, connection, p, out round))
        {
            return new(McpProcessResult.Responded);
        }

        var scratch = StartResult(id.Span, modern);
        var scope = McpHandlerInvocation.CreateScope(Runtime.ScopeFactory, prompt.UsesServices);
        var get = new McpPromptGet(prompt, arguments, scratch.Writer, version, p.Meta, modern ? p.ClientCapabilities : connection.LegacyClientCapabilities, scope?.ServiceProvider ?? Runtime.Services, cancellationToken)
        {
            Events = Runtime.Events,
            User = connection.User,
            InputRound = round,
            LegacyInput = modern ? null : Runtime.LegacyInputOf(connection, cancellationToken),
            ProgressReporter = ProgressOf(p, connection),
        };
        return ServeAsync(id, response, connection, modern, scratch, get, scope, cancellationToken);
    }

    protected override McpErrorReply? DescribeFailure(McpPromptGet get, Exception exception, bool modern) => exception is McpArgumentException e
        ? new McpErrorReply(McpProtocol.ErrorCodes.InvalidParams, $"Invalid arguments for prompt '{get.Prompt.Name}': {e.Message}", "name", get.Prompt.Name)
        : null;

    protected override string Describe(McpPromptGet get) => $"prompt '{get.Prompt.Name}'";
}
