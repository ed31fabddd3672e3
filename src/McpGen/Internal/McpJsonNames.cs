using System.Text.Json;

namespace McpGen.Internal;

/// <summary>
/// Property names and constant values every answer writes, encoded once: <see cref="Utf8JsonWriter"/> checks a UTF-8
/// literal for characters to escape on every write, and skips that check for <see cref="JsonEncodedText"/>.
/// </summary>
internal static class McpJsonNames
{
    public static readonly JsonEncodedText JsonRpc = JsonEncodedText.Encode("jsonrpc"u8);
    public static readonly JsonEncodedText Version2 = JsonEncodedText.Encode("2.0"u8);
    public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id"u8);
    public static readonly JsonEncodedText Result = JsonEncodedText.Encode("result"u8);
    public static readonly JsonEncodedText ResultType = JsonEncodedText.Encode("resultType"u8);
    public static readonly JsonEncodedText Complete = JsonEncodedText.Encode("complete"u8);
    public static readonly JsonEncodedText Meta = JsonEncodedText.Encode("_meta"u8);
    public static readonly JsonEncodedText Content = JsonEncodedText.Encode("content"u8);
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type"u8);
    public static readonly JsonEncodedText Text = JsonEncodedText.Encode("text"u8);
}
