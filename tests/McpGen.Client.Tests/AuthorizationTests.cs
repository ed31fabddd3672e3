using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client.Authorization;
using Xunit;

namespace McpGen.Client.Tests;

/// <summary>
/// McpAuthorizationHandler against an in-process protected resource and authorization server (one fake
/// HttpMessageHandler): the 401 → protected resource metadata → authorization server metadata → code + PKCE → token →
/// retry path, step-up on 403, the RFC 9207 and RFC 9728 checks, the RFC 8707 resource parameter, client credentials.
/// </summary>
public sealed class AuthorizationTests
{
    private const string Endpoint = "https://mcp.test/mcp";

    [Fact]
    public async Task Unauthorized_request_discovers_authorizes_with_pkce_and_retries_with_the_token()
    {
        var fake = new FakeOAuthServers();
        using var http = fake.CreateClient(fake.Options());

        using var response = await http.PostAsync(Endpoint, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["GET /.well-known/oauth-protected-resource/mcp", "GET /.well-known/oauth-authorization-server", "POST /register", "GET /authorize", "POST /token"],
            fake.AuthorizationTraffic);

        var authorize = fake.AuthorizeQueries.Single();
        Assert.Equal("S256", authorize["code_challenge_method"]);
        Assert.Equal("read", authorize["scope"]);                       // from the WWW-Authenticate challenge
        Assert.Equal(Endpoint, authorize["resource"]);                  // RFC 8707
        Assert.Equal("registered-client", authorize["client_id"]);

        var token = fake.TokenForms.Single();
        Assert.Equal("authorization_code", token["grant_type"]);
        Assert.Equal(Endpoint, token["resource"]);
        string challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(token["code_verifier"]))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(authorize["code_challenge"], challenge);

        Assert.Equal(["Bearer"], fake.AcceptedSchemes);
    }

    [Fact]
    public async Task Second_request_reuses_the_stored_token_without_authorizing_again()
    {
        var fake = new FakeOAuthServers();
        var store = new InMemoryMcpTokenStore();
        var options = fake.Options();
        options.TokenStore = store;
        using var http = fake.CreateClient(options);

        (await http.PostAsync(Endpoint, new StringContent("{}"))).Dispose();
        (await http.PostAsync(Endpoint, new StringContent("{}"))).Dispose();

        Assert.Single(fake.TokenForms);
        var stored = await store.GetAsync(Endpoint, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal("https://as.test", stored.Issuer);
    }

    [Fact]
    public async Task Concurrent_unauthorized_requests_authorize_once()
    {
        var fake = new FakeOAuthServers();
        using var http = fake.CreateClient(fake.Options());

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => http.PostAsync(Endpoint, new StringContent("{}"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(fake.TokenForms);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Insufficient_scope_steps_up_with_the_union_of_the_scopes()
    {
        var fake = new FakeOAuthServers { RequiredScope = "write" };
        using var http = fake.CreateClient(fake.Options());

        using var response = await http.PostAsync(Endpoint, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, fake.AuthorizeQueries.Count);
        Assert.Equal("read", fake.AuthorizeQueries[0]["scope"]);
        Assert.Equal(["read", "write"], fake.AuthorizeQueries[1]["scope"].Split(' ').Order());
    }

    [Fact]
    public async Task Step_up_gives_up_after_the_attempt_limit()
    {
        var fake = new FakeOAuthServers { RequiredScope = "admin", GrantedScopesOverride = "read" };
        var options = fake.Options();
        options.MaxAuthorizationAttempts = 2;
        using var http = fake.CreateClient(options);

        using var response = await http.PostAsync(Endpoint, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(2, fake.AuthorizeQueries.Count);
    }

    [Fact]
    public async Task Authorization_response_from_another_issuer_is_rejected_before_the_token_request()
    {
        var fake = new FakeOAuthServers { IssInRedirect = "https://attacker.test" };
        using var http = fake.CreateClient(fake.Options());

        var error = await Assert.ThrowsAsync<McpAuthorizationException>(() => http.PostAsync(Endpoint, new StringContent("{}")));

        Assert.Contains("RFC 9207", error.Message);
        Assert.Empty(fake.TokenForms);
    }

    [Fact]
    public async Task Advertised_iss_parameter_must_be_present()
    {
        var fake = new FakeOAuthServers { AdvertiseIss = true, IssInRedirect = null };
        using var http = fake.CreateClient(fake.Options());

        await Assert.ThrowsAsync<McpAuthorizationException>(() => http.PostAsync(Endpoint, new StringContent("{}")));
        Assert.Empty(fake.TokenForms);
    }

    [Fact]
    public async Task Protected_resource_metadata_for_another_resource_is_rejected()
    {
        var fake = new FakeOAuthServers { PrmResource = "https://evil.test/mcp" };
        using var http = fake.CreateClient(fake.Options());

        var error = await Assert.ThrowsAsync<McpAuthorizationException>(() => http.PostAsync(Endpoint, new StringContent("{}")));

        Assert.Contains("evil.test", error.Message);
        Assert.Empty(fake.AuthorizeQueries);
    }

    [Fact]
    public async Task Authorization_server_metadata_naming_another_issuer_is_rejected()
    {
        var fake = new FakeOAuthServers { MetadataIssuer = "https://attacker.test" };
        using var http = fake.CreateClient(fake.Options());

        await Assert.ThrowsAsync<McpAuthorizationException>(() => http.PostAsync(Endpoint, new StringContent("{}")));
        Assert.Empty(fake.AuthorizeQueries);
    }

    [Fact]
    public async Task Client_credentials_with_a_secret_use_basic_authentication_and_the_resource_parameter()
    {
        var fake = new FakeOAuthServers();
        var options = fake.Options();
        options.Grant = McpAuthorizationGrant.ClientCredentials;
        options.ClientId = "agent";
        options.ClientSecret = "s3cret";
        using var http = fake.CreateClient(options);

        using var response = await http.PostAsync(Endpoint, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(fake.AuthorizeQueries);
        var form = fake.TokenForms.Single();
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(Endpoint, form["resource"]);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("agent:s3cret")), fake.TokenAuthorizationHeaders.Single());
    }

    [Fact]
    public async Task Token_exchange_trades_the_callers_token_for_one_of_its_own_per_caller()
    {
        var fake = new FakeOAuthServers();
        var options = fake.Options();
        options.Grant = McpAuthorizationGrant.TokenExchange;
        options.ClientId = "research-agent";
        options.ClientSecret = "s3cret";
        string subject = "alice-token";
        options.SubjectToken = _ => ValueTask.FromResult<string?>(subject);
        using var http = fake.CreateClient(options);

        using (var first = await http.PostAsync(Endpoint, new StringContent("{}")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        (await http.PostAsync(Endpoint, new StringContent("{}"))).Dispose();
        subject = "bob-token";
        (await http.PostAsync(Endpoint, new StringContent("{}"))).Dispose();

        // One exchange per caller: alice's token is reused for her second call, bob gets his own.
        Assert.Equal(2, fake.TokenForms.Count);
        Assert.Empty(fake.AuthorizeQueries);
        Assert.Equal("urn:ietf:params:oauth:grant-type:token-exchange", fake.TokenForms[0]["grant_type"]);
        Assert.Equal("alice-token", fake.TokenForms[0]["subject_token"]);
        Assert.Equal("urn:ietf:params:oauth:token-type:access_token", fake.TokenForms[0]["subject_token_type"]);
        Assert.Equal(Endpoint, fake.TokenForms[0]["resource"]);
        Assert.Equal("bob-token", fake.TokenForms[1]["subject_token"]);
        Assert.All(fake.TokenAuthorizationHeaders, h => Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("research-agent:s3cret")), h));
    }

    [Fact]
    public async Task Token_exchange_without_a_subject_says_where_one_comes_from()
    {
        var fake = new FakeOAuthServers();
        var options = fake.Options();
        options.Grant = McpAuthorizationGrant.TokenExchange;
        options.ClientId = "research-agent";
        using var http = fake.CreateClient(options);

        var error = await Assert.ThrowsAsync<McpAuthorizationException>(() => http.PostAsync(Endpoint, new StringContent("{}")));

        Assert.Contains("SubjectToken", error.Message);
        Assert.Empty(fake.TokenForms);
    }

    [Fact]
    public async Task Handlers_of_the_same_options_share_tokens_and_registrations()
    {
        var fake = new FakeOAuthServers();
        var options = fake.Options();
        using (var first = fake.CreateClient(options))
        {
            (await first.PostAsync(Endpoint, new StringContent("{}"))).Dispose();
        }

        // A rotated handler (IHttpClientFactory) finds the token in the store and the registration in the options.
        await options.TokenStore.SetAsync(Endpoint, null, CancellationToken.None);
        using (var second = fake.CreateClient(options))
        {
            (await second.PostAsync(Endpoint, new StringContent("{}"))).Dispose();
        }

        Assert.Single(fake.AuthorizationTraffic, t => t == "POST /register");
        Assert.Equal(2, fake.TokenForms.Count);
    }

    [Fact]
    public async Task AddMcpAuthorization_puts_the_handler_in_an_IHttpClientFactory_pipeline()
    {
        var fake = new FakeOAuthServers();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.HttpClientBuilderExtensions.ConfigurePrimaryHttpMessageHandler(
            Microsoft.Extensions.DependencyInjection.McpAuthorizationHttpClientBuilderExtensions.AddMcpAuthorization(
                Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions.AddHttpClient(services, "mcp"),
                o =>
                {
                    o.RedirectHandler = fake.Options().RedirectHandler;
                    o.BackchannelHttpClient = new HttpClient(fake, disposeHandler: false);
                }),
            () => new NonDisposing(fake));
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var factory = (IHttpClientFactory)provider.GetService(typeof(IHttpClientFactory))!;

        using var response = await factory.CreateClient("mcp").PostAsync(Endpoint, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Bearer"], fake.AcceptedSchemes);
    }

    private sealed class NonDisposing(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override void Dispose(bool disposing)
        {
        }
    }

    [Fact]
    public void Resource_must_share_the_origin_and_be_a_path_prefix()
    {
        var endpoint = new Uri("https://mcp.test/tenant/mcp");
        Assert.True(McpAuthorizationHandler.ResourceMatches("https://mcp.test/tenant/mcp", endpoint));
        Assert.True(McpAuthorizationHandler.ResourceMatches("https://mcp.test/", endpoint));
        Assert.False(McpAuthorizationHandler.ResourceMatches("https://mcp.test/other", endpoint));
        Assert.False(McpAuthorizationHandler.ResourceMatches("https://mcp.test/ten", endpoint));
        Assert.False(McpAuthorizationHandler.ResourceMatches("https://evil.test/tenant/mcp", endpoint));
    }

    /// <summary>The protected MCP endpoint (https://mcp.test) and its authorization server (https://as.test).</summary>
    private sealed class FakeOAuthServers : HttpMessageHandler
    {
        private readonly ConcurrentDictionary<string, string> _tokens = new();

        public string RequiredScope { get; init; } = "read";
        public string? GrantedScopesOverride { get; init; }
        public string? IssInRedirect { get; init; } = "https://as.test";
        public bool AdvertiseIss { get; init; }
        public string PrmResource { get; init; } = Endpoint;
        public string MetadataIssuer { get; init; } = "https://as.test";

        public List<string> AuthorizationTraffic { get; } = [];
        public List<Dictionary<string, string>> AuthorizeQueries { get; } = [];
        public List<Dictionary<string, string>> TokenForms { get; } = [];
        public List<string?> TokenAuthorizationHeaders { get; } = [];
        public List<string> AcceptedSchemes { get; } = [];

        public McpClientAuthorizationOptions Options() => new()
        {
            RedirectHandler = new FollowRedirect(this),
            BackchannelHttpClient = new HttpClient(this, disposeHandler: false),
        };

        public HttpClient CreateClient(McpClientAuthorizationOptions options) =>
            new(new McpAuthorizationHandler(options, new NonDisposing(this)), disposeHandler: true);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            if (uri.Host == "mcp.test" && uri.AbsolutePath == "/mcp")
            {
                return Protected(request);
            }

            lock (AuthorizationTraffic)
            {
                AuthorizationTraffic.Add($"{request.Method} {uri.AbsolutePath}");
            }

            switch (uri.Host, uri.AbsolutePath)
            {
                case ("mcp.test", "/.well-known/oauth-protected-resource/mcp"):
                    return Json($$"""{"resource":"{{PrmResource}}","authorization_servers":["https://as.test"]}""");
                case ("as.test", "/.well-known/oauth-authorization-server"):
                    return Json($$"""
                        {"issuer":"{{MetadataIssuer}}","authorization_endpoint":"https://as.test/authorize","token_endpoint":"https://as.test/token",
                         "registration_endpoint":"https://as.test/register","code_challenge_methods_supported":["S256"],
                         "token_endpoint_auth_methods_supported":["none","client_secret_basic"],
                         "authorization_response_iss_parameter_supported":{{(AdvertiseIss ? "true" : "false")}}}
                        """);
                case ("as.test", "/register"):
                    return Json("""{"client_id":"registered-client","token_endpoint_auth_method":"none"}""", HttpStatusCode.Created);
                case ("as.test", "/authorize"):
                    var query = Parse(uri.Query);
                    AuthorizeQueries.Add(query);
                    string location = query["redirect_uri"] + "?code=code-" + AuthorizeQueries.Count + "&state=" + Uri.EscapeDataString(query["state"])
                        + (IssInRedirect is null ? "" : "&iss=" + Uri.EscapeDataString(IssInRedirect));
                    var redirect = new HttpResponseMessage(HttpStatusCode.Found);
                    redirect.Headers.Location = new Uri(location);
                    return redirect;
                case ("as.test", "/token"):
                    var form = Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
                    TokenForms.Add(form);
                    TokenAuthorizationHeaders.Add(request.Headers.Authorization?.ToString());
                    string scope = GrantedScopesOverride ?? form.GetValueOrDefault("scope")
                        ?? (AuthorizeQueries.Count > 0 ? AuthorizeQueries[^1].GetValueOrDefault("scope") : null) ?? "read";
                    string token = "token-" + TokenForms.Count;
                    _tokens[token] = scope;
                    return Json($$"""{"access_token":"{{token}}","token_type":"Bearer","expires_in":3600,"scope":"{{scope}}"}""");
                default:
                    return new HttpResponseMessage(HttpStatusCode.NotFound);
            }
        }

        private HttpResponseMessage Protected(HttpRequestMessage request)
        {
            if (request.Headers.Authorization is not { Scheme: "Bearer", Parameter: { } token } || !_tokens.TryGetValue(token, out var scopes))
            {
                var unauthorized = new HttpResponseMessage(HttpStatusCode.Unauthorized);
                unauthorized.Headers.TryAddWithoutValidation("WWW-Authenticate",
                    "Bearer resource_metadata=\"https://mcp.test/.well-known/oauth-protected-resource/mcp\", scope=\"read\"");
                return unauthorized;
            }

            if (!scopes.Split(' ').Contains(RequiredScope))
            {
                var forbidden = new HttpResponseMessage(HttpStatusCode.Forbidden);
                forbidden.Headers.TryAddWithoutValidation("WWW-Authenticate", $"Bearer error=\"insufficient_scope\", scope=\"read {RequiredScope}\"");
                return forbidden;
            }

            lock (AcceptedSchemes)
            {
                AcceptedSchemes.Add(request.Headers.Authorization.Scheme);
            }

            return Json("""{"ok":true}""");
        }

        private static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
            new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

        private static Dictionary<string, string> Parse(string query) =>
            query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "");

        /// <summary>The "browser": requests the authorization page and returns where it redirects to.</summary>
        private sealed class FollowRedirect(FakeOAuthServers servers) : IMcpAuthorizationRedirectHandler
        {
            public async ValueTask<Uri> AuthorizeAsync(Uri authorizationUri, Uri redirectUri, CancellationToken cancellationToken)
            {
                using var browser = new HttpClient(servers, disposeHandler: false);
                using var response = await browser.GetAsync(authorizationUri, cancellationToken);
                Assert.StartsWith(redirectUri.AbsoluteUri, response.Headers.Location!.AbsoluteUri);
                return response.Headers.Location!;
            }
        }
    }
}
