using System.Collections.Generic;
using System.Linq;
using McpGen.SourceGeneration.Model;

namespace McpGen.SourceGeneration.Helpers;

/// <summary>Parses RFC 6570 URI templates (levels 1–3) into parts the emitter turns into matching code.</summary>
internal static class UriTemplateParser
{
    private const string Operators = "+#./;?&";

    /// <summary>Whether the text is a template (has an expression) rather than a plain URI.</summary>
    public static bool IsTemplate(string uri) => uri.IndexOf('{') >= 0 || uri.IndexOf('}') >= 0;

    /// <returns>The parts, or <see langword="null"/> with <paramref name="error"/> saying what is wrong.</returns>
    public static List<TemplatePartSpec>? Parse(string template, out string? error)
    {
        error = null;
        var parts = new List<TemplatePartSpec>();
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        int i = 0;
        while (i < template.Length)
        {
            int open = template.IndexOf('{', i);
            int stray = template.IndexOf('}', i);
            if (stray >= 0 && (open < 0 || stray < open))
            {
                error = $"'}}' at position {stray} closes no expression";
                return null;
            }

            if (open < 0)
            {
                parts.Add(new TemplatePartSpec(template.Substring(i), '\0', EquatableArray<string>.Empty));
                break;
            }

            if (open > i)
            {
                parts.Add(new TemplatePartSpec(template.Substring(i, open - i), '\0', EquatableArray<string>.Empty));
            }

            int close = template.IndexOf('}', open);
            if (close < 0)
            {
                error = $"the expression at position {open} has no closing '}}'";
                return null;
            }

            string body = template.Substring(open + 1, close - open - 1);
            if (body.Length == 0)
            {
                error = "'{}' names no variable";
                return null;
            }

            char op = '\0';
            if (Operators.IndexOf(body[0]) >= 0)
            {
                op = body[0];
                body = body.Substring(1);
            }
            else if ("=,!@|".IndexOf(body[0]) >= 0)
            {
                error = $"the operator '{body[0]}' is reserved by RFC 6570 for future use";
                return null;
            }

            var variables = new List<string>();
            foreach (string variable in body.Split(','))
            {
                if (variable.EndsWith("*", System.StringComparison.Ordinal) || variable.IndexOf(':') >= 0)
                {
                    error = $"'{{{template.Substring(open + 1, close - open - 1)}}}' uses a prefix (':n') or explode ('*') modifier, which is RFC 6570 level 4 and not supported";
                    return null;
                }

                if (variable.Length == 0 || !variable.All(c => char.IsLetterOrDigit(c) && c < 128 || c is '_' or '.'))
                {
                    error = $"'{variable}' is not a valid variable name (use letters, digits, '_' and '.')";
                    return null;
                }

                if (!seen.Add(variable))
                {
                    error = $"the variable '{variable}' appears more than once";
                    return null;
                }

                variables.Add(variable);
            }

            var previous = parts.Count > 0 ? parts[parts.Count - 1] : null;
            if (previous is null)
            {
                error = "a URI template must start with its scheme, e.g. 'notes://'";
                return null;
            }

            if (previous.Literal is null)
            {
                if (previous.Operator is '?' or '&' && op == '&')
                {
                    // {?a}{&b} is one query: matched together, in any order.
                    parts[parts.Count - 1] = previous with { Variables = previous.Variables.Concat(variables).ToEquatableArray() };
                    i = close + 1;
                    continue;
                }

                if (op is '\0' or '+')
                {
                    error = $"'{{{string.Join(",", previous.Variables)}}}' and '{{{template.Substring(open + 1, close - open - 1)}}}' follow each other with nothing between them, so a URI cannot be split between them";
                    return null;
                }
            }

            parts.Add(new TemplatePartSpec(null, op, variables.ToEquatableArray()));
            i = close + 1;
        }

        return parts;
    }
}
