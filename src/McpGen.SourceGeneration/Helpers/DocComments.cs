using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace McpGen.SourceGeneration.Helpers;

/// <summary>
/// Reads XML documentation comments. Works whether or not the project generates a documentation file: when the
/// compiler did not parse the comments, the <c>///</c> lines are read from the syntax trivia.
/// </summary>
internal static class DocComments
{

    public static XElement? Get(ISymbol symbol, CancellationToken cancellationToken)
    {
        string? xml = symbol.GetDocumentationCommentXml(cancellationToken: cancellationToken);
        if (string.IsNullOrWhiteSpace(xml))
        {
            xml = FromTrivia(symbol, cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(xml))
        {
            return null;
        }

        try
        {
            return XElement.Parse(xml, LoadOptions.None);
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    public static string? Summary(XElement? doc) => Text(doc?.Element("summary"));

    public static string? Param(XElement? doc, string name) =>
        Text(doc?.Elements("param").FirstOrDefault(p => (string?)p.Attribute("name") == name));

    private static string? FromTrivia(ISymbol symbol, CancellationToken cancellationToken)
    {
        var reference = symbol.DeclaringSyntaxReferences.FirstOrDefault();
        if (reference is null)
        {
            return null;
        }

        var node = reference.GetSyntax(cancellationToken);
        var sb = new StringBuilder();
        foreach (var trivia in node.GetLeadingTrivia())
        {
            var text = trivia.ToFullString();
            foreach (var rawLine in text.Split('\n'))
            {
                var line = rawLine.Trim();
                if (line.StartsWith("///", StringComparison.Ordinal))
                {
                    sb.Append(line.Substring(3)).Append('\n');
                }
            }
        }

        return sb.Length == 0 ? null : "<doc>" + sb + "</doc>";
    }

    private static string? Text(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var sb = new StringBuilder();
        Append(element, sb);
        var text = CollapseWhitespace(sb.ToString());
        return text.Length == 0 ? null : text;
    }

    private static void Append(XElement element, StringBuilder sb)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText text:
                    sb.Append(text.Value);
                    break;
                case XElement child when child.Name.LocalName is "see" or "seealso":
                    var cref = (string?)child.Attribute("cref") ?? (string?)child.Attribute("langword") ?? (string?)child.Attribute("href");
                    if (!child.IsEmpty)
                    {
                        Append(child, sb);
                    }
                    else if (cref is not null)
                    {
                        // "T:Ns.Type.Member(System.Int32)" → "Member"
                        var name = cref.Contains(':') ? cref.Substring(cref.IndexOf(':') + 1) : cref;
                        int paren = name.IndexOf('(');
                        if (paren >= 0)
                        {
                            name = name.Substring(0, paren);
                        }

                        sb.Append(name.Substring(name.LastIndexOf('.') + 1));
                    }

                    break;
                case XElement child when child.Name.LocalName is "paramref" or "typeparamref":
                    sb.Append((string?)child.Attribute("name"));
                    break;
                case XElement child when child.Name.LocalName is "para" or "br":
                    sb.Append(' ');
                    Append(child, sb);
                    sb.Append(' ');
                    break;
                case XElement child:
                    Append(child, sb);
                    break;
            }
        }
    }

    /// <summary>Runs of whitespace become one space, trimmed (no Regex: compiling one costs more than every comment it reads).</summary>
    private static string CollapseWhitespace(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool pendingSpace = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
