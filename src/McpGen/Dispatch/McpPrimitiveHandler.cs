using System;
using System.Buffers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;
using Microsoft.Extensions.DependencyInjection;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

/// <summary>
/// A method that runs a user handler which writes result members (<c>resources/read</c>, <c>prompts/get</c>): the
/// response is opened, the handler runs inside its scope (<see cref="McpHandlerInvocation"/>), and the result is closed
/// with the method's trailer and <c>_meta</c>, or replaced by the error the failure maps to. No delegate or closure is
/// made per request: what differs between methods is in the overrides.
/// </summary>
internal abstract class McpPrimitiveHandler<TContext>(McpServerRuntime runtime) : McpMethodHandler(runtime)
    where TContext : McpRequestContext
{
    /// <summary>Calls the user's handler (a static lambda: made once, not per request).</summary>
    protected abstract Func<TContext, ValueTask> Run { get; }

    /// <summary>Members written after the handler's under 2026-07-28 (cache hints), before <c>_meta</c>.</summary>
    protected virtual void WriteTrailer(Utf8JsonWriter w, TContext context)
    {
    }

    /// <summary>The error a failure maps to, or <see langword="null"/> for an unexpected one (logged, -32603).</summary>
    protected abstract McpErrorReply? DescribeFailure(TContext context, Exception exception, bool modern);

    /// <summary>What was being served, for the log and the -32603 message: <c>resource 'x'</c>. Made only on failure.</summary>
    protected abstract string Describe(TContext context);

    /// <summary>Rents the scratch the handler writes into and opens the response and its result.</summary>
    protected static JsonScratch StartResult(ReadOnlySpan<byte> id, bool modern)
    {
        var scratch = JsonScratch.Rent();
        var w = scratch.Writer;
        WriteResultStart(w, id, modern);

        return scratch;
    }

    /// <summary>Runs the handler on <paramref name="context"/> (made over <paramref name="scratch"/>'s writer) and answers; returns the scratch.</summary>
    protected async ValueTask<McpProcessResult> ServeAsync(ReadOnlyMemory<byte> id, IBufferWriter<byte> response, McpConnection connection, bool modern, JsonScratch scratch, TContext context, AsyncServiceScope? scope, CancellationToken cancellationToken)
    {
        try
        {
            var handled = await McpHandlerInvocation.InvokeAsync(context, Run, scope, cancellationToken).ConfigureAwait(false);
            McpErrorReply? error = null;
            switch (handled.Outcome)
            {
                case McpHandlerOutcome.Cancelled:
                    return McpProcessResult.Cancelled;
                case McpHandlerOutcome.MissingCapability:
                    var missing = (McpMissingClientCapabilityException)handled.Exception!;
                    WriteMissingCapability(response, id.Span, missing, modern ? null : LegacyCapabilityMessage(missing, connection));
                    return McpProcessResult.Rejected;
                case McpHandlerOutcome.InputRequired:
                    Runtime.WriteInputRequired(response, id.Span, handled.Input!, modern);
                    return McpProcessResult.Responded;
                case McpHandlerOutcome.InvalidInputResponse:
                    error = new McpErrorReply(McpProtocol.ErrorCodes.InvalidParams, handled.Exception!.Message);
                    break;
                case McpHandlerOutcome.Failed:
                    var ex = handled.Exception!;
                    error = DescribeFailure(context, ex, modern) ?? FromProtocolException(ex, modern);
                    if (error is null)
                    {
                        string what = Describe(context);
                        LogHandlerFailed(Runtime.Logger, what, ex);
                        error = new McpErrorReply(McpProtocol.ErrorCodes.InternalError, $"Serving {what} failed: {ex.Message}");
                    }

                    break;
            }

            if (error is { } reply)
            {
                WriteError(response, id.Span, reply);
                return McpProcessResult.Responded;
            }

            var w = scratch.Writer;
            if (modern)
            {
                WriteTrailer(w, context);
                Runtime.Documents.WriteResultMeta(w);
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.Flush();
            response.Write(scratch.Buffer.WrittenSpan);
            return McpProcessResult.Responded;
        }
        finally
        {
            JsonScratch.Return(scratch);
        }
    }
}
