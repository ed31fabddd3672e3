using System;
using System.Text;

namespace McpGen.SourceGeneration.Helpers;

/// <summary>An indentation-aware text builder for emitting C#; multi-line strings are re-indented line by line.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    public void OpenBlock(string? line = null)
    {
        if (line is not null)
        {
            WriteLine(line);
        }

        WriteLine("{");
        _indent++;
    }

    public void CloseBlock(string suffix = "")
    {
        _indent--;
        WriteLine("}" + suffix);
    }

    public void WriteLine() => _sb.Append('\n');

    public void WriteLine(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length > 0)
            {
                _sb.Append(' ', _indent * 4);
                _sb.Append(trimmed);
            }

            _sb.Append('\n');
        }
    }

    public override string ToString() => _sb.ToString();
}
