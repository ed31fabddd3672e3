using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace McpGen.SourceGeneration.Helpers;

/// <summary>
/// A minimal compact JSON writer for schemas built at compile time (System.Text.Json is not available to every
/// compiler host the generator runs in). Callers keep structure valid; commas are inserted automatically.
/// </summary>
internal sealed class JsonText
{
    private readonly StringBuilder _sb = new();
    private readonly Stack<bool> _needsComma = new();
    private bool _afterName;

    public JsonText StartObject() => Open('{');

    public JsonText EndObject() => Close('}');

    public JsonText StartArray() => Open('[');

    public JsonText EndArray() => Close(']');

    public JsonText Name(string name)
    {
        Separate();
        AppendString(name);
        _sb.Append(':');
        _afterName = true;
        return this;
    }

    public JsonText String(string value)
    {
        Separate();
        AppendString(value);
        return this;
    }

    public JsonText Raw(string json)
    {
        Separate();
        _sb.Append(json);
        return this;
    }

    public JsonText Bool(bool value) => Raw(value ? "true" : "false");

    public JsonText Number(long value) => Raw(value.ToString(CultureInfo.InvariantCulture));

    public JsonText Property(string name, string value) => Name(name).String(value);

    public JsonText PropertyRaw(string name, string json) => Name(name).Raw(json);

    private JsonText Open(char c)
    {
        Separate();
        _sb.Append(c);
        _needsComma.Push(false);
        return this;
    }

    private JsonText Close(char c)
    {
        _needsComma.Pop();
        _sb.Append(c);
        return this;
    }

    private void Separate()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }

        if (_needsComma.Count > 0)
        {
            if (_needsComma.Peek())
            {
                _sb.Append(',');
            }
            else
            {
                _needsComma.Pop();
                _needsComma.Push(true);
            }
        }
    }

    private void AppendString(string value) => _sb.Append(Quote(value));

    /// <summary>A JSON string literal.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
        return sb.ToString();
    }

    public override string ToString() => _sb.ToString();
}
