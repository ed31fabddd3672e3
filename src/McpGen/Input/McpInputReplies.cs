using System;
using System.Buffers;
using System.Text.Json;
using McpGen.Internal;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

/// <summary>How a round that asked the client for input is answered: its open questions, and the <c>input_required</c> result.</summary>
internal static class McpInputReplies
{
    /// <summary>
    /// Answers a 2026-07-28 round that asked for input the client has not given: <c>input_required</c> with every open
    /// question and the sealed state (answers so far, the handler's state).
    /// </summary>
    public static void WriteInputRequired(McpServerRuntime runtime, IBufferWriter<byte> response, ReadOnlySpan<byte> id, McpInput input)
    {
        runtime.WarnIfStateKeyIsEphemeral();
        string state = input.Round.Seal(runtime.StateProtector, input.State, runtime.Time.GetUtcNow() + runtime.Options.RequestState.Lifetime);
        JsonScratch.WriteTo(response, (Id: id.ToArray(), Input: input, State: state, runtime.Documents), static (w, s) =>
        {
            WriteResponseStart(w, s.Id);
            w.WriteStartObject("result"u8);
            w.WriteString("resultType"u8, "input_required"u8);
            w.WritePropertyName("inputRequests"u8);
            WritePendingRequests(w, s.Input);
            w.WriteString("requestState"u8, s.State);
            s.Documents.WriteResultMeta(w);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>The open questions as a JSON object, as a task record keeps them.</summary>
    public static byte[] PendingRequestsJson(McpInput input)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, JsonScratch.WriterOptions))
        {
            WritePendingRequests(w, input);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{key: {method, params}, …}</c> for every question the round left open.</summary>
    public static void WritePendingRequests(Utf8JsonWriter w, McpInput input)
    {
        w.WriteStartObject();
        foreach (var request in input.PendingRequests)
        {
            w.WriteStartObject(request.Key);
            w.WriteString("method"u8, request.Method);
            w.WritePropertyName("params"u8);
            w.WriteRawValue(request.Params, skipInputValidation: true);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
