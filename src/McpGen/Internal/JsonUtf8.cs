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

    /// <summary>The members of a JSON object, each value as its raw JSON; empty input is an empty object.</summary>
    public static System.Collections.Generic.Dictionary<string, byte[]> ReadMembers(System.ReadOnlySpan<byte> json)
    {
        var members = new System.Collections.Generic.Dictionary<string, byte[]>(System.StringComparer.Ordinal);
        if (json.IsEmpty)
        {
            return members;
        }

        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            reader.Read();
            int start = (int)reader.TokenStartIndex;
            reader.Skip();
            members[key] = json[start..(int)reader.BytesConsumed].ToArray();
        }

        return members;
    }

    /// <summary>A JSON object of the given members, each value written as the raw JSON it holds.</summary>
    public static byte[] WriteMembers(System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, byte[]>> members)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, JsonScratch.WriterOptions))
        {
            w.WriteStartObject();
            foreach (var (key, value) in members)
            {
                w.WritePropertyName(key);
                w.WriteRawValue(value, skipInputValidation: true);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
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
