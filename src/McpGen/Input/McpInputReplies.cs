using System;
using System.Buffers;
using System.Text.Json;
using McpGen.Internal;

namespace McpGen;

/// <summary>How a round that asked the client for input is answered: its open questions, and the <c>input_required</c> result.</summary>
internal static class McpInputReplies
{
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
