using System.Globalization;
using System.Linq;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using static McpGen.SourceGeneration.Emitters.CSharp;

namespace McpGen.SourceGeneration.Emitters;

/// <summary>URI template matchers (<c>Match_*</c>): the template as code, computed at compile time.</summary>
internal static class UriTemplateMatcherEmitter
{
    /// <summary>The template as code: literals and expressions consumed in order; every variable comes out as a string.</summary>
    internal static void Emit(SourceWriter w, ResourceSpec resource, string id)
    {
        string reader = "global::McpGen.Generated.McpUriTemplateReader";
        w.OpenBlock($"private static bool Match_{id}(string uri{string.Concat(resource.Variables.Select(v => ", out string? v_" + Naming.Identifier(v)))})");
        foreach (string variable in resource.Variables)
        {
            w.WriteLine($"v_{Naming.Identifier(variable)} = null;");
        }

        w.WriteLine($"var reader = new {reader}(uri);");
        var parts = resource.Parts;
        int expression = 0;
        for (int i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (part.Literal is not null)
            {
                w.WriteLine($"if (!reader.Literal({Literal(part.Literal)})) return false;");
                continue;
            }

            string op = OperatorLiteral(part.Operator);
            var following = i + 1 < parts.Count ? parts[i + 1] : null;
            string next = following?.Literal is { } literal ? Literal(literal) : "null";
            string nextPrefix = following is { Literal: null, Operator: not ('\0' or '+') } ? OperatorLiteral(following.Operator) : "'\\0'";
            string text = "e" + expression.ToString(CultureInfo.InvariantCulture);
            expression++;

            // An expression without a prefix stands for a required part of the URI: empty means a different URI.
            w.WriteLine(part.Operator is '\0' or '+'
                ? $"if (!reader.Expression({op}, {next}, {nextPrefix}, out var {text}) || {text}.IsEmpty) return false;"
                : $"if (!reader.Expression({op}, {next}, {nextPrefix}, out var {text})) return false;");
            bool named = part.Operator is ';' or '?' or '&';
            for (int v = 0; v < part.Variables.Count; v++)
            {
                string variable = part.Variables[v];
                w.WriteLine(named
                    ? $"v_{Naming.Identifier(variable)} = {reader}.Named({text}, {op}, {Literal(variable)});"
                    : $"v_{Naming.Identifier(variable)} = {reader}.Item({text}, {op}, {v.ToString(CultureInfo.InvariantCulture)});");
            }
        }

        w.WriteLine("return reader.End();");
        w.CloseBlock();
    }

    /// <summary>A template operator as a C# char literal.</summary>
    private static string OperatorLiteral(char op) => op == '\0' ? "'\\0'" : "'" + op + "'";
}
