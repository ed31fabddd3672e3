using System;

namespace McpGen;

/// <summary>
/// Requires OAuth scopes of the caller for a tool, prompt or resource (on a method), or for every primitive of a class
/// (on the class). A caller without all of them does not see the primitive in list results, and calling, getting or
/// reading it is answered with HTTP 403 and <c>WWW-Authenticate: Bearer error="insufficient_scope"</c> naming the
/// scopes, so the client can ask the user for more (step-up authorization). Several attributes add up: every scope of
/// every attribute is required.
/// </summary>
/// <remarks>
/// <para>
/// Scopes are read from the caller's <c>scope</c> or <c>scp</c> claims (space-separated, as OAuth access tokens carry
/// them). They are enforced on transports that authenticate callers (Streamable HTTP); a stdio server was started by
/// its client and trusts it, so there they change nothing. The scopes the code uses become <c>scopes_supported</c> of
/// the server's Protected Resource Metadata (see <c>AddMcpAuthorization</c> in McpGen.AspNetCore).
/// </para>
/// <para>List results narrowed for a caller are marked <c>cacheScope: private</c>, so shared caches never hand one
/// caller's list to another.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class McpScopeAttribute : Attribute
{
    /// <summary>Requires every scope in <paramref name="scopes"/>.</summary>
    /// <param name="scopes">OAuth scope names, e.g. <c>files:write</c>.</param>
    public McpScopeAttribute(params string[] scopes) => Scopes = scopes ?? [];

    /// <summary>The scopes required.</summary>
    public string[] Scopes { get; }
}
