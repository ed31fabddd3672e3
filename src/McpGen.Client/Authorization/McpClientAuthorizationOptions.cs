using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen.Client.Authorization;

/// <summary>How the client obtains its access token.</summary>
public enum McpAuthorizationGrant
{
    /// <summary>Authorization code with PKCE: a user signs in through <see cref="McpClientAuthorizationOptions.RedirectHandler"/>.</summary>
    AuthorizationCode,

    /// <summary>Client credentials: the client acts as itself, authenticated by a secret or a signed assertion (private_key_jwt).</summary>
    ClientCredentials,

    /// <summary>JWT bearer (RFC 7523) with a workload identity token (workload identity federation): <see cref="McpClientAuthorizationOptions.WorkloadIdentityToken"/>.</summary>
    WorkloadIdentity,

    /// <summary>Enterprise-managed authorization (the SSO extension): the user's ID token is exchanged at the enterprise
    /// identity provider for an identity assertion grant (ID-JAG), which the MCP server's authorization server takes as a JWT bearer grant.</summary>
    EnterpriseManaged,

    /// <summary>
    /// Token exchange (RFC 8693) on behalf of another caller: the caller's access token (the subject token) is exchanged
    /// at the MCP server's authorization server for a token to this server. In a task's run the subject is, by default,
    /// the token of the caller who created the task (<see cref="McpTaskRunContext.CallerAccessToken"/>); see
    /// <see cref="McpClientAuthorizationOptions.SubjectToken"/>. Tokens are kept per subject.
    /// </summary>
    TokenExchange,
}

/// <summary>
/// How <see cref="McpAuthorizationHandler"/> authorizes requests to MCP servers, as the MCP authorization specification
/// describes for clients: discovery from the <c>WWW-Authenticate</c> challenge (RFC 9728, RFC 8414, OpenID discovery),
/// client identification (pre-registration, client ID metadata documents, dynamic registration), the grant, and tokens.
/// </summary>
public sealed class McpClientAuthorizationOptions
{
    /// <summary>The grant the client uses. Default <see cref="McpAuthorizationGrant.AuthorizationCode"/>.</summary>
    public McpAuthorizationGrant Grant { get; set; } = McpAuthorizationGrant.AuthorizationCode;

    /// <summary>A pre-registered client id; when set, the client neither registers nor uses a metadata document.</summary>
    public string? ClientId { get; set; }

    /// <summary>The pre-registered client's secret, sent as <c>client_secret_basic</c> or <c>client_secret_post</c> (whichever the authorization server supports).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The HTTPS URL of this client's metadata document (a client ID metadata document), used as the client id by
    /// authorization servers that advertise <c>client_id_metadata_document_supported</c>.</summary>
    public Uri? ClientMetadataDocumentUri { get; set; }

    /// <summary>The <c>client_name</c> sent in dynamic client registration. Default <c>McpGen client</c>.</summary>
    public string ClientName { get; set; } = "McpGen client";

    /// <summary>Where the authorization server sends the user back to (registered with the client). Default <c>http://127.0.0.1:8976/callback</c>.</summary>
    public Uri RedirectUri { get; set; } = new("http://127.0.0.1:8976/callback");

    /// <summary>The user-facing step of the authorization code grant: shows the authorization page and returns where it redirected to.</summary>
    public IMcpAuthorizationRedirectHandler? RedirectHandler { get; set; }

    /// <summary>Scopes to ask for instead of those the server's challenge or metadata suggest; <see langword="null"/> (the default) selects them as the specification says.</summary>
    public IList<string>? Scopes { get; set; }

    /// <summary>Whether to ask for a refresh token (the <c>offline_access</c> scope, when the authorization server lists it, and the
    /// <c>refresh_token</c> grant type in registration). Default <see langword="true"/>.</summary>
    public bool RequestRefreshToken { get; set; } = true;

    /// <summary>The key that signs the client's <c>private_key_jwt</c> assertion (RFC 7523) for the token endpoint; an <see cref="ECDsa"/> or <see cref="RSA"/> key.</summary>
    public AsymmetricAlgorithm? ClientAssertionKey { get; set; }

    /// <summary>The JWS algorithm of <see cref="ClientAssertionKey"/>: <c>ES256</c> (default), <c>ES384</c>, <c>ES512</c>, <c>RS256</c>, <c>RS384</c>, <c>RS512</c>, <c>PS256</c>.</summary>
    public string ClientAssertionAlgorithm { get; set; } = "ES256";

    /// <summary>The <c>kid</c> of <see cref="ClientAssertionKey"/>, if the authorization server needs one.</summary>
    public string? ClientAssertionKeyId { get; set; }

    /// <summary>Provides the workload identity token (a JWT from the platform) for <see cref="McpAuthorizationGrant.WorkloadIdentity"/>.</summary>
    public Func<CancellationToken, ValueTask<string>>? WorkloadIdentityToken { get; set; }

    /// <summary>
    /// For <see cref="McpAuthorizationGrant.TokenExchange"/>: the access token to exchange (the caller on whose behalf the
    /// request is made), or <see langword="null"/> for none. When unset, the token the current task's caller presented
    /// (<see cref="McpTaskRunContext.CallerAccessToken"/>, kept with <see cref="McpTaskOptions.KeepCallerToken"/>).
    /// </summary>
    public Func<CancellationToken, ValueTask<string?>>? SubjectToken { get; set; }

    /// <summary>The enterprise identity provider for <see cref="McpAuthorizationGrant.EnterpriseManaged"/>.</summary>
    public McpEnterpriseAuthorizationOptions? EnterpriseAuthorization { get; set; }

    /// <summary>A P-256 key that binds tokens to this client with DPoP (RFC 9449); <see langword="null"/> (the default) uses bearer tokens.</summary>
    public ECDsa? DPoPKey { get; set; }

    /// <summary>How many times one request may be authorized again after <c>401</c> or <c>403 insufficient_scope</c> before the
    /// server's answer is returned as it is. Default 3.</summary>
    public int MaxAuthorizationAttempts { get; set; } = 3;

    /// <summary>Where tokens are kept; share one store between instances (e.g. backed by a distributed cache) to share tokens.
    /// Default: an <see cref="InMemoryMcpTokenStore"/>.</summary>
    public IMcpTokenStore TokenStore { get; set; } = new InMemoryMcpTokenStore();

    /// <summary>Sends the requests to metadata, registration and token endpoints; default: a client of its own.</summary>
    public HttpClient? BackchannelHttpClient { get; set; }

    /// <summary>The clock for token expiry and assertion times. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The client's identity at each authorization server (by issuer), shared by the handlers of these options.</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<string, ClientIdentity> ClientRegistrations { get; } = new(StringComparer.Ordinal);
}

/// <summary>How the client is known to one authorization server.</summary>
internal sealed record ClientIdentity(string ClientId, string? ClientSecret, string AuthMethod);

/// <summary>The enterprise identity provider of enterprise-managed authorization (the identity assertion authorization grant).</summary>
public sealed class McpEnterpriseAuthorizationOptions
{
    /// <summary>The identity provider's token endpoint, where the ID token is exchanged for an ID-JAG (RFC 8693).</summary>
    public required Uri TokenEndpoint { get; set; }

    /// <summary>Provides the signed-in user's ID token from the identity provider.</summary>
    public required Func<CancellationToken, ValueTask<string>> IdToken { get; set; }

    /// <summary>This client's id at the identity provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>This client's secret at the identity provider.</summary>
    public string? ClientSecret { get; set; }
}

/// <summary>The user-facing step of the authorization code grant: the application opens the authorization page (a browser,
/// a web view) and receives the redirect back.</summary>
public interface IMcpAuthorizationRedirectHandler
{
    /// <summary>Shows <paramref name="authorizationUri"/> to the user and waits for the authorization server to redirect to <paramref name="redirectUri"/>.</summary>
    /// <param name="authorizationUri">The authorization request.</param>
    /// <param name="redirectUri">Where the authorization server sends the user back to.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The whole URI the authorization server redirected to, with its <c>code</c>, <c>state</c> and <c>iss</c> (or <c>error</c>) parameters.</returns>
    ValueTask<Uri> AuthorizeAsync(Uri authorizationUri, Uri redirectUri, CancellationToken cancellationToken);
}

/// <summary>Authorization failed: discovery, registration, the user's consent or a token request.</summary>
public sealed class McpAuthorizationException : McpClientException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    public McpAuthorizationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public McpAuthorizationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
