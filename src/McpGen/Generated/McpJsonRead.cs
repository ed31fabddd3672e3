using System;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Xml;

namespace McpGen.Generated;

/// <summary>
/// Reads JSON values into .NET values for generated argument binders, throwing <see cref="McpArgumentException"/> with
/// what was expected and what came. Each method expects the reader positioned on the value's first token.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class McpJsonRead
{
    /// <summary>Requires a <c>{</c>.</summary>
    public static void StartObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw WrongType(ref reader, "an object");
        }
    }

    /// <summary>Requires a <c>[</c>.</summary>
    public static void StartArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw WrongType(ref reader, "an array");
        }
    }

    /// <summary>Reads a string.</summary>
    public static string String(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw WrongType(ref reader, "a string");

    /// <summary>Reads a one-character string.</summary>
    public static char Char(ref Utf8JsonReader reader)
    {
        string s = String(ref reader);
        return s.Length == 1 ? s[0] : throw new McpArgumentException($"expected a single character, got a string of length {s.Length}.");
    }

    /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
    public static bool Boolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw WrongType(ref reader, "a boolean"),
    };

    /// <summary>Reads an integer in the range of <see cref="byte"/>.</summary>
    public static byte Byte(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Number && reader.TryGetByte(out var v) ? v : throw NotInteger(ref reader, byte.MinValue, byte.MaxValue);

    /// <summary>Reads an integer in the range of <see cref="sbyte"/>.</summary>
    public static sbyte SByte(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Number && reader.TryGetSByte(out var v) ? v : throw NotInteger(ref reader, sbyte.MinValue, sbyte.MaxValue);

    /// <summary>Reads an integer in the range of <see cref="short"/>.</summary>
    public static short Int16(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Number && reader.TryGetInt16(out var v) ? v : throw NotInteger(ref reader, short.MinValue, short.MaxValue);

    /// <summary>Reads an integer in the range of <see cref="ushort"/>.</summary>
    public static ushort UInt16(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Number && reader.TryGetUInt16(out var v) ? v : throw NotInteger(ref reader, ushort.MinValue, ushort.MaxValue);

    /// <summary>Reads an integer in the range of <see cref="int"/>.</summary>
    public static int Int32(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v) ? v : throw NotInteger(ref reader, int.MinValue, int.MaxValue);

    /// <summary>Reads an integer in the range of <see cref="uint"/>.</summary>
    public static uint UInt32(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out var v) ? v : throw NotInteger(ref reader, uint.MinValue, uint.MaxValue);

    /// <summary>Reads an integer in the range of <see cref="long"/>.</summary>
    public static long Int64(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var v) ? v : throw NotInteger(ref reader, long.MinValue, long.MaxValue);

    /// <summary>Reads an integer in the range of <see cref="ulong"/>.</summary>
    public static ulong UInt64(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var v) ? v : throw NotInteger(ref reader, ulong.MinValue, ulong.MaxValue);

    /// <summary>Reads a number as <see cref="float"/>.</summary>
    public static float Single(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetSingle(out var v) && float.IsFinite(v) ? v : throw NotNumber(ref reader, "a number");

    /// <summary>Reads a number as <see cref="double"/>.</summary>
    public static double Double(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var v) && double.IsFinite(v) ? v : throw NotNumber(ref reader, "a number");

    /// <summary>Reads a number as <see cref="decimal"/>.</summary>
    public static decimal Decimal(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var v) ? v : throw NotNumber(ref reader, "a number within the range of decimal");

    /// <summary>Reads an ISO 8601 date-time string.</summary>
    public static DateTime DateTime(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetDateTime(out var v) ? v : throw WrongType(ref reader, "a date-time string (ISO 8601, e.g. \"2026-07-28T12:00:00Z\")");

    /// <summary>Reads an ISO 8601 date-time string with offset.</summary>
    public static DateTimeOffset DateTimeOffset(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var v) ? v : throw WrongType(ref reader, "a date-time string (ISO 8601, e.g. \"2026-07-28T12:00:00+02:00\")");

    /// <summary>Reads a <c>yyyy-MM-dd</c> date string.</summary>
    public static DateOnly DateOnly(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && TryParseDate(reader.GetString(), out var v)
            ? v : throw WrongType(ref reader, "a date string (yyyy-MM-dd)");

    /// <summary>Reads a <c>HH:mm[:ss[.fffffff]]</c> time string.</summary>
    public static TimeOnly TimeOnly(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && TryParseTime(reader.GetString(), out var v)
            ? v : throw WrongType(ref reader, "a time string (HH:mm:ss)");

    // The date and time parsers accept exactly what ParseExact accepts with the invariant culture ("yyyy-MM-dd";
    // "HH:mm:ss.FFFFFFF", "HH:mm:ss", "HH:mm"), without touching a culture: CultureInfo loads ICU in an app without
    // InvariantGlobalization, which cost a stdio server milliseconds on the first call with a date (issue 22).

    /// <summary>Parses <c>yyyy-MM-dd</c>: four, two and two ASCII digits of a real date.</summary>
    internal static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly value)
    {
        value = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-'
            || !TryDigits(text[..4], out int year) || !TryDigits(text.Slice(5, 2), out int month) || !TryDigits(text.Slice(8, 2), out int day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > System.DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        value = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>Parses <c>HH:mm</c>, <c>HH:mm:ss</c> or <c>HH:mm:ss.</c> with up to seven fraction digits.</summary>
    internal static bool TryParseTime(ReadOnlySpan<char> text, out TimeOnly value)
    {
        value = default;
        if (text.Length < 5 || text[2] != ':' || !TryDigits(text[..2], out int hour) || !TryDigits(text.Slice(3, 2), out int minute)
            || hour > 23 || minute > 59)
        {
            return false;
        }

        int second = 0;
        long fraction = 0;
        if (text.Length > 5)
        {
            if (text.Length < 8 || text[5] != ':' || !TryDigits(text.Slice(6, 2), out second) || second > 59)
            {
                return false;
            }

            if (text.Length > 8)
            {
                // "FFFFFFF": the point, then none to seven digits, scaled to ticks.
                var digits = text[9..];
                if (text[8] != '.' || digits.Length > 7 || !TryDigits(digits, out int f))
                {
                    return false;
                }

                fraction = f;
                for (int i = digits.Length; i < 7; i++)
                {
                    fraction *= 10;
                }
            }
        }

        value = new TimeOnly(((hour * 60L + minute) * 60 + second) * System.TimeSpan.TicksPerSecond + fraction);
        return true;
    }

    /// <summary>ASCII digits only (no sign, no spaces), as a number.</summary>
    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>Reads an ISO 8601 duration (<c>PT1H30M</c>) or a .NET time span (<c>01:30:00</c>).</summary>
    public static TimeSpan TimeSpan(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            string s = reader.GetString()!;
            if (s.Length > 0 && (s[0] == 'P' || (s.Length > 1 && s[0] == '-' && s[1] == 'P')))
            {
                try
                {
                    return XmlConvert.ToTimeSpan(s);
                }
                catch (FormatException)
                {
                }
                catch (OverflowException)
                {
                }
            }
            else if (System.TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var v))
            {
                return v;
            }
        }

        throw WrongType(ref reader, "a duration string (ISO 8601, e.g. \"PT1H30M\")");
    }

    /// <summary>Reads a UUID string.</summary>
    public static Guid Guid(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out var v) ? v
        : reader.TokenType == JsonTokenType.String && System.Guid.TryParse(reader.GetString(), out v) ? v
        : throw WrongType(ref reader, "a UUID string");

    /// <summary>Reads an absolute URI string.</summary>
    public static Uri Uri(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && System.Uri.TryCreate(reader.GetString(), UriKind.Absolute, out var v) ? v : throw WrongType(ref reader, "an absolute URI string");

    /// <summary>Reads any JSON value.</summary>
    public static JsonElement Any(ref Utf8JsonReader reader) =>
        JsonElement.ParseValue(ref reader);

    /// <summary>The error for a required argument or property that is absent.</summary>
    public static McpArgumentException Missing(string name, string expected) =>
        new McpArgumentException($"is required ({expected}) but was not provided.").AtProperty(name);

    /// <summary>The error for a property name that the type does not have.</summary>
    public static McpArgumentException UnknownProperty(ref Utf8JsonReader reader, string known)
    {
        string name = reader.GetString()!;
        return new McpArgumentException(known.Length == 0
            ? "no arguments are accepted."
            : $"is not a known name; expected one of: {known}.").AtProperty(name);
    }

    /// <summary>The error for a string that names no member of an enum.</summary>
    public static McpArgumentException UnknownEnumValue(ref Utf8JsonReader reader, string names) =>
        reader.TokenType == JsonTokenType.String
            ? new McpArgumentException($"expected one of {names}, got {Describe(ref reader)}.")
            : WrongType(ref reader, "one of " + names);

    /// <summary>The error for a value of the wrong JSON type.</summary>
    public static McpArgumentException WrongType(ref Utf8JsonReader reader, string expected) =>
        new($"expected {expected}, got {Describe(ref reader)}.");

    private static McpArgumentException NotInteger<T>(ref Utf8JsonReader reader, T min, T max)
        where T : IFormattable
    {
        string range = string.Create(CultureInfo.InvariantCulture, $"an integer from {min} to {max}");
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double d) && Math.Floor(d) != d)
        {
            return new McpArgumentException($"expected {range}, got the number {Raw(ref reader)}, which is not an integer.");
        }

        return WrongType(ref reader, range);
    }

    private static McpArgumentException NotNumber(ref Utf8JsonReader reader, string expected) => WrongType(ref reader, expected);

    /// <summary>Describes the current token for an error message: <c>a string ("abc")</c>, <c>the number 3.5</c>, …</summary>
    public static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"a string ({Quote(reader.GetString()!)})",
        JsonTokenType.Number => "the number " + Raw(ref reader),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => reader.TokenType.ToString(),
    };

    private static string Raw(ref Utf8JsonReader reader)
    {
        string raw = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
        return raw.Length > 40 ? raw[..40] + "…" : raw;
    }

    private static string Quote(string value)
    {
        if (value.Length > 40)
        {
            value = value[..40] + "…";
        }

        return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
