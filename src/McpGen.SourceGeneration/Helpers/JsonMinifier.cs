using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace McpGen.SourceGeneration.Helpers;

/// <summary>
/// Checks and minifies a JSON document written in source (a hand-written schema), without System.Text.Json, which a
/// generator cannot load. Strict RFC 8259: no comments, no trailing commas, no duplicate names.
/// </summary>
internal sealed class JsonMinifier
{
    private const int MaxDepth = 64;

    private readonly string _text;
    private readonly StringBuilder _output;
    private int _position;

    private JsonMinifier(string text)
    {
        _text = text;
        _output = new StringBuilder(text.Length);
    }

    /// <summary>The minified document.</summary>
    public string Minified => _output.ToString();

    /// <summary>The root object's member names, in order; empty when the root is not an object.</summary>
    public List<string> RootNames { get; } = [];

    /// <summary>The names of the members of the root's <c>properties</c> object.</summary>
    public List<string> PropertyNames { get; } = [];

    /// <summary>The root's <c>type</c> when it is a string.</summary>
    public string? RootType { get; private set; }

    /// <summary>Parses <paramref name="text"/>; returns the reader, or <see langword="null"/> with what is wrong.</summary>
    public static JsonMinifier? TryParse(string text, out string? error)
    {
        var minifier = new JsonMinifier(text);
        try
        {
            minifier.SkipWhitespace();
            minifier.Value(depth: 0, path: Path.Root);
            minifier.SkipWhitespace();
            if (minifier._position != text.Length)
            {
                throw minifier.Error("unexpected text after the end of the document");
            }

            error = null;
            return minifier;
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    /// <summary>Where in the document a value is, as far as the schema checks care.</summary>
    private enum Path
    {
        Root,
        RootProperties,
        Other,
    }

    private void Value(int depth, Path path)
    {
        if (depth > MaxDepth)
        {
            throw Error($"nesting deeper than {MaxDepth}");
        }

        char c = Peek();
        switch (c)
        {
            case '{':
                Object(depth, path);
                break;
            case '[':
                _position++;
                _output.Append('[');
                SkipWhitespace();
                if (Peek() == ']')
                {
                    _position++;
                }
                else
                {
                    while (true)
                    {
                        Value(depth + 1, Path.Other);
                        SkipWhitespace();
                        if (Next() == ']')
                        {
                            break;
                        }

                        Back(',', "',' or ']'");
                        _output.Append(',');
                        SkipWhitespace();
                    }
                }

                _output.Append(']');
                break;
            case '"':
                _output.Append('"').Append(StringBody(out _)).Append('"');
                break;
            case 't':
                Literal("true");
                break;
            case 'f':
                Literal("false");
                break;
            case 'n':
                Literal("null");
                break;
            default:
                Number();
                break;
        }
    }

    private void Object(int depth, Path path)
    {
        _position++;
        _output.Append('{');
        var names = new HashSet<string>(StringComparer.Ordinal);
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            _output.Append('}');
            return;
        }

        while (true)
        {
            if (Peek() != '"')
            {
                throw Error("expected a member name in double quotes");
            }

            string raw = StringBody(out string name);
            if (!names.Add(name))
            {
                throw Error($"duplicate member name '{name}'");
            }

            _output.Append('"').Append(raw).Append("\":");
            SkipWhitespace();
            Back(':', "':'", consume: true);
            SkipWhitespace();
            if (path == Path.Root)
            {
                RootNames.Add(name);
            }
            else if (path == Path.RootProperties)
            {
                PropertyNames.Add(name);
            }

            int valueStart = _position;
            Value(depth + 1, path == Path.Root && name == "properties" ? Path.RootProperties : Path.Other);
            if (path == Path.Root && name == "type" && _text[valueStart] == '"')
            {
                RootType = _text.Substring(valueStart + 1, _position - valueStart - 2);
            }

            SkipWhitespace();
            if (Next() == '}')
            {
                break;
            }

            Back(',', "',' or '}'");
            _output.Append(',');
            SkipWhitespace();
        }

        _output.Append('}');
    }

    /// <summary>Reads a string at the cursor: returns its raw (still escaped) body and its value.</summary>
    private string StringBody(out string value)
    {
        int start = ++_position;
        var decoded = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error("unterminated string");
            }

            char c = _text[_position++];
            if (c == '"')
            {
                value = decoded.ToString();
                return _text.Substring(start, _position - start - 1);
            }

            if (c < ' ')
            {
                throw Error("control character in a string (escape it)");
            }

            if (c != '\\')
            {
                decoded.Append(c);
                continue;
            }

            char escape = _position < _text.Length ? _text[_position++] : '\0';
            switch (escape)
            {
                case '"': decoded.Append('"'); break;
                case '\\': decoded.Append('\\'); break;
                case '/': decoded.Append('/'); break;
                case 'b': decoded.Append('\b'); break;
                case 'f': decoded.Append('\f'); break;
                case 'n': decoded.Append('\n'); break;
                case 'r': decoded.Append('\r'); break;
                case 't': decoded.Append('\t'); break;
                case 'u':
                    if (_position + 4 > _text.Length || !int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        throw Error("invalid \\u escape");
                    }

                    decoded.Append((char)code);
                    _position += 4;
                    break;
                default:
                    throw Error($"invalid escape '\\{escape}'");
            }
        }
    }

    private void Number()
    {
        int start = _position;
        if (Peek() == '-')
        {
            _position++;
        }

        if (Peek() == '0')
        {
            _position++;
        }
        else if (!Digits())
        {
            throw Error("expected a JSON value");
        }

        if (Peek() == '.')
        {
            _position++;
            if (!Digits())
            {
                throw Error("expected digits after '.'");
            }
        }

        if (Peek() is 'e' or 'E')
        {
            _position++;
            if (Peek() is '+' or '-')
            {
                _position++;
            }

            if (!Digits())
            {
                throw Error("expected digits in the exponent");
            }
        }

        _output.Append(_text, start, _position - start);
    }

    private bool Digits()
    {
        int start = _position;
        while (Peek() is >= '0' and <= '9')
        {
            _position++;
        }

        return _position > start;
    }

    private void Literal(string literal)
    {
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
        {
            throw Error("expected a JSON value");
        }

        _position += literal.Length;
        _output.Append(literal);
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\n' or '\r')
        {
            _position++;
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private char Next() => _position < _text.Length ? _text[_position++] : '\0';

    /// <summary>Checks the character just read (or, with <paramref name="consume"/>, the next one) is <paramref name="expected"/>.</summary>
    private void Back(char expected, string what, bool consume = false)
    {
        char actual = consume ? Next() : _text[_position - 1];
        if (actual != expected)
        {
            if (!consume)
            {
                _position--;
            }

            throw Error($"expected {what}");
        }
    }

    private FormatException Error(string problem)
    {
        int line = 1, column = 1;
        for (int i = 0; i < Math.Min(_position, _text.Length); i++)
        {
            if (_text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return new FormatException($"{problem} (line {line}, column {column})");
    }
}
