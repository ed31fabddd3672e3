using System;
using System.ComponentModel;
using System.Globalization;
using System.Numerics;

namespace McpGen.Generated;

/// <summary>
/// Converts string values (prompt arguments, URI template variables) to parameter types for generated binders,
/// throwing <see cref="McpArgumentException"/> with what was expected and what came (the caller adds the name).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class McpStringValue
{
    /// <summary>Parses a value with the invariant culture.</summary>
    /// <param name="value">The text.</param>
    /// <param name="expected">What was expected, e.g. <c>an integer</c>.</param>
    public static T Parse<T>(string value, string expected)
        where T : ISpanParsable<T> =>
        T.TryParse(value, CultureInfo.InvariantCulture, out var result) ? result : throw Invalid(value, expected);

    /// <summary>Parses <c>true</c> or <c>false</c> (any case).</summary>
    public static bool Boolean(string value) =>
        bool.TryParse(value, out bool result) ? result : throw Invalid(value, "'true' or 'false'");

    /// <summary>Parses an absolute or relative URI.</summary>
    public static Uri Uri(string value) =>
        System.Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out var uri) ? uri : throw Invalid(value, "a URI");

    /// <summary>
    /// A URI template variable, refused when it contains NUL (<c>%00</c>): no resource name needs one, and code that
    /// passes the value on may stop at it (<c>tickets://1%00</c> read ticket 1), making one resource answer to several URIs.
    /// </summary>
    /// <param name="value">The percent-decoded variable.</param>
    public static string UriText(string value) =>
        value.Contains('\0', StringComparison.Ordinal) ? throw new McpArgumentException("must not contain a NUL character (%00).") : value;

    /// <summary>
    /// Parses an integer URI template variable written canonically: ASCII digits, <c>-</c> only for a negative number,
    /// no leading zeros, <c>+</c>, spaces or NUL. The lenient parse read <c>tickets://01</c>, <c>tickets://+1</c> and
    /// <c>tickets://%201</c> as ticket 1, so an allow or deny list keyed on URIs could be bypassed with an alias.
    /// </summary>
    /// <param name="value">The percent-decoded variable.</param>
    /// <param name="expected">What was expected, e.g. <c>an integer</c>.</param>
    public static T UriInteger<T>(string value, string expected)
        where T : IBinaryInteger<T>
    {
        if (IsCanonicalInteger(UriText(value)))
        {
            return T.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result) ? result : throw Invalid(value, expected);
        }

        // Say why when the lenient parse would have taken it: the value is a number, just not this resource's spelling.
        throw T.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            ? new McpArgumentException($"expected {expected} written canonically (digits, '-' only for a negative number, no leading zeros, '+' or spaces), got \"{Shorten(value)}\".")
            : Invalid(value, expected);
    }

    private static bool IsCanonicalInteger(ReadOnlySpan<char> text)
    {
        bool negative = !text.IsEmpty && text[0] == '-';
        var digits = negative ? text[1..] : text;
        return !digits.IsEmpty
            && !digits.ContainsAnyExceptInRange('0', '9')
            && (digits[0] != '0' || (digits.Length == 1 && !negative));
    }

    /// <summary>The error for a value that is not one of an enum's names.</summary>
    public static McpArgumentException UnknownEnumValue(string value, string allowed) =>
        Invalid(value, "one of " + allowed);

    private static McpArgumentException Invalid(string value, string expected) =>
        new($"expected {expected}, got \"{Shorten(value)}\".");

    private static string Shorten(string value) => value.Length > 64 ? value[..64] + "…" : value;
}
