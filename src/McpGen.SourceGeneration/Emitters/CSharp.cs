using Microsoft.CodeAnalysis.CSharp;

namespace McpGen.SourceGeneration.Emitters;

/// <summary>C# spelling of values and names in generated code.</summary>
internal static class CSharp
{
    /// <summary>A C# string literal.</summary>
    public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>An identifier, escaped with <c>@</c> when it is a keyword.</summary>
    public static string Id(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>Text escaped for an XML doc comment.</summary>
    public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
