using System.Text;

namespace McpGen.SourceGeneration.Helpers;

internal static class Naming
{
    /// <summary><c>GetForecastAsync</c> → <c>get_forecast</c>; <c>ParseHTTPHeader</c> → <c>parse_http_header</c>.</summary>
    public static string ToolName(string methodName)
    {
        if (methodName.EndsWith("Async", System.StringComparison.Ordinal) && methodName.Length > 5)
        {
            methodName = methodName.Substring(0, methodName.Length - 5);
        }

        return SnakeCase(methodName);
    }

    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                bool prevLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                bool acronymEnd = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if ((prevLowerOrDigit || acronymEnd) && sb.Length > 0 && sb[sb.Length - 1] != '_')
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary><c>FirstName</c> → <c>firstName</c> (the JSON naming of properties).</summary>
    public static string CamelCase(string name)
    {
        if (name.Length == 0 || !char.IsUpper(name[0]))
        {
            return name;
        }

        var chars = name.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            // Lower the leading run of capitals, keeping the last one when a lower-case letter follows (URLValue → urlValue).
            if (i > 0 && i + 1 < chars.Length && !char.IsUpper(chars[i + 1]) && char.IsUpper(chars[i]))
            {
                break;
            }

            if (!char.IsUpper(chars[i]))
            {
                break;
            }

            chars[i] = char.ToLowerInvariant(chars[i]);
        }

        return new string(chars);
    }

    /// <summary>
    /// Why <paramref name="name"/> cannot follow <c>Mcp-Param-</c> in a header name (an RFC 9110 token), or
    /// <see langword="null"/> when it can.
    /// </summary>
    public static string? HeaderTokenProblem(string name)
    {
        if (name.Length == 0)
        {
            return "the name is empty";
        }

        foreach (char c in name)
        {
            bool token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
            if (!token)
            {
                return $"'{c}' is not allowed in an HTTP header name (RFC 9110 token characters only)";
            }
        }

        return null;
    }

    /// <summary>Why <paramref name="scope"/> is not an OAuth scope token (RFC 6749 §3.3), or <see langword="null"/>.</summary>
    public static string? ScopeTokenProblem(string scope)
    {
        if (scope.Length == 0)
        {
            return "a scope cannot be empty";
        }

        foreach (char c in scope)
        {
            if (c < 0x21 || c > 0x7E || c is '"' or '\\')
            {
                return c == ' '
                    ? "a scope cannot contain spaces (scopes are space-separated in tokens); list several as separate arguments"
                    : $"'{c}' is not allowed in an OAuth scope (printable ASCII except space, '\"' and '\\')";
            }
        }

        return null;
    }

    /// <summary>Whether a name is a valid MCP tool name for McpGen: 1–64 characters of <c>[A-Za-z0-9_.-]</c>.</summary>
    public static bool IsValidToolName(string name)
    {
        if (name.Length is 0 or > 64)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c is '_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A C# identifier fragment from any text (non-identifier characters become <c>_</c>).</summary>
    public static string Identifier(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            sb.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        return sb.ToString();
    }

    /// <summary><c>search_tickets</c>, <c>search-tickets</c>, <c>searchTickets</c> → <c>SearchTickets</c> (names imported from JSON).</summary>
    public static string PascalCase(string name)
    {
        var sb = new StringBuilder(name.Length);
        bool upper = true;
        foreach (char c in name)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        if (sb.Length > 0 && char.IsDigit(sb[0]))
        {
            sb.Insert(0, '_');
        }

        return sb.ToString();
    }

    /// <summary>Whether <paramref name="name"/> is a C# identifier (not a keyword).</summary>
    public static bool IsIdentifier(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(name)
        && Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None;
}
