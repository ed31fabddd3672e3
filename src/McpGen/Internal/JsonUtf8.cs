using System.Text.Json;

namespace McpGen.Internal;

/// <summary>Canonical rewriting of JSON text: minified, strings re-escaped one way, numbers as written.</summary>
internal static class JsonUtf8
{
    /// <summary>Minifies JSON text.</summary>
    public static byte[] Minify(string json)
    {
        var scratch = JsonScratch.Rent();
        try
        {
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
            Rewrite(ref reader, scratch.Writer);
            scratch.Writer.Flush();
            return scratch.Buffer.WrittenSpan.ToArray();
        }
        finally
        {
            JsonScratch.Return(scratch);
        }
    }

    /// <summary>Copies every token of <paramref name="reader"/> to <paramref name="writer"/>.</summary>
    public static void Rewrite(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                case JsonTokenType.PropertyName: writer.WritePropertyName(reader.GetString()!); break;
                case JsonTokenType.String: writer.WriteStringValue(reader.GetString()); break;
                case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
                case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                case JsonTokenType.Null: writer.WriteNullValue(); break;
            }
        }
    }
}
