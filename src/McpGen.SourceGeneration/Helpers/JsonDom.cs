using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace McpGen.SourceGeneration.Helpers;

/// <summary>
/// A small read-only JSON tree for documents added to the project (an imported <c>tools/list</c> answer), parsed
/// without System.Text.Json, which a generator cannot load in every compiler host.
/// </summary>
internal abstract class JsonDom
{
    /// <summary>Parses <paramref name="text"/>; returns the root, or <see langword="null"/> with what is wrong.</summary>
    public static JsonDom? TryParse(string text, out string? error)
    {
        var parser = new Parser(text);
        try
        {
            parser.SkipWhitespace();
            var value = parser.Value(0);
            parser.SkipWhitespace();
            if (!parser.AtEnd)
            {
                throw parser.Error("unexpected text after the end of the document");
            }

            error = null;
            return value;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>A member of an object, or <see langword="null"/>.</summary>
    public JsonDom? this[string name] => this is JsonObject o && o.Members.TryGetValue(name, out var v) ? v : null;

    /// <summary>The string value, or <see langword="null"/> when this is not a string.</summary>
    public string? AsString => (this as JsonString)?.Value;

    internal sealed class JsonObject(List<string> order, Dictionary<string, JsonDom> members) : JsonDom
    {
        public List<string> Order { get; } = order;

        public Dictionary<string, JsonDom> Members { get; } = members;
    }

    internal sealed class JsonArray(List<JsonDom> items) : JsonDom
    {
        public List<JsonDom> Items { get; } = items;
    }

    internal sealed class JsonString(string value) : JsonDom
    {
        public string Value { get; } = value;
    }

    internal sealed class JsonNumber(string text) : JsonDom
    {
        public string Text { get; } = text;

        public double Value => double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    internal sealed class JsonLiteral(string text) : JsonDom
    {
        /// <summary><c>true</c>, <c>false</c> or <c>null</c>.</summary>
        public string Text { get; } = text;
    }

    private sealed class Parser(string text)
    {
        private const int MaxDepth = 128;
        private int _position;

        public bool AtEnd => _position >= text.Length;

        public FormatException Error(string message) => new($"{message} (at character {_position})");

        public void SkipWhitespace()
        {
            while (!AtEnd && text[_position] is ' ' or '\t' or '\r' or '\n')
            {
                _position++;
            }
        }

        public JsonDom Value(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error("the document is nested too deeply");
            }

            if (AtEnd)
            {
                throw Error("unexpected end of the document");
            }

            switch (text[_position])
            {
                case '{':
                    return Object(depth);
                case '[':
                    return Array(depth);
                case '"':
                    return new JsonString(String());
                case 't':
                    return Literal("true");
                case 'f':
                    return Literal("false");
                case 'n':
                    return Literal("null");
                default:
                    return Number();
            }
        }

        private JsonDom Object(int depth)
        {
            _position++;
            var order = new List<string>();
            var members = new Dictionary<string, JsonDom>(StringComparer.Ordinal);
            SkipWhitespace();
            if (!AtEnd && text[_position] == '}')
            {
                _position++;
                return new JsonObject(order, members);
            }

            while (true)
            {
                SkipWhitespace();
                if (AtEnd || text[_position] != '"')
                {
                    throw Error("expected a member name");
                }

                string name = String();
                SkipWhitespace();
                Expect(':');
                SkipWhitespace();
                var value = Value(depth + 1);
                if (members.ContainsKey(name))
                {
                    throw Error($"duplicate member '{name}'");
                }

                order.Add(name);
                members[name] = value;
                SkipWhitespace();
                if (!AtEnd && text[_position] == ',')
                {
                    _position++;
                    continue;
                }

                Expect('}');
                return new JsonObject(order, members);
            }
        }

        private JsonDom Array(int depth)
        {
            _position++;
            var items = new List<JsonDom>();
            SkipWhitespace();
            if (!AtEnd && text[_position] == ']')
            {
                _position++;
                return new JsonArray(items);
            }

            while (true)
            {
                SkipWhitespace();
                items.Add(Value(depth + 1));
                SkipWhitespace();
                if (!AtEnd && text[_position] == ',')
                {
                    _position++;
                    continue;
                }

                Expect(']');
                return new JsonArray(items);
            }
        }

        private string String()
        {
            _position++;
            var sb = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw Error("unterminated string");
                }

                char c = text[_position++];
                if (c == '"')
                {
                    return sb.ToString();
                }

                if (c != '\\')
                {
                    if (c < ' ')
                    {
                        throw Error("control character in a string");
                    }

                    sb.Append(c);
                    continue;
                }

                if (AtEnd)
                {
                    throw Error("unterminated escape");
                }

                char e = text[_position++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_position + 4 > text.Length || !int.TryParse(text.Substring(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code))
                        {
                            throw Error("invalid \\u escape");
                        }

                        sb.Append((char)code);
                        _position += 4;
                        break;
                    default:
                        throw Error($"invalid escape '\\{e}'");
                }
            }
        }

        private JsonDom Number()
        {
            int start = _position;
            while (!AtEnd && (char.IsDigit(text[_position]) || text[_position] is '-' or '+' or '.' or 'e' or 'E'))
            {
                _position++;
            }

            string number = text.Substring(start, _position - start);
            if (number.Length == 0 || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                throw Error("expected a value");
            }

            return new JsonNumber(number);
        }

        private JsonDom Literal(string literal)
        {
            if (string.CompareOrdinal(text, _position, literal, 0, literal.Length) != 0)
            {
                throw Error("expected a value");
            }

            _position += literal.Length;
            return new JsonLiteral(literal);
        }

        private void Expect(char c)
        {
            if (AtEnd || text[_position] != c)
            {
                throw Error($"expected '{c}'");
            }

            _position++;
        }
    }
}
