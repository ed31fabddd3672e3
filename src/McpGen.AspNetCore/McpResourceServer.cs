using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using McpGen.Internal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpGen.AspNetCore;

/// <summary>
/// The OAuth resource-server side of the endpoints (<see cref="McpAuthorizationOptions"/>): authenticates each POST,
/// checks the audience, writes the challenges and serves the Protected Resource Metadata.
/// </summary>
internal sealed class McpResourceServer
{
    /// <summary>RFC 9728's well-known prefix.</summary>
    public const string MetadataPrefix = "/.well-known/oauth-protected-resource";

    private readonly McpAuthorizationOptions _options;
    private readonly string _resource;

    /// <summary>The resource as configured; differs from the advertised <see cref="_resource"/> only by a trailing slash (<c>https://mcp.example.com/</c>).</summary>
    private readonly string _configuredResource;

    public McpResourceServer(IOptions<McpAuthorizationOptions> options)
    {
        _options = options.Value;
        if (_options.Resource is not { IsAbsoluteUri: true } resource || resource.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(resource.Fragment))
        {
            throw new InvalidOperationException(
                "McpAuthorizationOptions.Resource must be the absolute http(s) URI of the MCP endpoint without a fragment, e.g. https://mcp.example.com/mcp.");
        }

        if (_options.AuthorizationServers.Count == 0)
        {
            throw new InvalidOperationException("McpAuthorizationOptions.AuthorizationServers must name at least one authorization server (its issuer URL).");
        }

        _configuredResource = resource.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path | UriComponents.Query, UriFormat.UriEscaped);
        _resource = Canonical(_configuredResource);
        string path = resource.AbsolutePath.TrimEnd('/');
        MetadataPath = MetadataPrefix + path;
        MetadataUrl = resource.GetLeftPart(UriPartial.Authority) + MetadataPath;
    }

    /// <summary>The challenge's description for every token the authentication handler refused, whatever the reason.</summary>
    internal const string InvalidTokenDescription = "The access token is invalid or has expired: obtain a new one from the authorization server.";

    /// <summary>Where the metadata is served on this host: the well-known prefix followed by the resource's path.</summary>
    public string MetadataPath { get; }

    /// <summary>The absolute metadata URL that challenges point to.</summary>
    public string MetadataUrl { get; }

    /// <summary>
    /// Fails the start when no authentication scheme would validate the tokens: none registered, a configured
    /// <see cref="McpAuthorizationOptions.AuthenticationScheme"/> that does not exist, or several schemes and no default.
    /// Otherwise the mistake would surface as a 500 on the first request.
    /// </summary>
    public void CheckAuthenticationSetup(IServiceProvider services)
    {
        const string Add = "add one, e.g. builder.Services.AddAuthentication().AddJwtBearer(…)";
        if (services.GetService(typeof(IAuthenticationSchemeProvider)) is null
            || services.GetService(typeof(IOptions<AuthenticationOptions>)) is not IOptions<AuthenticationOptions> { Value: var authentication })
        {
            throw new InvalidOperationException($"AddMcpAuthorization validates tokens with an ASP.NET Core authentication scheme, and none is registered: {Add}.");
        }

        var names = authentication.Schemes.Select(s => s.Name).ToList();
        if (_options.AuthenticationScheme is { } configured)
        {
            if (!names.Contains(configured, StringComparer.Ordinal))
            {
                throw new InvalidOperationException(
                    $"McpAuthorizationOptions.AuthenticationScheme is '{configured}', but no such authentication scheme is registered ({Registered(names)}).");
            }
        }
        else if (names.Count == 0)
        {
            throw new InvalidOperationException($"AddMcpAuthorization validates tokens with an ASP.NET Core authentication scheme, and none is registered: {Add}.");
        }
        else if (names.Count > 1 && (authentication.DefaultAuthenticateScheme ?? authentication.DefaultScheme) is null)
        {
            throw new InvalidOperationException(
                $"Several authentication schemes are registered ({Registered(names)}) and none is the default: set McpAuthorizationOptions.AuthenticationScheme to the one that validates MCP bearer tokens.");
        }

        static string Registered(List<string> names) => "registered: " + (names.Count == 0 ? "none" : string.Join(", ", names));
    }

    /// <summary>
    /// Authenticates the request and checks its audience; on failure writes the 401 challenge and returns false.
    /// Anonymous requests pass when authentication is optional (scoped primitives then stay hidden from them).
    /// </summary>
    public async Task<bool> AuthenticateAsync(HttpContext context, ILogger logger)
    {
        var result = await context.AuthenticateAsync(_options.AuthenticationScheme).ConfigureAwait(false);
        if (result.Succeeded)
        {
            context.User = result.Principal;
        }

        if (context.User.Identity?.IsAuthenticated != true)
        {
            if (result.Failure is { } failure)
            {
                // The handler's message is for the operator, not the client: it spans lines and may quote the token's
                // claims (a newline or non-ASCII character in WWW-Authenticate makes Kestrel fail the response with 500),
                // and it tells an attacker which check failed. The client only needs to know to get a new token.
                McpHttpLog.TokenRejected(logger, failure.GetType().Name, FirstLine(failure.Message));
                await ChallengeAsync(context, StatusCodes.Status401Unauthorized, "invalid_token", InvalidTokenDescription, scopes: null).ConfigureAwait(false);
                return false;
            }

            if (_options.RequireAuthentication)
            {
                await ChallengeAsync(context, StatusCodes.Status401Unauthorized, null, "This MCP server requires an access token: discover its authorization server at " + MetadataUrl + ".", scopes: null).ConfigureAwait(false);
                return false;
            }

            return true;
        }

        if (_options.ValidateAudience && !HasAudience(context.User))
        {
            await ChallengeAsync(context, StatusCodes.Status401Unauthorized, "invalid_token",
                $"The access token was not issued for this resource: its audience (aud) must include {_resource}.", scopes: null).ConfigureAwait(false);
            return false;
        }

        return true;
    }

    /// <summary>
    /// The challenge for a call the caller's token does not cover: 403 <c>insufficient_scope</c> naming the scopes
    /// (RFC 6750 §3.1), or 401 when the caller sent no token at all.
    /// </summary>
    public static void SetScopeChallenge(HttpContext context, McpResourceServer? server, IReadOnlyList<string> scopes)
    {
        bool anonymous = context.User.Identity?.IsAuthenticated != true;
        context.Response.StatusCode = anonymous ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
        context.Response.Headers.WWWAuthenticate = Challenge(anonymous ? null : "insufficient_scope", null, scopes, server?.MetadataUrl);
    }

    /// <summary>The Protected Resource Metadata (RFC 9728 §2) of the servers mapped under this resource.</summary>
    public byte[] Metadata(IReadOnlyList<McpServerDefinition> definitions)
    {
        var scopes = new List<string>(_options.ScopesSupported);
        foreach (var definition in definitions)
        {
            foreach (string scope in definition.RequiredScopes)
            {
                if (!scopes.Contains(scope))
                {
                    scopes.Add(scope);
                }
            }
        }

        using var buffer = new PooledBufferWriter(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("resource", _resource);
            w.WriteStartArray("authorization_servers");
            foreach (var server in _options.AuthorizationServers)
            {
                w.WriteStringValue(Canonical(server.AbsoluteUri));
            }

            w.WriteEndArray();
            if (scopes.Count > 0)
            {
                w.WriteStartArray("scopes_supported");
                foreach (string scope in scopes)
                {
                    w.WriteStringValue(scope);
                }

                w.WriteEndArray();
            }

            w.WriteStartArray("bearer_methods_supported");
            w.WriteStringValue("header");
            w.WriteEndArray();
            w.WriteString("resource_name", _options.ResourceName ?? definitions[0].Info.Title ?? definitions[0].Info.Name);
            if (_options.ResourceDocumentation is { } documentation)
            {
                w.WriteString("resource_documentation", documentation.AbsoluteUri);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private bool HasAudience(ClaimsPrincipal user)
    {
        foreach (var claim in user.FindAll("aud"))
        {
            // Exact, as RFC 8707 and the MCP authorization spec compare resource indicators: a token for
            // https://mcp.example.com/MCP or …/mcp/// was issued for another string, whatever a URI parser makes of it.
            if (string.Equals(claim.Value, _resource, StringComparison.Ordinal) || string.Equals(claim.Value, _configuredResource, StringComparison.Ordinal))
            {
                return true;
            }

            foreach (string audience in _options.Audiences)
            {
                if (string.Equals(claim.Value, audience, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private Task ChallengeAsync(HttpContext context, int status, string? error, string description, IReadOnlyList<string>? scopes)
    {
        context.Response.Headers.WWWAuthenticate = Challenge(error, error is null ? null : description, scopes, MetadataUrl);
        return McpHttpEndpoint.WriteErrorAsync(context, status, McpProtocol.ErrorCodes.InvalidRequest, description);
    }

    /// <summary>A <c>Bearer</c> challenge (RFC 6750 §3) with RFC 9728's <c>resource_metadata</c>.</summary>
    private static string Challenge(string? error, string? description, IReadOnlyList<string>? scopes, string? metadataUrl)
    {
        var parameters = new List<string>(4);
        static string Quoted(string name, string value) =>
            name + "=\"" + HeaderSafe(value).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

        if (error is not null)
        {
            parameters.Add(Quoted("error", error));
        }

        if (description is not null)
        {
            parameters.Add(Quoted("error_description", description));
        }

        if (scopes is { Count: > 0 })
        {
            parameters.Add(Quoted("scope", string.Join(' ', scopes)));
        }

        if (metadataUrl is not null)
        {
            parameters.Add(Quoted("resource_metadata", metadataUrl));
        }

        return parameters.Count == 0 ? "Bearer" : "Bearer " + string.Join(", ", parameters);
    }

    /// <summary>The advertised resource has no trailing slash (the MCP authorization spec's canonical form).</summary>
    private static string Canonical(string uri) => uri.TrimEnd('/');

    /// <summary>
    /// Keeps a challenge parameter within printable ASCII: Kestrel refuses to send any other character in a header
    /// and fails the whole response with 500, which would leave the client without a challenge.
    /// </summary>
    private static string HeaderSafe(string value)
    {
        int bad = value.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        if (bad < 0)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            sb.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return sb.ToString();
    }

    /// <summary>The first line of a message, for a one-line log entry.</summary>
    private static string FirstLine(string message)
    {
        int end = message.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? message : message[..end];
    }
}
