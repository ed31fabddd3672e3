using System;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Xml;

namespace McpGen.Generated;

/// <summary>Writes .NET values in the formats the generated schemas declare; for generated result writers.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class McpJsonWrite
{
    /// <summary>
    /// The invariant number format, for the text of numeric results: the same text as
    /// <see cref="CultureInfo.InvariantCulture"/>, without creating that culture, which loads ICU in an app without
    /// InvariantGlobalization (about 3 ms on the first tool call; issue 22).
    /// </summary>
    public static NumberFormatInfo InvariantNumbers { get; } = NumberFormatInfo.ReadOnly(new NumberFormatInfo());

    /// <summary>Writes a string or <c>null</c>.</summary>
    public static void String(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    /// <summary>Writes a character as a one-character string.</summary>
    public static void Char(Utf8JsonWriter writer, char value) => writer.WriteStringValue(value.ToString());

    /// <summary>Writes a date as <c>yyyy-MM-dd</c>.</summary>
    public static void DateOnly(Utf8JsonWriter writer, DateOnly value)
    {
        Span<byte> utf8 = stackalloc byte[DateLength];
        FormatDate(utf8, value);
        writer.WriteStringValue(utf8);
    }

    /// <summary>Writes a time as <c>HH:mm:ss.FFFFFFF</c>: the fraction without trailing zeros, left out when zero.</summary>
    public static void TimeOnly(Utf8JsonWriter writer, TimeOnly value)
    {
        Span<byte> utf8 = stackalloc byte[MaxTimeLength];
        writer.WriteStringValue(utf8[..FormatTime(utf8, value)]);
    }

    /// <summary>A date as the text of a content block: <c>yyyy-MM-dd</c>.</summary>
    public static string DateText(DateOnly value)
    {
        Span<byte> utf8 = stackalloc byte[DateLength];
        FormatDate(utf8, value);
        return System.Text.Encoding.ASCII.GetString(utf8);
    }

    /// <summary>A time as the text of a content block: <c>HH:mm:ss.FFFFFFF</c>, as <see cref="TimeOnly(Utf8JsonWriter, System.TimeOnly)"/> writes it.</summary>
    public static string TimeText(TimeOnly value)
    {
        Span<byte> utf8 = stackalloc byte[MaxTimeLength];
        return System.Text.Encoding.ASCII.GetString(utf8[..FormatTime(utf8, value)]);
    }

    private const int DateLength = 10;
    private const int MaxTimeLength = 16;

    // Dates and times are formatted by hand: formatting with CultureInfo.InvariantCulture creates that culture, which
    // loads ICU in an app without InvariantGlobalization (issue 22), and the UTF-8 TryFormat brings the whole date
    // formatter into an AOT binary.
    private static void FormatDate(Span<byte> utf8, DateOnly value)
    {
        Digits(utf8[..4], value.Year);
        utf8[4] = (byte)'-';
        Digits(utf8.Slice(5, 2), value.Month);
        utf8[7] = (byte)'-';
        Digits(utf8.Slice(8, 2), value.Day);
    }

    /// <summary>Formats <paramref name="value"/> into <paramref name="utf8"/>; returns the length.</summary>
    private static int FormatTime(Span<byte> utf8, TimeOnly value)
    {
        Digits(utf8[..2], value.Hour);
        utf8[2] = (byte)':';
        Digits(utf8.Slice(3, 2), value.Minute);
        utf8[5] = (byte)':';
        Digits(utf8.Slice(6, 2), value.Second);
        int end = 8;
        int fraction = (int)(value.Ticks % global::System.TimeSpan.TicksPerSecond);
        if (fraction != 0)
        {
            utf8[8] = (byte)'.';
            Digits(utf8.Slice(9, 7), fraction);
            end = MaxTimeLength;
            while (utf8[end - 1] == (byte)'0')
            {
                end--;
            }
        }

        return end;
    }

    /// <summary>Writes a time span as an ISO 8601 duration (<c>PT1H30M</c>).</summary>
    public static void TimeSpan(Utf8JsonWriter writer, TimeSpan value) => writer.WriteStringValue(XmlConvert.ToString(value));

    /// <summary>Writes a URI or <c>null</c>.</summary>
    public static void Uri(Utf8JsonWriter writer, Uri? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value.OriginalString);
        }
    }

    /// <summary>Writes a number that is not finite as <c>null</c> (JSON has no NaN or infinity).</summary>
    public static void Double(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>Writes a number that is not finite as <c>null</c> (JSON has no NaN or infinity).</summary>
    public static void Single(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>Writes <paramref name="value"/> (not negative) as exactly <c>destination.Length</c> digits, zero-padded.</summary>
    private static void Digits(Span<byte> destination, int value)
    {
        for (int i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}

/// <summary>Checks DataAnnotations constraints for generated binders.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class McpValidate
{
    /// <summary><c>[Range]</c>.</summary>
    public static void Range(double value, double minimum, double maximum)
    {
        if (!(value >= minimum && value <= maximum))
        {
            throw new McpArgumentException(string.Create(CultureInfo.InvariantCulture, $"must be between {minimum} and {maximum}, got {value}."));
        }
    }

    /// <summary><c>[StringLength]</c>, <c>[MinLength]</c>, <c>[MaxLength]</c> on strings.</summary>
    public static void Length(string? value, int minimum, int maximum)
    {
        if (value is not null && (value.Length < minimum || value.Length > maximum))
        {
            throw new McpArgumentException(Describe("characters", value.Length, minimum, maximum));
        }
    }

    /// <summary><c>[MinLength]</c>, <c>[MaxLength]</c> on collections.</summary>
    public static void Count(int count, int minimum, int maximum)
    {
        if (count < minimum || count > maximum)
        {
            throw new McpArgumentException(Describe("items", count, minimum, maximum));
        }
    }

    /// <summary><c>[RegularExpression]</c>; the whole value must match, as DataAnnotations requires.</summary>
    public static void Pattern(string? value, System.Text.RegularExpressions.Regex regex, string pattern)
    {
        if (value is null)
        {
            return;
        }

        var match = regex.Match(value);
        if (!match.Success || match.Index != 0 || match.Length != value.Length)
        {
            throw new McpArgumentException($"must match the pattern {pattern}.");
        }
    }

    private static string Describe(string unit, int actual, int minimum, int maximum) =>
        maximum == int.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"must have at least {minimum} {unit}, got {actual}.")
            : minimum == 0
                ? string.Create(CultureInfo.InvariantCulture, $"must have at most {maximum} {unit}, got {actual}.")
                : string.Create(CultureInfo.InvariantCulture, $"must have between {minimum} and {maximum} {unit}, got {actual}.");
}
