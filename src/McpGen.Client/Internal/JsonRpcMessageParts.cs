using System;
using System.Text.Json;

namespace McpGen.Client.Internal;

/// <summary>What a JSON-RPC message is, judged by the members it has.</summary>
internal enum JsonRpcKind
{
    /// <summary>Not a JSON-RPC message this client understands.</summary>
    Invalid,

    /// <summary>An answer to one of our requests (<c>id</c> with <c>result</c> or <c>error</c>).</summary>
    Response,

    /// <summary>A server→client request (<c>id</c> and <c>method</c>): 2025-11-25 elicitation, sampling and roots.</summary>
    Request,

    /// <summary>A notification (<c>method</c>, no <c>id</c>): progress, log messages.</summary>
    Notification,
}

/// <summary>
/// The top-level members of one JSON-RPC message as offsets into it: one pass with <see cref="Utf8JsonReader"/>, no
/// document, so the success path of a round trip reads its answer without building a DOM.
/// </summary>
internal readonly struct JsonRpcMessageParts
{
    private JsonRpcMessageParts(JsonRpcKind kind, string? method, bool hasNumericId, long numericId, Range id, Range result, Range error, Range @params)
    {
        Kind = kind;
        Method = method;
        HasNumericId = hasNumericId;
        NumericId = numericId;
        Id = id;
        Result = result;
        Error = error;
        Params = @params;
    }

    public JsonRpcKind Kind { get; }

    /// <summary>The method of a request or notification.</summary>
    public string? Method { get; }

    /// <summary>Whether <c>id</c> is an integer (this client's own ids always are).</summary>
    public bool HasNumericId { get; }

    public long NumericId { get; }

    /// <summary>The raw <c>id</c> token, to echo in an answer to a server→client request.</summary>
    public Range Id { get; }

    public Range Result { get; }

    public Range Error { get; }

    public Range Params { get; }

    public bool IsError => Error.End.Value > 0;

    public static JsonRpcMessageParts Read(ReadOnlySpan<byte> message)
    {
        try
        {
            var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }

            string? method = null;
            bool hasId = false, hasNumericId = false;
            long numericId = 0;
            Range id = default, result = default, error = default, @params = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    hasId = reader.TokenType is JsonTokenType.Number or JsonTokenType.String;
                    hasNumericId = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out numericId);
                    id = Value(ref reader);
                }
                else if (reader.ValueTextEquals("method"u8))
                {
                    reader.Read();
                    method = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("result"u8))
                {
                    reader.Read();
                    result = Value(ref reader);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    error = Value(ref reader);
                }
                else if (reader.ValueTextEquals("params"u8))
                {
                    reader.Read();
                    @params = Value(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            var kind = method is not null
                ? (hasId ? JsonRpcKind.Request : JsonRpcKind.Notification)
                : hasId && (result.End.Value > 0 || error.End.Value > 0) ? JsonRpcKind.Response : JsonRpcKind.Invalid;
            return new JsonRpcMessageParts(kind, method, hasNumericId, numericId, id, result, error, @params);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>The current value's range (the reader stands on its first token) and moves past it.</summary>
    private static Range Value(ref Utf8JsonReader reader)
    {
        int start = (int)reader.TokenStartIndex;
        reader.Skip();
        return new Range(start, (int)reader.BytesConsumed);
    }
}

/// <summary>The members of a result object that decide what the client does next.</summary>
internal readonly struct McpResultParts
{
    private McpResultParts(bool inputRequired, Range inputRequests, Range requestState)
    {
        IsInputRequired = inputRequired;
        InputRequests = inputRequests;
        RequestState = requestState;
    }

    /// <summary><c>resultType</c> is <c>input_required</c> (absent or <c>complete</c> means a final result).</summary>
    public bool IsInputRequired { get; }

    /// <summary>The <c>inputRequests</c> object, or an empty range.</summary>
    public Range InputRequests { get; }

    /// <summary>The raw <c>requestState</c> token (quotes and escapes included, to echo byte for byte), or an empty range.</summary>
    public Range RequestState { get; }

    /// <summary>Reads the top-level members of <paramref name="result"/>; <paramref name="resultType"/> is the raw type when it is neither complete nor input_required.</summary>
    public static McpResultParts Read(ReadOnlySpan<byte> result, out string? resultType)
    {
        resultType = null;
        var reader = new Utf8JsonReader(result, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return default;
        }

        bool inputRequired = false;
        Range inputRequests = default, requestState = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("resultType"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    if (reader.ValueTextEquals("input_required"u8))
                    {
                        inputRequired = true;
                    }
                    else if (!reader.ValueTextEquals("complete"u8))
                    {
                        resultType = reader.GetString();
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("inputRequests"u8))
            {
                reader.Read();
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                inputRequests = new Range(start, (int)reader.BytesConsumed);
            }
            else if (reader.ValueTextEquals("requestState"u8))
            {
                reader.Read();
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                requestState = new Range(start, (int)reader.BytesConsumed);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new McpResultParts(inputRequired, inputRequests, requestState);
    }
}
