using System;
using System.Text;
using System.Text.Json;

namespace McpGen;

/// <summary>The parts of <c>params</c> the core reads, as slices of the message; one pass, no copies.</summary>
internal struct McpRequestParams
{
    public bool HasMeta;
    public ReadOnlyMemory<byte> Meta;
    public ReadOnlyMemory<byte> ProtocolVersion;
    public bool ProtocolVersionIsString;
    public bool HasClientCapabilities;
    public ReadOnlyMemory<byte> ClientCapabilities;
    public ReadOnlyMemory<byte> ClientInfo;
    public ReadOnlyMemory<byte> ProgressToken;

    /// <summary><c>_meta["io.modelcontextprotocol/logLevel"]</c> as sent (a string), or <see langword="null"/>.</summary>
    public string? LogLevel;

    /// <summary>The log level is present but not a string.</summary>
    public bool LogLevelIsMalformed;

    public bool HasName;
    public ReadOnlyMemory<byte> Name;
    public bool HasArguments;
    public ReadOnlyMemory<byte> Arguments;
    public JsonTokenType ArgumentsToken;
    public bool HasCursor;
    public string? Cursor;
    public bool CursorIsString;
    public string? LegacyProtocolVersion;
    public string? Uri;
    public bool HasUri;
    public ReadOnlyMemory<byte> Ref;
    public ReadOnlyMemory<byte> Argument;
    public ReadOnlyMemory<byte> Context;

    /// <summary>tasks/get, tasks/update, tasks/cancel: <c>taskId</c>, when a string.</summary>
    public string? TaskId;

    /// <summary>subscriptions/listen: the <c>notifications</c> filter object.</summary>
    public ReadOnlyMemory<byte> Notifications;

    /// <summary>initialize (legacy): the client's <c>capabilities</c> object.</summary>
    public ReadOnlyMemory<byte> InitializeCapabilities;

    /// <summary>logging/setLevel (legacy): <c>level</c>, when a string.</summary>
    public string? Level;

    /// <summary>MRTR retries: the answers (raw, any JSON type: checked when the round is opened).</summary>
    public ReadOnlyMemory<byte> InputResponses;

    /// <summary>MRTR retries: the sealed state of the previous round, when it is a string.</summary>
    public string? RequestState;

    /// <summary><c>requestState</c> is present but not a string.</summary>
    public bool RequestStateIsMalformed;

    /// <summary>Whether the request is an MRTR retry (carries answers or state).</summary>
    public readonly bool IsInputRetry => !InputResponses.IsEmpty || RequestState is not null || RequestStateIsMalformed;

    /// <summary>Reads <paramref name="utf8Params"/> (already known to be a well-formed object, or empty).</summary>
    public static McpRequestParams Read(ReadOnlyMemory<byte> utf8Params)
    {
        var result = default(McpRequestParams);
        Read(utf8Params, ref result);
        return result;
    }

    /// <summary>Reads <paramref name="utf8Params"/> into <paramref name="result"/> (all defaults), where it will be used: the struct is large.</summary>
    public static void Read(ReadOnlyMemory<byte> utf8Params, ref McpRequestParams result)
    {
        if (utf8Params.IsEmpty)
        {
            return;
        }

        var reader = new Utf8JsonReader(utf8Params.Span, new JsonReaderOptions { MaxDepth = 256 });
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("_meta"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    int start = (int)reader.TokenStartIndex;
                    result.HasMeta = true;
                    ReadMeta(ref reader, utf8Params, ref result);
                    result.Meta = utf8Params.Slice(start, (int)reader.BytesConsumed - start);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    result.HasName = true;
                    result.Name = Unescaped(ref reader, utf8Params);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                int start = (int)reader.TokenStartIndex;
                result.ArgumentsToken = reader.TokenType;
                reader.Skip();
                if (result.ArgumentsToken != JsonTokenType.Null)
                {
                    result.HasArguments = true;
                    result.Arguments = utf8Params.Slice(start, (int)reader.BytesConsumed - start);
                }
            }
            else if (reader.ValueTextEquals("cursor"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    result.HasCursor = true;
                    result.CursorIsString = reader.TokenType == JsonTokenType.String;
                    result.Cursor = result.CursorIsString ? reader.GetString() : null;
                }

                reader.Skip();
            }
            else if (reader.ValueTextEquals("uri"u8))
            {
                reader.Read();
                result.HasUri = reader.TokenType == JsonTokenType.String;
                result.Uri = result.HasUri ? reader.GetString() : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("ref"u8))
            {
                reader.Read();
                result.Ref = RawObject(ref reader, utf8Params);
            }
            else if (reader.ValueTextEquals("argument"u8))
            {
                reader.Read();
                result.Argument = RawObject(ref reader, utf8Params);
            }
            else if (reader.ValueTextEquals("context"u8))
            {
                reader.Read();
                result.Context = RawObject(ref reader, utf8Params);
            }
            else if (reader.ValueTextEquals("taskId"u8))
            {
                reader.Read();
                result.TaskId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("notifications"u8))
            {
                reader.Read();
                result.Notifications = RawObject(ref reader, utf8Params);
            }
            else if (reader.ValueTextEquals("capabilities"u8))
            {
                reader.Read();
                result.InitializeCapabilities = RawObject(ref reader, utf8Params);
            }
            else if (reader.ValueTextEquals("level"u8))
            {
                reader.Read();
                result.Level = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("inputResponses"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    reader.Skip();
                }
                else
                {
                    result.InputResponses = Raw(ref reader, utf8Params);
                }
            }
            else if (reader.ValueTextEquals("requestState"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    result.RequestState = reader.GetString();
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    result.RequestStateIsMalformed = true;
                }

                reader.Skip();
            }
            else if (reader.ValueTextEquals("protocolVersion"u8))
            {
                // initialize (legacy) names the revision here.
                reader.Read();
                result.LegacyProtocolVersion = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadMeta(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source, ref McpRequestParams result)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(McpProtocol.MetaKeys.ProtocolVersionUtf8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    result.ProtocolVersionIsString = true;
                    result.ProtocolVersion = Unescaped(ref reader, source);
                }
                else
                {
                    result.ProtocolVersion = Raw(ref reader, source);
                }
            }
            else if (reader.ValueTextEquals(McpProtocol.MetaKeys.ClientCapabilitiesUtf8))
            {
                reader.Read();
                var raw = Raw(ref reader, source);
                if (raw.Span[0] == (byte)'{')
                {
                    result.HasClientCapabilities = true;
                    result.ClientCapabilities = raw;
                }
            }
            else if (reader.ValueTextEquals(McpProtocol.MetaKeys.ClientInfoUtf8))
            {
                reader.Read();
                var raw = Raw(ref reader, source);
                if (raw.Span[0] == (byte)'{')
                {
                    result.ClientInfo = raw;
                }
            }
            else if (reader.ValueTextEquals(McpProtocol.MetaKeys.LogLevelUtf8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    result.LogLevel = reader.GetString();
                }
                else
                {
                    result.LogLevelIsMalformed = reader.TokenType != JsonTokenType.Null;
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals(McpProtocol.MetaKeys.ProgressTokenUtf8))
            {
                reader.Read();
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
                {
                    result.ProgressToken = Raw(ref reader, source);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static ReadOnlyMemory<byte> Raw(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source)
    {
        int start = (int)reader.TokenStartIndex;
        reader.Skip();
        return source.Slice(start, (int)reader.BytesConsumed - start);
    }

    /// <summary>The value's bytes when it is an object; empty otherwise.</summary>
    private static ReadOnlyMemory<byte> RawObject(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source)
    {
        bool isObject = reader.TokenType == JsonTokenType.StartObject;
        var raw = Raw(ref reader, source);
        return isObject ? raw : default;
    }

    private static ReadOnlyMemory<byte> Unescaped(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source) =>
        reader.ValueIsEscaped
            ? Encoding.UTF8.GetBytes(reader.GetString()!)
            : source.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
}
