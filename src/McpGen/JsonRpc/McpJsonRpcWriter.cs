using System;
using System.Buffers;
using System.Text.Json;
using McpGen.Internal;

namespace McpGen;

/// <summary>
/// Writes JSON-RPC 2.0 responses: the envelope every transport and handler shares. Ids are written as the raw JSON the
/// request carried (a string with its quotes, or a number), so they round-trip byte for byte.
/// </summary>
public static class McpJsonRpcWriter
{
    /// <summary>Writes <c>{"jsonrpc":"2.0","id":…,"result":…}</c> around a result that is already serialized.</summary>
    /// <param name="output">Receives the response.</param>
    /// <param name="id">The request's id as raw JSON (empty when the request had none).</param>
    /// <param name="result">The result as one JSON value.</param>
    public static void WriteResult(IBufferWriter<byte> output, ReadOnlySpan<byte> id, ReadOnlySpan<byte> result)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write("{\"jsonrpc\":\"2.0\",\"id\":"u8);
        output.Write(id.IsEmpty ? "null"u8 : id);
        output.Write(",\"result\":"u8);
        output.Write(result);
        output.Write("}"u8);
    }

    /// <summary>Writes a JSON-RPC error response; the <c>id</c> member is left out when <paramref name="id"/> is empty (the request's id could not be read).</summary>
    /// <param name="output">Receives the response.</param>
    /// <param name="id">The request's id as raw JSON, or empty.</param>
    /// <param name="code">The error code (<see cref="McpProtocol.ErrorCodes"/>).</param>
    /// <param name="message">The error message.</param>
    public static void WriteError(IBufferWriter<byte> output, ReadOnlySpan<byte> id, int code, string message) =>
        WriteError(output, id, code, message, writeData: null);

    /// <summary>Writes a JSON-RPC error response whose <c>data</c> member <paramref name="writeData"/> writes.</summary>
    internal static void WriteError(IBufferWriter<byte> output, ReadOnlySpan<byte> id, int code, string message, Action<Utf8JsonWriter>? writeData)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);
        McpObservedAnswer.RecordError(output, code, message);
        JsonScratch.WriteTo(output, (Id: id.ToArray(), Code: code, Message: message, WriteData: writeData), static (w, error) =>
        {
            w.WriteStartObject();
            w.WriteString("jsonrpc"u8, "2.0"u8);
            if (error.Id.Length > 0)
            {
                w.WritePropertyName("id"u8);
                w.WriteRawValue(error.Id, skipInputValidation: true);
            }

            w.WriteStartObject("error"u8);
            w.WriteNumber("code"u8, error.Code);
            w.WriteString("message"u8, error.Message);
            if (error.WriteData is not null)
            {
                w.WritePropertyName("data"u8);
                error.WriteData(w);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>Writes <paramref name="error"/>, with its one-member <c>data</c> object when it has one.</summary>
    internal static void WriteError(IBufferWriter<byte> output, ReadOnlySpan<byte> id, in McpErrorReply error) =>
        WriteError(output, id, error.Code, error.Message, error.DataName is null ? null : error.WriteData);

    /// <summary>Opens a response object and writes <c>"jsonrpc":"2.0","id":…</c>; the caller writes <c>result</c> and closes it.</summary>
    internal static void WriteResponseStart(Utf8JsonWriter w, ReadOnlySpan<byte> id)
    {
        w.WriteStartObject();
        w.WriteString(McpJsonNames.JsonRpc, McpJsonNames.Version2);
        w.WritePropertyName(McpJsonNames.Id);
        w.WriteRawValue(id, skipInputValidation: true);
    }

    /// <summary>
    /// Opens a response and its <c>result</c>, marked <c>"resultType":"complete"</c> under 2026-07-28 (<paramref name="modern"/>);
    /// the caller writes the result's members and closes both objects.
    /// </summary>
    internal static void WriteResultStart(Utf8JsonWriter w, ReadOnlySpan<byte> id, bool modern = true)
    {
        WriteResponseStart(w, id);
        w.WriteStartObject(McpJsonNames.Result);
        if (modern)
        {
            w.WriteString(McpJsonNames.ResultType, McpJsonNames.Complete);
        }
    }

    /// <summary>Writes -32021 naming the capabilities; <paramref name="message"/> replaces the exception's (2026-07-28) advice.</summary>
    internal static void WriteMissingCapability(IBufferWriter<byte> output, ReadOnlySpan<byte> id, McpMissingClientCapabilityException ex, string? message = null) =>
        WriteError(output, id, McpProtocol.ErrorCodes.MissingRequiredClientCapability, message ?? ex.Message, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("requiredCapabilities"u8);
            foreach (var capability in ex.Capabilities)
            {
                w.WriteStartObject(capability);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
}

/// <summary>A JSON-RPC error to answer with instead of a result, with at most one <c>data</c> member.</summary>
internal readonly record struct McpErrorReply(int Code, string Message, string? DataName = null, string? DataValue = null)
{
    /// <summary>Writes <c>{DataName: DataValue}</c>.</summary>
    public void WriteData(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString(DataName!, DataValue);
        w.WriteEndObject();
    }
}
