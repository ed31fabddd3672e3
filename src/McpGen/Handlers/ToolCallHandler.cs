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

    // Not async: the params (a large struct) are read in place, and a tool that finishes without waiting (most do) is
    // answered without a state machine. Only a handler still running when it returns goes through FinishAsync.
    public override ValueTask<McpProcessResult> HandleAsync(in McpRequest request)
    {
        ref readonly var p = ref request.Params;
        var id = request.Id;
        var response = request.Response;
        var connection = request.Connection;
        string version = request.Version;
        var cancellationToken = request.CancellationToken;
        if (!p.HasName)
        {
            WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams, "Missing params.name: the name of the tool to call.");
            return new(McpProcessResult.Responded);
        }

        var tool = Runtime.Definition.FindTool(p.Name.Span);
        if (tool is null || !Runtime.IsEnabled(McpPrimitiveKind.Tool, tool.Name))
        {
            WriteUnknownTool(response, id.Span, p.Name.Span);
            return new(McpProcessResult.Responded);
        }

        if (!IsAuthorized(response, id.Span, connection, tool.RequiredScopes, "Tool", tool.Name))
        {
            return new(McpProcessResult.Forbidden);
        }

        if (p.HasArguments && p.ArgumentsToken != JsonTokenType.StartObject)
        {
            WriteError(response, id.Span, McpProtocol.ErrorCodes.InvalidParams,
                $"Invalid params.arguments for tool '{tool.Name}': expected an object mapping argument names to values, got {DescribeToken(p.ArgumentsToken)}.");
            return new(McpProcessResult.Responded);
        }

        bool modern = request.IsCurrent;
        if (!modern && tool.TaskSupport == McpTaskSupport.Required)
        {
            // 2025-11-25 answers a required-task tool called without a task with -32601; this server offers such
            // clients no tasks at all (the extension is 2026-07-28 only), so the tool cannot run for them.
            WriteError(response, id.Span, McpProtocol.ErrorCodes.MethodNotFound,
                $"Tool '{tool.Name}' runs only as a task, which needs protocol revision {McpProtocol.LatestVersion} with the {McpTaskEngine.TasksExtension} extension; a {version} client cannot call it.");
            return new(McpProcessResult.Responded);
        }

        var arguments = p.HasArguments ? p.Arguments : s_emptyArguments;
        McpInputRound? round = null;
        if (modern && p.IsInputRetry && !Runtime.TryOpenInputRound(response, id.Span, McpProtocol.Methods.ToolsCall, tool.Name, arguments.Span, connection, p, out round))
        {
            return new(McpProcessResult.Responded);
        }

        // Tasks: the server decides per call, from the tool's support and this request's declared extension. A legacy
        // params.task is ignored; MRTR retries stay on the tools/call path.
        if (modern && tool.TaskSupport != McpTaskSupport.Forbidden)
        {
            bool tasks = McpTaskEngine.DeclaresTasks(p.ClientCapabilities.Span);
            if (!tasks && tool.TaskSupport == McpTaskSupport.Required)
            {
                McpTaskEngine.WriteMissingTasksExtension(response, id.Span, $"Tool '{tool.Name}'");
                return new(McpProcessResult.Rejected);
            }

            if (tasks && tool.StartsTaskInHandler)
            {
                McpInputRound? startRound = null;
                if (p.IsInputRetry && !Runtime.TryOpenInputRound(response, id.Span, McpProtocol.Methods.ToolsCall, tool.Name, arguments.Span, connection, p, out startRound))
                {
                    return new(McpProcessResult.Responded);
                }

                return _tasks.CallStartingTaskAsync(id, response, tool, arguments, p, startRound, McpCallerIdentity.Of(connection.User), cancellationToken);
            }

            if (tasks && !p.IsInputRetry)
            {
                return _tasks.CreateTaskAsync(id, response, tool, arguments, p, McpCallerIdentity.Of(connection.User), Runtime.Options.Tasks.KeepCallerToken ? connection.CallerAccessToken : null, cancellationToken);
            }
        }

        var progress = ProgressOf(p, connection);
        var scratch = JsonScratch.Rent();
        McpToolCall call;
        ValueTask<McpHandlerInvocation> running;
        try
        {
            var w = scratch.Writer;
            WriteResultStart(w, id.Span, modern);
            var scope = McpHandlerInvocation.CreateScope(Runtime.ScopeFactory, tool.UsesServices);
            call = McpToolCall.Create(
                tool, arguments, w, progress, version, p.Meta, modern ? p.ClientCapabilities : connection.LegacyClientCapabilities,
                scope?.ServiceProvider ?? Runtime.Services, Runtime.Events, connection.User, round,
                modern ? null : Runtime.LegacyInputOf(connection, cancellationToken), cancellationToken);
            running = McpHandlerInvocation.InvokeAsync(call, static c => c.Tool.Handler(c), scope, cancellationToken);
        }
        catch
        {
            JsonScratch.Return(scratch);
            throw;
        }

        return running.IsCompletedSuccessfully
            ? new(Finish(running.Result, scratch, call, id, response, connection, modern))
            : FinishAsync(running, scratch, call, id, response, connection, modern);
    }

    private async ValueTask<McpProcessResult> FinishAsync(ValueTask<McpHandlerInvocation> running, JsonScratch scratch, McpToolCall call, ReadOnlyMemory<byte> id, IBufferWriter<byte> response, McpConnection connection, bool modern)
    {
        McpHandlerInvocation run;
        try
        {
            run = await running.ConfigureAwait(false);
        }
        catch
        {
            JsonScratch.Return(scratch);
            throw;
        }

        return Finish(run, scratch, call, id, response, connection, modern);
    }

    /// <summary>Turns a finished run into the answer: the result the tool wrote, or the error its outcome calls for.</summary>
    private McpProcessResult Finish(in McpHandlerInvocation run, JsonScratch scratch, McpToolCall call, ReadOnlyMemory<byte> id, IBufferWriter<byte> response, McpConnection connection, bool modern)
    {
        try
        {
            var w = scratch.Writer;
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
                    errorText = McpToolErrors.Text(Runtime.Logger, call.Tool, run.Exception!);
                    break;
            }

            if (errorText is not null)
            {
                // The handler may have written part of a result: start the response again.
                scratch.Restart();
                WriteResultStart(w, id.Span, modern);
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
