using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Duende.IdentityModel.Client;

namespace McpGen.Client.Authorization;

/// <summary>
/// Authorizes requests to MCP servers as the MCP authorization specification describes for clients. It adds the stored
/// access token to each request; on <c>401</c> it reads the <c>WWW-Authenticate</c> challenge, discovers the protected
/// resource metadata and the authorization server, identifies the client (pre-registered, client ID metadata document or
/// dynamic registration), obtains a token with the configured grant (bound to the server with the RFC 8707 <c>resource</c>
/// parameter) and sends the request again; on <c>403 insufficient_scope</c> it asks for the union of the scopes (step-up),
/// up to <see cref="McpClientAuthorizationOptions.MaxAuthorizationAttempts"/> times. Use it as the primary handler's
/// wrapper of the <see cref="HttpClient"/> given to <see cref="McpClient.Create(HttpClient, Uri, McpClientOptions?)"/>,
/// or with <c>IHttpClientFactory</c> (<c>AddHttpMessageHandler</c>).
/// </summary>
public sealed class McpAuthorizationHandler : DelegatingHandler
{
    private readonly McpClientAuthorizationOptions _options;
    private readonly HttpClient _backchannel;
    private readonly bool _ownsBackchannel;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DPoPProofs? _dpop;

    /// <summary>Creates the handler; set <see cref="DelegatingHandler.InnerHandler"/> unless <c>IHttpClientFactory</c> does.</summary>
    /// <param name="options">How to authorize.</param>
    public McpAuthorizationHandler(McpClientAuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _ownsBackchannel = options.BackchannelHttpClient is null;
        _backchannel = options.BackchannelHttpClient ?? new HttpClient();
        _dpop = options.DPoPKey is { } key ? new DPoPProofs(key, options.TimeProvider) : null;
    }

    /// <summary>Creates the handler over <paramref name="innerHandler"/>.</summary>
    /// <param name="options">How to authorize.</param>
    /// <param name="innerHandler">Sends the authorized requests.</param>
    public McpAuthorizationHandler(McpClientAuthorizationOptions options, HttpMessageHandler innerHandler)
        : this(options)
    {
        InnerHandler = innerHandler;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request.RequestUri);
        string resourceKey = request.RequestUri.GetLeftPart(UriPartial.Path);
        string? subjectToken = null;
        if (_options.Grant == McpAuthorizationGrant.TokenExchange)
        {
            // On behalf of someone: tokens are theirs, so they are kept per subject.
            subjectToken = await SubjectTokenAsync(cancellationToken).ConfigureAwait(false);
            resourceKey += "#subject=" + SubjectDigest(subjectToken);
        }

        var tokens = await _options.TokenStore.GetAsync(resourceKey, cancellationToken).ConfigureAwait(false);
        if (tokens is not null && tokens.ExpiresAt is { } expires && expires <= _options.TimeProvider.GetUtcNow().AddSeconds(30) && tokens.RefreshToken is not null)
        {
            tokens = await RefreshAsync(resourceKey, tokens, cancellationToken).ConfigureAwait(false);
        }

        var response = await SendWithTokenAsync(request, tokens, cancellationToken).ConfigureAwait(false);
        for (int attempt = 0; attempt < _options.MaxAuthorizationAttempts; attempt++)
        {
            bool unauthorized = response.StatusCode == HttpStatusCode.Unauthorized;
            var challenge = AuthChallenge.Read(response);
            bool insufficientScope = response.StatusCode == HttpStatusCode.Forbidden && challenge?.Error == "insufficient_scope";
            if (!unauthorized && !insufficientScope)
            {
                return response;
            }

            if (unauthorized && challenge?.Error == "use_dpop_nonce" && _dpop is not null && _dpop.Remember(request.RequestUri, response.Headers))
            {
                response.Dispose();
                response = await SendWithTokenAsync(request, tokens, cancellationToken).ConfigureAwait(false);
                continue;
            }

            response.Dispose();
            tokens = await AuthorizeAsync(request.RequestUri, resourceKey, challenge, tokens, insufficientScope, subjectToken, cancellationToken).ConfigureAwait(false);
            response = await SendWithTokenAsync(request, tokens, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
            if (_ownsBackchannel)
            {
                _backchannel.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private async Task<HttpResponseMessage> SendWithTokenAsync(HttpRequestMessage request, McpTokenSet? tokens, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = null;
        request.Headers.Remove("DPoP");
        if (tokens is not null)
        {
            if (_dpop is not null && tokens.TokenType.Equals("DPoP", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("DPoP", tokens.AccessToken);
                request.Headers.TryAddWithoutValidation("DPoP", _dpop.Create(request.Method, request.RequestUri!, tokens.AccessToken));
            }
            else
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
            }
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        _dpop?.Remember(request.RequestUri!, response.Headers);
        return response;
    }

    private async Task<string> SubjectTokenAsync(CancellationToken cancellationToken)
    {
        string? subject = _options.SubjectToken is { } supplied
            ? await supplied(cancellationToken).ConfigureAwait(false)
            : McpTaskRunContext.Current?.CallerAccessToken;
        return subject is { Length: > 0 }
            ? subject
            : throw new McpAuthorizationException(McpTaskRunContext.Current is { } run
                ? $"The token-exchange grant has no subject token: task {run.TaskId} keeps no caller token (set McpTaskOptions.KeepCallerToken on the server, and call it with a bearer token) and McpClientAuthorizationOptions.SubjectToken is not set."
                : "The token-exchange grant has no subject token: set McpClientAuthorizationOptions.SubjectToken, or call from the run of a task that keeps its caller's token.");
    }

    private static string SubjectDigest(string subjectToken)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(subjectToken), hash);
        return Convert.ToHexString(hash[..16]);
    }

    private async Task<McpTokenSet> AuthorizeAsync(Uri endpoint, string resourceKey, AuthChallenge? challenge, McpTokenSet? refused, bool insufficientScope, string? subjectToken, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another request may have authorized while this one waited: its token is the one to try.
            var current = await _options.TokenStore.GetAsync(resourceKey, cancellationToken).ConfigureAwait(false);
            if (current is not null && current.AccessToken != refused?.AccessToken)
            {
                return current;
            }

            var stepUpFrom = insufficientScope ? refused : null;
            var resource = await DiscoverResourceAsync(endpoint, challenge, cancellationToken).ConfigureAwait(false);
            string issuer = resource.AuthorizationServers.Count > 0 ? resource.AuthorizationServers[0] : endpoint.GetLeftPart(UriPartial.Authority);
            var server = await DiscoverServerAsync(issuer, cancellationToken).ConfigureAwait(false);
            string resourceId = resource.Resource ?? endpoint.GetLeftPart(UriPartial.Path);

            // Scopes: the application's, else the challenge's, else what the resource supports; none when nothing says.
            var scopes = new List<string>();
            if (_options.Scopes is { } configured)
            {
                scopes.AddRange(configured);
            }
            else if (challenge?.Scope is { Length: > 0 } challenged)
            {
                scopes.AddRange(challenged.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else if (resource.ScopesSupported is { Count: > 0 } supported)
            {
                scopes.AddRange(supported);
            }

            if (stepUpFrom is not null)
            {
                scopes = [.. stepUpFrom.Scopes.Union(scopes, StringComparer.Ordinal)];
            }

            if (_options.Grant == McpAuthorizationGrant.AuthorizationCode && _options.RequestRefreshToken
                && server.ScopesSupported?.Contains("offline_access") == true && !scopes.Contains("offline_access"))
            {
                scopes.Add("offline_access");
            }

            var client = await GetClientAsync(server, cancellationToken).ConfigureAwait(false);
            var tokens = _options.Grant switch
            {
                McpAuthorizationGrant.AuthorizationCode => await AuthorizationCodeAsync(server, client, resourceId, scopes, cancellationToken).ConfigureAwait(false),
                McpAuthorizationGrant.ClientCredentials => await RequestTokenAsync(server, client, resourceId, scopes, static () => new ClientCredentialsTokenRequest(), cancellationToken).ConfigureAwait(false),
                McpAuthorizationGrant.WorkloadIdentity => await JwtBearerAsync(server, client, resourceId, scopes, await (_options.WorkloadIdentityToken ?? throw new McpAuthorizationException("McpClientAuthorizationOptions.WorkloadIdentityToken is required for the WorkloadIdentity grant."))(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false),
                McpAuthorizationGrant.EnterpriseManaged => await JwtBearerAsync(server, client, resourceId, scopes, await IdentityAssertionAsync(server, resourceId, scopes, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false),
                McpAuthorizationGrant.TokenExchange => await RequestTokenAsync(server, client, resourceId, scopes, () =>
                {
                    var exchange = new TokenRequest { GrantType = "urn:ietf:params:oauth:grant-type:token-exchange" };
                    exchange.Parameters.Add("subject_token", subjectToken!);
                    exchange.Parameters.Add("subject_token_type", "urn:ietf:params:oauth:token-type:access_token");
                    exchange.Parameters.Add("requested_token_type", "urn:ietf:params:oauth:token-type:access_token");
                    return exchange;
                }, cancellationToken).ConfigureAwait(false),
                _ => throw new McpAuthorizationException($"Unknown grant {_options.Grant}."),
            };
            await _options.TokenStore.SetAsync(resourceKey, tokens, cancellationToken).ConfigureAwait(false);
            return tokens;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ProtectedResourceMetadata> DiscoverResourceAsync(Uri endpoint, AuthChallenge? challenge, CancellationToken cancellationToken)
    {
        var candidates = new List<Uri>();
        if (challenge?.ResourceMetadata is { } fromChallenge)
        {
            candidates.Add(fromChallenge);
        }

        string origin = endpoint.GetLeftPart(UriPartial.Authority);
        string path = endpoint.AbsolutePath.TrimEnd('/');
        if (path.Length > 0)
        {
            candidates.Add(new Uri(origin + "/.well-known/oauth-protected-resource" + path));
        }

        candidates.Add(new Uri(origin + "/.well-known/oauth-protected-resource"));
        foreach (var uri in candidates)
        {
            using var document = await GetJsonAsync(uri, cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                continue;
            }

            var metadata = AuthorizationMetadataReader.ReadResource(document.RootElement);
            if (metadata.Resource is { } resource && !ResourceMatches(resource, endpoint))
            {
                throw new McpAuthorizationException($"The protected resource metadata at {uri} is for '{resource}', not for {endpoint}: refusing to authorize.");
            }

            return metadata;
        }

        // No metadata (a server older than RFC 9728 support): the server's origin is its own authorization server.
        return new ProtectedResourceMetadata(null, [origin], null);
    }

    /// <summary>RFC 9728 §3.3 / RFC 8707: the metadata must describe the server asked, i.e. its origin and a prefix of its path.</summary>
    internal static bool ResourceMatches(string resource, Uri endpoint)
    {
        if (!Uri.TryCreate(resource, UriKind.Absolute, out var uri))
        {
            return false;
        }

        if (!string.Equals(uri.GetLeftPart(UriPartial.Authority), endpoint.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string prefix = uri.AbsolutePath.TrimEnd('/');
        string path = endpoint.AbsolutePath.TrimEnd('/');
        return path.Equals(prefix, StringComparison.Ordinal) || path.StartsWith(prefix + "/", StringComparison.Ordinal);
    }

    private async Task<AuthorizationServerMetadata> DiscoverServerAsync(string issuer, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUri))
        {
            throw new McpAuthorizationException($"The authorization server '{issuer}' is not an absolute URL.");
        }

        string origin = issuerUri.GetLeftPart(UriPartial.Authority);
        string path = issuerUri.AbsolutePath.TrimEnd('/');
        Uri[] candidates = path.Length > 0
            ? [new(origin + "/.well-known/oauth-authorization-server" + path), new(origin + "/.well-known/openid-configuration" + path), new(origin + path + "/.well-known/openid-configuration")]
            : [new(origin + "/.well-known/oauth-authorization-server"), new(origin + "/.well-known/openid-configuration")];
        foreach (var uri in candidates)
        {
            using var document = await GetJsonAsync(uri, cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                continue;
            }

            var metadata = AuthorizationMetadataReader.ReadServer(document.RootElement, issuer);
            if (!string.Equals(metadata.Issuer.TrimEnd('/'), issuer.TrimEnd('/'), StringComparison.Ordinal))
            {
                throw new McpAuthorizationException($"The authorization server metadata at {uri} names issuer '{metadata.Issuer}', not '{issuer}' (RFC 8414 §3.3): refusing to use it.");
            }

            return metadata;
        }

        // No metadata (2025-03-26 servers): the default endpoints under the issuer.
        return new AuthorizationServerMetadata(issuer, origin + "/authorize", origin + "/token", origin + "/register", null, null, null, false, false, null);
    }

    private async Task<JsonDocument?> GetJsonAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", McpProtocol.LatestVersion);
        using var response = await _backchannel.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var document = await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }


    private async Task<ClientIdentity> GetClientAsync(AuthorizationServerMetadata server, CancellationToken cancellationToken)
    {
        // Per authorization server issuer: a new server gets a new registration, never another server's credentials.
        if (_options.ClientRegistrations.TryGetValue(server.Issuer, out var known))
        {
            return known;
        }

        ClientIdentity client;
        if (_options.ClientId is { } clientId)
        {
            string method = _options.ClientAssertionKey is not null ? "private_key_jwt"
                : _options.ClientSecret is null ? "none"
                : server.TokenEndpointAuthMethods?.Contains("client_secret_basic") != false ? "client_secret_basic"
                : server.TokenEndpointAuthMethods.Contains("client_secret_post") ? "client_secret_post"
                : "client_secret_basic";
            client = new ClientIdentity(clientId, _options.ClientSecret, method);
        }
        else if (server.ClientIdMetadataDocumentSupported && _options.ClientMetadataDocumentUri is { } document)
        {
            client = new ClientIdentity(document.AbsoluteUri, null, "none");
        }
        else if (server.RegistrationEndpoint is { } registration)
        {
            client = await RegisterAsync(server, registration, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new McpAuthorizationException($"The authorization server {server.Issuer} supports neither client ID metadata documents nor dynamic registration; set McpClientAuthorizationOptions.ClientId to a pre-registered client.");
        }

        _options.ClientRegistrations[server.Issuer] = client;
        return client;
    }

    private async Task<ClientIdentity> RegisterAsync(AuthorizationServerMetadata server, string endpoint, CancellationToken cancellationToken)
    {
        string method = server.TokenEndpointAuthMethods?.FirstOrDefault(m => m is "none" or "client_secret_basic" or "client_secret_post") ?? "client_secret_basic";
        var document = new DynamicClientRegistrationDocument
        {
            ClientName = _options.ClientName,

            // SEP-837: a loopback redirect is a native application's; anything else a web application's.
            ApplicationType = _options.RedirectUri.IsLoopback ? "native" : "web",
        };
        document.RedirectUris.Add(_options.RedirectUri);
        document.ResponseTypes.Add("code");
        document.GrantTypes.Add("authorization_code");
        if (_options.RequestRefreshToken)
        {
            document.GrantTypes.Add("refresh_token");
        }

        document.Extensions = new Dictionary<string, JsonElement>
        {
            ["token_endpoint_auth_method"] = JsonDocument.Parse("\"" + method + "\"").RootElement.Clone(),
        };
        var response = await _backchannel.RegisterClientAsync(new DynamicClientRegistrationRequest { Address = endpoint, Document = document }, cancellationToken).ConfigureAwait(false);
        if (response.IsError || response.ClientId is null)
        {
            throw new McpAuthorizationException($"Dynamic client registration at {endpoint} failed: {response.Error} {response.ErrorDescription}".TrimEnd());
        }

        string registered = response.Json is { } json && AuthorizationMetadataReader.GetString(json, "token_endpoint_auth_method") is { } m ? m
            : response.ClientSecret is null ? "none" : method == "none" ? "client_secret_basic" : method;
        return new ClientIdentity(response.ClientId, response.ClientSecret, registered);
    }

    private async Task<McpTokenSet> AuthorizationCodeAsync(AuthorizationServerMetadata server, ClientIdentity client, string resource, List<string> scopes, CancellationToken cancellationToken)
    {
        var redirectHandler = _options.RedirectHandler
            ?? throw new McpAuthorizationException("The MCP server requires authorization: set McpClientAuthorizationOptions.RedirectHandler (the user-facing step) or another grant.");
        if (server.AuthorizationEndpoint is not { } authorizationEndpoint)
        {
            throw new McpAuthorizationException($"The authorization server {server.Issuer} has no authorization_endpoint.");
        }

        string verifier = Duende.IdentityModel.CryptoRandom.CreateUniqueId(64, Duende.IdentityModel.CryptoRandom.OutputFormat.Base64Url);
        string challenge = Base64UrlSha256(verifier);
        string state = Duende.IdentityModel.CryptoRandom.CreateUniqueId(32, Duende.IdentityModel.CryptoRandom.OutputFormat.Base64Url);
        var extra = new Parameters { { "resource", resource } };
        if (_dpop is not null)
        {
            extra.Add("dpop_jkt", _dpop.JwkThumbprint);
        }

        string url = new RequestUrl(authorizationEndpoint).CreateAuthorizeUrl(
            clientId: client.ClientId,
            responseType: "code",
            scope: scopes.Count > 0 ? string.Join(' ', scopes) : null,
            redirectUri: _options.RedirectUri.AbsoluteUri,
            state: state,
            codeChallenge: challenge,
            codeChallengeMethod: "S256",
            extra: extra);
        var callback = await redirectHandler.AuthorizeAsync(new Uri(url), _options.RedirectUri, cancellationToken).ConfigureAwait(false);
        var query = ParseQuery(callback.Query);
        if (query.TryGetValue("error", out var error))
        {
            throw new McpAuthorizationException($"The authorization server {server.Issuer} refused authorization: {error} {query.GetValueOrDefault("error_description")}".TrimEnd());
        }

        if (query.GetValueOrDefault("state") != state)
        {
            throw new McpAuthorizationException("The authorization response's state does not match the request's: refusing it.");
        }

        // RFC 9207: the iss parameter, compared as a plain string with the issuer the metadata was validated against.
        if (query.TryGetValue("iss", out var iss))
        {
            if (!string.Equals(iss, server.Issuer, StringComparison.Ordinal))
            {
                throw new McpAuthorizationException($"The authorization response comes from issuer '{iss}', not '{server.Issuer}' (RFC 9207): refusing it.");
            }
        }
        else if (server.IssParameterSupported)
        {
            throw new McpAuthorizationException($"The authorization server {server.Issuer} advertises the iss parameter but its response has none (RFC 9207): refusing it.");
        }

        if (!query.TryGetValue("code", out var code))
        {
            throw new McpAuthorizationException("The authorization response has no code.");
        }

        return await RequestTokenAsync(server, client, resource, scopes, () => new AuthorizationCodeTokenRequest
        {
            Code = code,
            RedirectUri = _options.RedirectUri.AbsoluteUri,
            CodeVerifier = verifier,
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> IdentityAssertionAsync(AuthorizationServerMetadata server, string resource, List<string> scopes, CancellationToken cancellationToken)
    {
        var enterprise = _options.EnterpriseAuthorization
            ?? throw new McpAuthorizationException("McpClientAuthorizationOptions.EnterpriseAuthorization is required for the EnterpriseManaged grant.");
        var request = new TokenExchangeTokenRequest
        {
            Address = enterprise.TokenEndpoint.AbsoluteUri,
            ClientId = enterprise.ClientId ?? "",
            ClientSecret = enterprise.ClientSecret,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            SubjectToken = await enterprise.IdToken(cancellationToken).ConfigureAwait(false),
            SubjectTokenType = "urn:ietf:params:oauth:token-type:id_token",
            RequestedTokenType = "urn:ietf:params:oauth:token-type:id-jag",
            Audience = server.Issuer,
            Scope = scopes.Count > 0 ? string.Join(' ', scopes) : null,
        };
        request.Resource = resource;
        var response = await _backchannel.RequestTokenExchangeTokenAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsError || response.AccessToken is null)
        {
            throw new McpAuthorizationException($"The identity provider at {enterprise.TokenEndpoint} refused the token exchange: {response.Error} {response.ErrorDescription}".TrimEnd());
        }

        return response.AccessToken;
    }

    private Task<McpTokenSet> JwtBearerAsync(AuthorizationServerMetadata server, ClientIdentity client, string resource, List<string> scopes, string assertion, CancellationToken cancellationToken)
    {
        return RequestTokenAsync(server, client, resource, scopes, () =>
        {
            var request = new TokenRequest { GrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer" };
            request.Parameters.Add("assertion", assertion);
            return request;
        }, cancellationToken);
    }

    private async Task<McpTokenSet?> RefreshAsync(string resourceKey, McpTokenSet tokens, CancellationToken cancellationToken)
    {
        if (tokens.Issuer is null || !_options.ClientRegistrations.TryGetValue(tokens.Issuer, out var client))
        {
            return tokens;
        }

        try
        {
            var server = await DiscoverServerAsync(tokens.Issuer, cancellationToken).ConfigureAwait(false);
            string resource = resourceKey.Split('#')[0];
            var refreshed = await RequestTokenAsync(server, client, resource, [.. tokens.Scopes], () => new RefreshTokenRequest { RefreshToken = tokens.RefreshToken! }, cancellationToken).ConfigureAwait(false);
            await _options.TokenStore.SetAsync(resourceKey, refreshed, cancellationToken).ConfigureAwait(false);
            return refreshed;
        }
        catch (McpAuthorizationException)
        {
            // A refused refresh token: the next 401 starts over.
            await _options.TokenStore.SetAsync(resourceKey, null, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    private async Task<McpTokenSet> RequestTokenAsync<T>(AuthorizationServerMetadata server, ClientIdentity client, string resource, List<string> scopes, Func<T> createRequest, CancellationToken cancellationToken)
        where T : TokenRequest
    {
        TokenResponse response = null!;
        T request = null!;

        // A second attempt only with the DPoP nonce the token endpoint asked for (RFC 9449 §8); each attempt is a new request.
        for (int attempt = 0; attempt < 2; attempt++)
        {
            request = createRequest();
            Configure(server, client, resource, scopes, request);
            if (_dpop is not null)
            {
                request.DPoPProofToken = _dpop.Create(HttpMethod.Post, new Uri(server.TokenEndpoint), null);
            }

            response = request switch
            {
                AuthorizationCodeTokenRequest code => await _backchannel.RequestAuthorizationCodeTokenAsync(code, cancellationToken).ConfigureAwait(false),
                ClientCredentialsTokenRequest credentials => await _backchannel.RequestClientCredentialsTokenAsync(credentials, cancellationToken).ConfigureAwait(false),
                RefreshTokenRequest refresh => await _backchannel.RequestRefreshTokenAsync(refresh, cancellationToken).ConfigureAwait(false),
                _ => await _backchannel.RequestTokenAsync(request, cancellationToken).ConfigureAwait(false),
            };
            if (response.IsError && response.Error == "use_dpop_nonce" && _dpop is not null && response.DPoPNonce is { } nonce)
            {
                _dpop.Remember(new Uri(server.TokenEndpoint), nonce);
                continue;
            }

            break;
        }

        if (response.IsError || response.AccessToken is null)
        {
            throw new McpAuthorizationException($"The token endpoint of {server.Issuer} refused the {request.GrantType} request: {response.Error} {response.ErrorDescription}".TrimEnd());
        }

        return new McpTokenSet
        {
            AccessToken = response.AccessToken,
            TokenType = response.TokenType ?? "Bearer",
            RefreshToken = response.RefreshToken,
            ExpiresAt = response.ExpiresIn > 0 ? _options.TimeProvider.GetUtcNow().AddSeconds(response.ExpiresIn) : null,
            Scopes = response.Scope is { Length: > 0 } granted ? granted.Split(' ', StringSplitOptions.RemoveEmptyEntries) : scopes,
            Issuer = server.Issuer,
            ClientId = client.ClientId,
        };
    }

    private void Configure(AuthorizationServerMetadata server, ClientIdentity client, string resource, List<string> scopes, TokenRequest request)
    {
        request.Address = server.TokenEndpoint;
        request.ClientId = client.ClientId;
        switch (client.AuthMethod)
        {
            case "private_key_jwt":
                request.ClientAssertion = new ClientAssertion { Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", Value = CreateClientAssertion(client.ClientId, server) };
                request.ClientCredentialStyle = ClientCredentialStyle.PostBody;
                break;
            case "client_secret_basic":
                request.ClientSecret = client.ClientSecret;
                request.ClientCredentialStyle = ClientCredentialStyle.AuthorizationHeader;
                break;
            case "client_secret_post":
                request.ClientSecret = client.ClientSecret;
                request.ClientCredentialStyle = ClientCredentialStyle.PostBody;
                break;
            default:
                request.ClientCredentialStyle = ClientCredentialStyle.PostBody;
                break;
        }

        switch (request)
        {
            case AuthorizationCodeTokenRequest code:
                code.Resource.Add(resource);
                break;
            case ClientCredentialsTokenRequest credentials:
                credentials.Resource.Add(resource);
                credentials.Scope = scopes.Count > 0 ? string.Join(' ', scopes) : null;
                break;
            case RefreshTokenRequest refresh:
                refresh.Resource.Add(resource);
                break;
            default:
                request.Parameters.Add("resource", resource);
                if (scopes.Count > 0)
                {
                    request.Parameters.Add("scope", string.Join(' ', scopes));
                }

                break;
        }
    }

    private string CreateClientAssertion(string clientId, AuthorizationServerMetadata server)
    {
        var key = _options.ClientAssertionKey ?? throw new McpAuthorizationException("private_key_jwt needs McpClientAuthorizationOptions.ClientAssertionKey.");
        long now = _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        return JwtSigner.Sign(key, _options.ClientAssertionAlgorithm, "JWT", _options.ClientAssertionKeyId, embedPublicKey: false, (clientId, audience: server.Issuer, now), static (w, s) =>
        {
            w.WriteString("iss", s.clientId);
            w.WriteString("sub", s.clientId);
            w.WriteString("aud", s.audience);
            w.WriteString("jti", Guid.NewGuid().ToString("N"));
            w.WriteNumber("iat", s.now);
            w.WriteNumber("exp", s.now + 300);
        });
    }

    private static string Base64UrlSha256(string value) =>
        System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(value)));

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            string name = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            string value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            result.TryAdd(name, value);
        }

        return result;
    }
}
