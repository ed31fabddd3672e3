using System;
using System.ComponentModel;

namespace McpGen.Generated;

/// <summary>
/// Matches a URI against a URI template, one template part at a time, for the matchers the generator emits from
/// <see cref="McpResourceAttribute"/> templates. The template itself is never parsed at run time: the generated code
/// is the sequence of <see cref="Literal"/> and <see cref="Expression"/> calls that the template spells out.
/// </summary>
/// <remarks>
/// Expansion is reversed as RFC 6570 defines it for levels 1–3. A variable that ends before a literal takes the longest
/// run that still leaves the literal next (so <c>{name}.json</c> matches <c>a.b.json</c> with <c>name</c> =
/// <c>a.b</c>); reserved expansion (<c>{+path}</c>) may contain <c>/</c> but stops at <c>?</c> and <c>#</c>. Values are
/// percent-decoded. An expression whose prefix (<c>?</c>, <c>/</c>, <c>.</c>, …) is absent matches with every variable undefined.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct McpUriTemplateReader
{
    private readonly string _uri;
    private int _position;

    /// <summary>Starts matching <paramref name="uri"/> at its first character.</summary>
    public McpUriTemplateReader(string uri)
    {
        _uri = uri;
        _position = 0;
    }

    /// <summary>Consumes <paramref name="text"/> when the URI continues with it (ordinal).</summary>
    public bool Literal(string text)
    {
        if (_uri.Length - _position < text.Length || string.CompareOrdinal(_uri, _position, text, 0, text.Length) != 0)
        {
            return false;
        }

        _position += text.Length;
        return true;
    }

    /// <summary>Whether the whole URI has been consumed.</summary>
    public readonly bool End() => _position == _uri.Length;

    /// <summary>Consumes one expression.</summary>
    /// <param name="op">The operator: <c>'\0'</c> for none, or one of <c>+ # . / ; ? &amp;</c>.</param>
    /// <param name="nextLiteral">The literal that follows the expression in the template, or <see langword="null"/>.</param>
    /// <param name="nextPrefix">
    /// When another expression follows directly: its prefix character (<c>.</c> for <c>{.ext}</c>), where this value
    /// ends if the value contains it; otherwise <c>'\0'</c>.
    /// </param>
    /// <param name="text">The expression's text without its prefix; empty when its variables are undefined.</param>
    /// <returns><see langword="false"/> when the URI cannot contain the expression here.</returns>
    public bool Expression(char op, string? nextLiteral, char nextPrefix, out ReadOnlySpan<char> text)
    {
        text = default;
        char prefix = Prefix(op);
        if (prefix != '\0')
        {
            if (_position >= _uri.Length || _uri[_position] != prefix)
            {
                return true;
            }

            _position++;
        }

        int start = _position;
        int runEnd = start;
        while (runEnd < _uri.Length && IsAllowed(op, _uri[runEnd]))
        {
            runEnd++;
        }

        int end = runEnd;
        if (!string.IsNullOrEmpty(nextLiteral))
        {
            // The value may not run past the point where the literal must begin.
            int window = Math.Min(_uri.Length - start, runEnd - start + nextLiteral.Length);
            int found = _uri.AsSpan(start, window).LastIndexOf(nextLiteral.AsSpan(), StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            end = start + found;
        }
        else if (nextPrefix != '\0')
        {
            int found = _uri.AsSpan(start, runEnd - start).LastIndexOf(nextPrefix);
            if (found >= 0)
            {
                end = start + found;
            }
        }

        text = _uri.AsSpan(start, end - start);
        _position = end;
        return true;
    }

    /// <summary>The value at <paramref name="index"/> of an expression without names (<c>{a,b}</c>, <c>{/a,b}</c>…), percent-decoded; <see langword="null"/> when absent or empty.</summary>
    public static string? Item(ReadOnlySpan<char> text, char op, int index)
    {
        char separator = Separator(op);
        for (int i = 0; ; i++)
        {
            int next = text.IndexOf(separator);
            var item = next < 0 ? text : text[..next];
            if (i == index)
            {
                return item.IsEmpty ? null : Uri.UnescapeDataString(item.ToString());
            }

            if (next < 0)
            {
                return null;
            }

            text = text[(next + 1)..];
        }
    }

    /// <summary>The value named <paramref name="name"/> in a named expression (<c>{;a}</c>, <c>{?a,b}</c>, <c>{&amp;c}</c>), percent-decoded; <see langword="null"/> when absent.</summary>
    public static string? Named(ReadOnlySpan<char> text, char op, string name)
    {
        char separator = Separator(op);
        while (!text.IsEmpty)
        {
            int next = text.IndexOf(separator);
            var pair = next < 0 ? text : text[..next];
            int equals = pair.IndexOf('=');
            var key = equals < 0 ? pair : pair[..equals];
            if (key.SequenceEqual(name.AsSpan()))
            {
                return equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].ToString());
            }

            if (next < 0)
            {
                break;
            }

            text = text[(next + 1)..];
        }

        return null;
    }

    private static char Prefix(char op) => op is '+' ? '\0' : op;

    private static char Separator(char op) => op switch
    {
        '.' => '.',
        '/' => '/',
        ';' => ';',
        '?' or '&' => '&',
        _ => ',',
    };

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '%';

    private static bool IsAllowed(char op, char c) => op switch
    {
        '\0' => IsUnreserved(c) || c == ',',
        '+' => c > ' ' && c < 0x7F && c is not ('?' or '#' or '{' or '}' or '<' or '>' or '"' or '\\' or '^' or '`' or '|'),
        '#' or '?' or '&' => c != '#' || op == '#',
        '.' => IsUnreserved(c),
        '/' => IsUnreserved(c) || c is '/' or ',',
        ';' => IsUnreserved(c) || c is ';' or '=' or ',',
        _ => false,
    };
}
