using System;
using System.Collections.Generic;
using System.Security.Claims;

namespace McpGen;

/// <summary>Reads OAuth scopes from a caller's claims.</summary>
public static class McpScopes
{
    /// <summary>The claim types that carry scopes: <c>scope</c> (RFC 9068), <c>scp</c> (Microsoft Entra ID) and the URI
    /// ASP.NET Core's JWT handler maps <c>scp</c> to.</summary>
    public static IReadOnlyList<string> ClaimTypes { get; } = ["scope", "scp", "http://schemas.microsoft.com/identity/claims/scope"];

    /// <summary>Whether <paramref name="user"/> holds <paramref name="scope"/> (scope values are space-separated and case-sensitive).</summary>
    /// <param name="user">The caller.</param>
    /// <param name="scope">The scope name.</param>
    public static bool Has(ClaimsPrincipal user, string scope)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(scope);
        foreach (var claim in user.Claims)
        {
            if (!IsScopeClaim(claim.Type))
            {
                continue;
            }

            var rest = claim.Value.AsSpan();
            while (!rest.IsEmpty)
            {
                int space = rest.IndexOf(' ');
                var value = space < 0 ? rest : rest[..space];
                if (value.SequenceEqual(scope))
                {
                    return true;
                }

                rest = space < 0 ? default : rest[(space + 1)..];
            }
        }

        return false;
    }

    /// <summary>The scopes of <paramref name="required"/> that <paramref name="user"/> lacks; empty when it has them all.</summary>
    /// <param name="user">The caller.</param>
    /// <param name="required">The scopes required.</param>
    public static IReadOnlyList<string> Missing(ClaimsPrincipal user, IReadOnlyList<string> required)
    {
        ArgumentNullException.ThrowIfNull(required);
        List<string>? missing = null;
        foreach (string scope in required)
        {
            if (!Has(user, scope))
            {
                (missing ??= []).Add(scope);
            }
        }

        return (IReadOnlyList<string>?)missing ?? [];
    }

    internal static bool HasAll(ClaimsPrincipal? user, IReadOnlyList<string> required)
    {
        if (user is null || required.Count == 0)
        {
            return true;
        }

        foreach (string scope in required)
        {
            if (!Has(user, scope))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsScopeClaim(string type)
    {
        foreach (string scopeType in ClaimTypes)
        {
            if (string.Equals(type, scopeType, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
