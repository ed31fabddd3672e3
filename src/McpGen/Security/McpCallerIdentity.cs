using System;
using System.Security.Claims;

namespace McpGen;

/// <summary>A stable name for the caller, to bind what outlives a request (tasks) to whoever started it.</summary>
internal static class McpCallerIdentity
{
    /// <summary>
    /// The caller's issuer and subject (<c>iss</c> and <c>sub</c>, or the name identifier), or <see langword="null"/>
    /// for an anonymous caller or one whose token names no subject. The issuer is part of it: the same subject from
    /// two identity providers is two people.
    /// </summary>
    public static string? Of(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true })
        {
            return null;
        }

        var subject = user.FindFirst("sub") ?? user.FindFirst(ClaimTypes.NameIdentifier);
        if (subject is null || string.IsNullOrEmpty(subject.Value))
        {
            return null;
        }

        string issuer = user.FindFirst("iss")?.Value ?? subject.Issuer;
        return issuer + " " + subject.Value;
    }

    /// <summary>Whether <paramref name="caller"/> may see a task: its creator, or anyone when it was created anonymously.</summary>
    public static bool MayAccess(McpTaskRecord task, string? caller) =>
        task.CreatedBy is null || string.Equals(task.CreatedBy, caller, StringComparison.Ordinal);
}
