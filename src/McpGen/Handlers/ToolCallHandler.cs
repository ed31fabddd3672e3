using System;
using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

/// <summary><c>tools/call</c>: runs a tool, or (tasks extension) creates a task that runs it.</summary>
internal sealed class ToolCallHandler : McpMethodHandler
{
    private readonly McpTaskEngine _tasks;

    public ToolCallHandler(McpServerRuntime runtime, McpTaskEngine tasks)
        : base(runtime) => _tasks = tasks;

    public override ValueTask<McpProcessResult> HandleAsync(in McpRequest request) =>
        CallToolAsync(request.Id, request.Response, request.Connection, request.Params, request.Version, request.CancellationToken);

    private async ValueTask<McpProcessResult> CallToolAsync(ReadOnlyMemory<byte> id, IBufferWriter<byte> response, McpConnection connection, McpRequestParams p, string version, CancellationToken cancellationToken)
    {
        if (!p.HasName)
        {
            WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams, "Missing params.name: the name of the tool to call.");
            return McpProcessResult.Responded;
        }

        var tool = Runtime.Definition.FindTool(p.Name.Span);
        if (tool is null || !Runtime.IsEnabled(McpPrimitiveKind.Tool, tool.Name))
        {
            WriteUnknownTool(response, id.Span, p.Name.Span);
            return McpProcessResult.Responded;
        }

        if (!IsAuthorized(response, id.Span, connection, tool.RequiredScopes, "Tool", tool.Name))
        {
            return McpProcessResult.Forbidden;
        }

        if (p.HasArguments && p.ArgumentsToken != JsonTokenType.StartObject)
        {
            WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams,
                $"Invalid params.arguments for tool '{tool.Name}': expected an object mapping argument names to values, got {DescribeToken(p.ArgumentsToken)}.");
            return McpProcessResult.Responded;
        }

        bool modern = ReferenceEquals(version, McpProtocol.LatestVersion);
        if (!modern && tool.TaskSupport == McpTaskSupport.Required)
        {
            // 2025-11-25 answers a required-task tool called without a task with -32601; this server offers such
            // clients no tasks at all (the extension is 2026-07-28 only), so the tool cannot run for them.
            WriteError(response, id.Span, McpProtocol.ErrorCodes.MethodNotFound,
                $"Tool '{tool.Name}' runs only as a task, which needs protocol revision {McpProtocol.LatestVersion} with the {McpTaskEngine.TasksExtension} extension; a {version} client cannot call it.");
            return McpProcessResult.Responded;
        }

        var arguments = p.HasArguments ? p.Arguments : s_emptyArguments;
        McpInputRound? round = null;
        if (modern && p.IsInputRetry && !Runtime.TryOpenInputRound(response, id.Span, McpProtocol.Methods.ToolsCall, tool.Name, arguments.Span, connection, p, out round))
        {
            return McpProcessResult.Responded;
        }

        // Tasks: the server decides per call, from the tool's support and this request's declared extension. A legacy
        // params.task is ignored; MRTR retries stay on the tools/call path.
        if (modern && tool.TaskSupport != McpTaskSupport.Forbidden)
        {
            bool tasks = McpTaskEngine.DeclaresTasks(p.ClientCapabilities.Span);
            if (!tasks && tool.TaskSupport == McpTaskSupport.Required)
            {
                McpTaskEngine.WriteMissingTasksExtension(response, id.Span, $"Tool '{tool.Name}'");
                return McpProcessResult.Rejected;
            }

            if (tasks && tool.StartsTaskInHandler)
            {
                McpInputRound? startRound = null;
                if (p.IsInputRetry && !Runtime.TryOpenInputRound(response, id.Span, McpProtocol.Methods.ToolsCall, tool.Name, arguments.Span, connection, p, out startRound))
                {
                    return McpProcessResult.Responded;
                }

                return await _tasks.CallStartingTaskAsync(id, response, tool, arguments, p, startRound, McpCallerIdentity.Of(connection.User), cancellationToken).ConfigureAwait(false);
            }

            if (tasks && !p.IsInputRetry)
            {
                return await _tasks.CreateTaskAsync(id, response, tool, arguments, p, McpCallerIdentity.Of(connection.User), Runtime.Options.Tasks.KeepCallerToken ? connection.CallerAccessToken : null, cancellationToken).ConfigureAwait(false);
            }
        }

        var progress = ProgressOf(p, connection);
        var scratch = JsonScratch.Rent();
        try
        {
            var w = scratch.Writer;
            WriteResponseStart(w, id.Span);
            w.WriteStartObject("result"u8);
            if (modern)
            {
                w.WriteString("resultType"u8, "complete"u8);
            }

            var scope = McpHandlerInvocation.CreateScope(Runtime.ScopeFactory, tool.UsesServices);
            var call = McpToolCall.Create(
                tool, arguments, w, progress, version, p.Meta, modern ? p.ClientCapabilities : connection.LegacyClientCapabilities,
                scope?.ServiceProvider ?? Runtime.Services, Runtime.Events, connection.User, round,
                modern ? null : Runtime.LegacyInputOf(connection, cancellationToken), cancellationToken);
            var run = await McpHandlerInvocation.InvokeAsync(call, static c => c.Tool.Handler(c), scope, cancellationToken).ConfigureAwait(false);
            string? errorText = null;
            switch (run.Outcome)
            {
                case McpHandlerOutcome.Cancelled:
                    return McpProcessResult.Cancelled;
                case McpHandlerOutcome.InputRequired:
                    Runtime.WriteInputRequired(response, id.Span, run.Input!, modern);
                    return McpProcessResult.Responded;
                case McpHandlerOutcome.InvalidInputResponse:
                    WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams, run.Exception!.Message);
                    return McpProcessResult.Responded;
                case McpHandlerOutcome.MissingCapability:
                    var missing = (McpMissingClientCapabilityException)run.Exception!;
                    WriteMissingCapability(response, id.Span, missing, modern ? null : LegacyCapabilityMessage(missing, connection));
                    return McpProcessResult.Rejected;
                case McpHandlerOutcome.Failed:
                    errorText = McpToolErrors.Text(Runtime.Logger, tool, run.Exception!);
                    break;
            }

            if (errorText is not null)
            {
                // The handler may have written part of a result: start the response again.
                scratch.Restart();
                WriteResponseStart(w, id.Span);
                w.WriteStartObject("result"u8);
                if (modern)
                {
                    w.WriteString("resultType"u8, "complete"u8);
                }

                global::McpGen.Generated.McpToolResults.WriteText(w, errorText);
                w.WriteBoolean("isError"u8, true);
                call.ResultMeta = null;
                call.IsError = true;
            }

            if (call.IsError)
            {
                McpObservedAnswer.Record(response, McpAuditOutcome.ToolError);
            }

            if (modern)
            {
                if (call.ResultMeta is { Count: > 0 } userMeta)
                {
                    w.WriteStartObject("_meta"u8);
                    foreach (var (key, value) in userMeta)
                    {
                        if (key != McpProtocol.MetaKeys.ServerInfo)
                        {
                            w.WritePropertyName(key);
                            if (value is null)
                            {
                                w.WriteNullValue();
                            }
                            else
                            {
                                value.WriteTo(w);
                            }
                        }
                    }

                    w.WritePropertyName(McpProtocol.MetaKeys.ServerInfo);
                    w.WriteRawValue(Runtime.Documents.ServerInfoJson, skipInputValidation: true);
                    w.WriteEndObject();
                }
                else
                {
                    Runtime.Documents.WriteResultMeta(w);
                }
            }
            else if (call.ResultMeta is { Count: > 0 } legacyMeta)
            {
                w.WritePropertyName("_meta"u8);
                legacyMeta.WriteTo(w);
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.Flush();
            response.Write(scratch.Buffer.WrittenSpan);
            call.Release();
            return McpProcessResult.Responded;
        }
        finally
        {
            JsonScratch.Return(scratch);
        }
    }

    private void WriteUnknownTool(IBufferWriter<byte> response, ReadOnlySpan<byte> id, ReadOnlySpan<byte> utf8Name)
    {
        string name = Encoding.UTF8.GetString(utf8Name);
        WriteError(response, id, McpProtocol.ErrorCodes.InvalidParams, $"Unknown tool '{name}'.", w =>
        {
            w.WriteStartObject();
            w.WriteString("name"u8, name);
            w.WriteEndObject();
        });
    }
}
