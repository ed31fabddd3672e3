using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace McpGen.CodeFixes;

internal static class FixerHelpers
{
    /// <summary>The line ending the document already uses, so inserted lines match it.</summary>
    public static string NewLine(SourceText text) =>
        text.Lines.Count > 1 && text.ToString(TextSpan.FromBounds(text.Lines[0].End, text.Lines[0].EndIncludingLineBreak)) is { Length: > 0 } lineBreak
            ? lineBreak
            : "\n";

    /// <summary>The whitespace before the first token on the line of <paramref name="position"/>.</summary>
    public static string Indentation(SourceText text, int position)
    {
        var line = text.Lines.GetLineFromPosition(position);
        var builder = new StringBuilder();
        for (int i = line.Start; i < line.End && char.IsWhiteSpace(text[i]); i++)
        {
            builder.Append(text[i]);
        }

        return builder.ToString();
    }

    /// <summary>"GetForecastAsync" becomes "Get forecast"; "maxResults" becomes "max results".</summary>
    public static string Words(string identifier)
    {
        if (identifier.EndsWith("Async", System.StringComparison.Ordinal) && identifier.Length > 5)
        {
            identifier = identifier.Substring(0, identifier.Length - 5);
        }

        var builder = new StringBuilder();
        for (int i = 0; i < identifier.Length; i++)
        {
            char c = identifier[i];
            if (c == '_')
            {
                builder.Append(' ');
                continue;
            }

            if (i > 0 && char.IsUpper(c) && (char.IsLower(identifier[i - 1]) || (i + 1 < identifier.Length && char.IsLower(identifier[i + 1]))))
            {
                builder.Append(' ');
            }

            builder.Append(builder.Length == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }

        return string.Join(" ", builder.ToString().Split(' ').Where(w => w.Length > 0));
    }
}
