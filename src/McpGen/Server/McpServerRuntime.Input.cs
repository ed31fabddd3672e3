using System;
using System.Buffers;
using System.Linq;
using System.Threading;
using McpGen.Internal;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

// Input rounds (MRTR): opening the round a retry continues, and answering input_required with the sealed state.
internal sealed partial class McpServerRuntime
{
    /// <summary>
    /// Opens the round an MRTR retry continues (checks <c>requestState</c> and <c>inputResponses</c>); on a problem writes
    /// the -32602 error and returns <see langword="false"/>.
    /// </summary>
    public bool TryOpenInputRound(IBufferWriter<byte> response, ReadOnlySpan<byte> id, string method, string target, ReadOnlySpan<byte> arguments, McpConnection connection, in McpRequestParams p, out McpInputRound? round)
    {
        string? problem;
        if (p.RequestStateIsMalformed)
        {
            round = null;
            problem = "Invalid params.requestState: expected the string from the previous input_required result, unchanged.";
        }
        else
        {
            round = McpInputRound.Create(method, target, arguments, McpCallerIdentity.Of(connection.User), p.InputResponses.Span, p.RequestState, StateProtector, Time.GetUtcNow(), out problem);
        }

        if (problem is null)
        {
            return true;
        }

        WriteError(response, id, McpProtocol.ErrorCodes.InvalidParams, problem);
        return false;
    }

    /// <summary>
    /// Answers a round that asked for input the client has not given: <c>input_required</c> with every open question
    /// and the sealed state (answers so far, the handler's state). A legacy client cannot take that result.
    /// </summary>
    public void WriteInputRequired(IBufferWriter<byte> response, ReadOnlySpan<byte> id, McpInput input, bool modern)
    {
        if (!modern)
        {
            WriteError(response, id, McpProtocol.ErrorCodes.InternalError, "This handler asks the client for input, which needs protocol revision " + McpProtocol.LatestVersion + ".");
            return;
        }

        WarnIfStateKeyIsEphemeral();
        McpObservedAnswer.Record(response, McpAuditOutcome.InputRequired);
        string state = input.Round.Seal(StateProtector, input.State, Time.GetUtcNow() + Options.RequestState.Lifetime);
        JsonScratch.WriteTo(response, (Id: id.ToArray(), Input: input, State: state, Documents: Documents), static (w, s) =>
        {
            WriteResponseStart(w, s.Id);
            w.WriteStartObject("result"u8);
            w.WriteString("resultType"u8, "input_required"u8);
            w.WritePropertyName("inputRequests"u8);
            McpInputReplies.WritePendingRequests(w, s.Input);
            w.WriteString("requestState"u8, s.State);
            s.Documents.WriteResultMeta(w);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>How a legacy request's asks reach its client: requests on its connection, when the connection can carry them.</summary>
    public McpLegacyInput? LegacyInputOf(McpConnection connection, CancellationToken cancellationToken) =>
        connection.Notifications is { } sink
            ? new McpLegacyInput(ClientRequests, sink, connection.LegacyClientCapabilities, Options.ClientRequestTimeout, cancellationToken)
            : null;
}
