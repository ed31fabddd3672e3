using System;
using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace McpGen;

/// <summary>The kind of a parsed JSON-RPC message.</summary>
public enum JsonRpcMessageKind
{
    /// <summary>Not a valid JSON-RPC message; <see cref="JsonRpcMessage.ErrorCode"/> says why.</summary>
    Invalid,

    /// <summary>A request: it has a method and an id, and is answered.</summary>
    Request,

    /// <summary>A notification: it has a method and no id, and is never answered.</summary>
    Notification,

    /// <summary>A response (result or error) sent by the client: to a request the server sent a legacy client.</summary>
    Response,
}

/// <summary>
/// A JSON-RPC 2.0 message split into its parts without copying: raw <c>id</c> and <c>params</c> slices of the original
/// UTF-8 bytes, which must stay alive while the message is served.
/// </summary>
public readonly struct JsonRpcMessage
{
    private JsonRpcMessage(JsonRpcMessageKind kind, ReadOnlyMemory<byte> id, ReadOnlyMemory<byte> method, ReadOnlyMemory<byte> @params, int errorCode, string? errorMessage,
        ReadOnlyMemory<byte> result = default, ReadOnlyMemory<byte> error = default)
    {
        Kind = kind;
        Id = id;
        Method = method;
        Params = @params;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        Result = result;
        Error = error;
    }

    /// <summary>What kind of message this is.</summary>
    public JsonRpcMessageKind Kind { get; }

    /// <summary>The raw JSON of the <c>id</c> (a string or integer literal), or empty when there is none.</summary>
    public ReadOnlyMemory<byte> Id { get; }

    /// <summary>The method name as unescaped UTF-8, or empty.</summary>
    public ReadOnlyMemory<byte> Method { get; }

    /// <summary>The raw JSON of <c>params</c> (an object), or empty when absent.</summary>
    public ReadOnlyMemory<byte> Params { get; }

    /// <summary>For <see cref="JsonRpcMessageKind.Response"/>: the raw JSON of <c>result</c>, or empty.</summary>
    public ReadOnlyMemory<byte> Result { get; }

    /// <summary>For <see cref="JsonRpcMessageKind.Response"/>: the raw JSON of <c>error</c>, or empty.</summary>
    public ReadOnlyMemory<byte> Error { get; }

    /// <summary>For <see cref="JsonRpcMessageKind.Invalid"/>: the JSON-RPC error code to answer with.</summary>
    public int ErrorCode { get; }

    /// <summary>For <see cref="JsonRpcMessageKind.Invalid"/>: what was wrong.</summary>
    public string? ErrorMessage { get; }

    /// <summary>Whether the method equals <paramref name="utf8Method"/>.</summary>
    public bool IsMethod(ReadOnlySpan<byte> utf8Method) => Method.Span.SequenceEqual(utf8Method);

    /// <summary>
    /// Parses one message. Never throws: a malformed message becomes <see cref="JsonRpcMessageKind.Invalid"/>. Text that
    /// is not UTF-8 is a parse error; a member of the envelope given twice, or a request that also carries a
    /// <c>result</c> or <c>error</c>, is an invalid request.
    /// </summary>
    /// <param name="utf8Json">The message bytes.</param>
    public static JsonRpcMessage Parse(ReadOnlyMemory<byte> utf8Json)
    {
        // Utf8JsonReader checks UTF-8 only when a string is read as text, and the params are sliced, not read here: an
        // invalid sequence inside a string would reach a handler as a .NET decoding error. JSON outside strings is
        // ASCII, so checking the whole body is checking every string. The check is vectorized: a few percent of the
        // reader's pass on ASCII, about one decoding of the text where it is mostly non-ASCII.
        if (!Utf8.IsValid(utf8Json.Span))
        {
            return Invalid(McpProtocol.ErrorCodes.ParseError,
                $"Parse error: the message is not valid UTF-8 (an invalid byte sequence at byte {InvalidUtf8Offset(utf8Json.Span)}).", default);
        }

        ReadOnlyMemory<byte> id = default, method = default, @params = default, result = default, error = default;
        bool hasJsonRpc = false, hasMethod = false, hasResultOrError = false, idNull = false;
        string? problem = null;
        int problemCode = McpProtocol.ErrorCodes.InvalidRequest;
        Members seen = Members.None;
        string? duplicate = null;

        try
        {
            var reader = new Utf8JsonReader(utf8Json.Span, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read())
            {
                return Invalid(McpProtocol.ErrorCodes.ParseError, "The message is empty.", default);
            }

            if (reader.TokenType == JsonTokenType.StartArray)
            {
                reader.Skip();
                EnsureEnd(ref reader);
                return Invalid(McpProtocol.ErrorCodes.InvalidRequest, "Batch messages (JSON arrays) are not supported; send one JSON-RPC message per request.", default);
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                EnsureEnd(ref reader);
                return Invalid(McpProtocol.ErrorCodes.InvalidRequest, "A JSON-RPC message must be a JSON object.", default);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("jsonrpc"u8))
                {
                    See(ref seen, Members.JsonRpc, "jsonrpc", ref duplicate);
                    reader.Read();
                    hasJsonRpc = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("2.0"u8);
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    See(ref seen, Members.Id, "id", ref duplicate);
                    reader.Read();
                    int start = (int)reader.TokenStartIndex;
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.String:
                            id = utf8Json.Slice(start, (int)reader.BytesConsumed - start);
                            break;
                        case JsonTokenType.Number when reader.TryGetInt64(out _):
                            id = utf8Json.Slice(start, (int)reader.BytesConsumed - start);
                            break;
                        case JsonTokenType.Null:
                            idNull = true;
                            break;
                        default:
                            problem ??= "The 'id' must be a string or an integer.";
                            reader.Skip();
                            break;
                    }
                }
                else if (reader.ValueTextEquals("method"u8))
                {
                    See(ref seen, Members.Method, "method", ref duplicate);
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        hasMethod = true;
                        method = reader.ValueIsEscaped
                            ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!)
                            : utf8Json.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                    }
                    else
                    {
                        problem ??= "The 'method' must be a string.";
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("params"u8))
                {
                    See(ref seen, Members.Params, "params", ref duplicate);
                    reader.Read();
                    int start = (int)reader.TokenStartIndex;
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        @params = utf8Json.Slice(start, (int)reader.BytesConsumed - start);
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        reader.Skip();
                        problem ??= "The 'params' must be a JSON object.";
                        problemCode = McpProtocol.ErrorCodes.InvalidParams;
                    }
                }
                else if (reader.ValueTextEquals("result"u8) || reader.ValueTextEquals("error"u8))
                {
                    bool isResult = reader.ValueTextEquals("result"u8);
                    See(ref seen, isResult ? Members.Result : Members.Error, isResult ? "result" : "error", ref duplicate);
                    hasResultOrError = true;
                    reader.Read();
                    int start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    var raw = utf8Json.Slice(start, (int)reader.BytesConsumed - start);
                    if (isResult)
                    {
                        result = raw;
                    }
                    else
                    {
                        error = raw;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            EnsureEnd(ref reader);
        }
        catch (JsonException ex)
        {
            return Invalid(McpProtocol.ErrorCodes.ParseError, "Parse error: " + ex.Message, default);
        }

        if (duplicate is not null)
        {
            // Which of two values counts is the parser's choice, and another parser (a gateway, a log) may choose the
            // other: refuse rather than act on a message that reads differently elsewhere. A repeated id echoes none.
            return Invalid(McpProtocol.ErrorCodes.InvalidRequest, $"The message has '{duplicate}' more than once; each member of a JSON-RPC message may appear only once.",
                duplicate == "id" ? default : id);
        }

        if (hasMethod && hasResultOrError)
        {
            string member = (seen & Members.Result) != 0 ? "result" : "error";
            return Invalid(McpProtocol.ErrorCodes.InvalidRequest,
                $"The message has both 'method' and '{member}': a request or notification carries no '{member}', a response no 'method'.", idNull ? default : id);
        }

        if (!hasJsonRpc)
        {
            return Invalid(McpProtocol.ErrorCodes.InvalidRequest, "The message must have \"jsonrpc\": \"2.0\".", id);
        }

        if (!hasMethod)
        {
            return hasResultOrError && problem is null
                ? new JsonRpcMessage(JsonRpcMessageKind.Response, id, default, default, 0, null, result, error)
                : Invalid(McpProtocol.ErrorCodes.InvalidRequest, problem ?? "The message has no 'method'.", id);
        }

        if (idNull)
        {
            return Invalid(McpProtocol.ErrorCodes.InvalidRequest, "The 'id' must be a string or an integer, not null.", default);
        }

        if (problem is not null)
        {
            return Invalid(problemCode, problem, id);
        }

        return new JsonRpcMessage(id.IsEmpty ? JsonRpcMessageKind.Notification : JsonRpcMessageKind.Request, id, method, @params, 0, null);
    }

    /// <summary>Records a member of the envelope; the first one seen twice is the problem.</summary>
    private static void See(ref Members seen, Members member, string name, ref string? duplicate)
    {
        if ((seen & member) != 0)
        {
            duplicate ??= name;
        }

        seen |= member;
    }

    /// <summary>Where the first invalid UTF-8 sequence starts (the error path only).</summary>
    private static int InvalidUtf8Offset(ReadOnlySpan<byte> utf8)
    {
        int offset = 0;
        while (offset < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[offset..], out _, out int consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    /// <summary>The envelope's members, to notice one given twice.</summary>
    [Flags]
    private enum Members
    {
        None = 0,
        JsonRpc = 1,
        Id = 2,
        Method = 4,
        Params = 8,
        Result = 16,
        Error = 32,
    }

    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("Unexpected data after the end of the message.");
        }
    }

    private static JsonRpcMessage Invalid(int code, string message, ReadOnlyMemory<byte> id) =>
        new(JsonRpcMessageKind.Invalid, id, default, default, code, message);
}
