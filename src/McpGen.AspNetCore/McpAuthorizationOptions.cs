using System;
using System.Collections.Generic;

namespace McpGen.AspNetCore;

/// <summary>
/// Makes McpGen's Streamable HTTP endpoints an OAuth 2.0 protected resource, as the MCP authorization specification
/// requires: Protected Resource Metadata (RFC 9728), bearer tokens validated by an ASP.NET Core authentication scheme
/// (typically JWT bearer), 401 challenges that point clients at the metadata, audience checks, and 403
/// <c>insufficient_scope</c> for primitives marked <see cref="McpScopeAttribute"/>. Register with
/// <c>builder.Services.AddMcpAuthorization(o =&gt; …)</c>.
/// </summary>
public sealed class McpAuthorizationOptions
{
    /// <summary>
    /// The canonical URI of the MCP endpoint, e.g. <c>https://mcp.example.com/mcp</c>: the <c>resource</c> of the
    /// metadata, the audience tokens must be issued for, and where the metadata is served
    /// (<c>/.well-known/oauth-protected-resource/mcp</c>). Required: deriving it from the request's Host header would
    /// let a caller choose the audience that is checked.
    /// </summary>
    public Uri? Resource { get; set; }

    /// <summary>The authorization servers that issue tokens for this resource (their issuer URLs); at least one.</summary>
    public IList<Uri> AuthorizationServers { get; } = new List<Uri>();

    /// <summary>
    /// Scopes to advertise in <c>scopes_supported</c> besides the ones the code requires with <see cref="McpScopeAttribute"/>
    /// (which are always listed), e.g. a base scope every caller needs.
    /// </summary>
    public IList<string> ScopesSupported { get; } = new List<string>();

    /// <summary>The authentication scheme that validates bearer tokens; <see langword="null"/> for the default scheme.</summary>
    public string? AuthenticationScheme { get; set; }

    /// <summary>
    /// Whether every MCP request needs a valid token (default <see langword="true"/>). When <see langword="false"/>,
    /// anonymous callers are served too and see only primitives without <see cref="McpScopeAttribute"/>; calling a
    /// scoped one answers 401 with the challenge.
    /// </summary>
    public bool RequireAuthentication { get; set; } = true;

    /// <summary>
    /// Whether tokens must name <see cref="Resource"/> (or one of <see cref="Audiences"/>) in their <c>aud</c> claim
    /// (default <see langword="true"/>). This holds even when the authentication handler was configured without an
    /// audience, so a token issued for another service is never accepted. The comparison is exact (ordinal), as RFC 8707
    /// compares resource indicators: <see cref="Resource"/> as the metadata advertises it, without a trailing slash.
    /// </summary>
    public bool ValidateAudience { get; set; } = true;

    /// <summary>Further audiences accepted besides <see cref="Resource"/> (e.g. an Entra ID application id URI).</summary>
    public IList<string> Audiences { get; } = new List<string>();

    /// <summary>A human-readable name for the metadata's <c>resource_name</c>; defaults to the server's title or name.</summary>
    public string? ResourceName { get; set; }

    /// <summary>A page documenting the server, for the metadata's <c>resource_documentation</c>.</summary>
    public Uri? ResourceDocumentation { get; set; }
}
