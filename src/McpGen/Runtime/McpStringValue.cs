using System;
using System.ComponentModel;
using System.Globalization;

namespace McpGen.Runtime;

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

    /// <summary>The error for a value that is not one of an enum's names.</summary>
    public static McpArgumentException UnknownEnumValue(string value, string allowed) =>
        Invalid(value, "one of " + allowed);

    private static McpArgumentException Invalid(string value, string expected) =>
        new($"expected {expected}, got \"{(value.Length > 64 ? value[..64] + "…" : value)}\".");
}
