using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace McpGen.AspNetCore.Tests;

/// <summary>The OAuth resource server: metadata, 401 challenges, audience checks, scopes in lists and on use, with real signed JWTs.</summary>
public sealed class AuthorizationTests : IAsyncLifetime, IDisposable
{
    private const string MetadataUrl = "https://mcp.example.com/.well-known/oauth-protected-resource/mcp";

    private readonly TestTokens _tokens = new();
    private McpTestApp _app = null!;

    public async Task InitializeAsync() => _app = await StartAsync(requireAuthentication: true, checkAudienceInHandler: true);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose() => _tokens.Dispose();

    private Task<McpTestApp> StartAsync(bool requireAuthentication, bool checkAudienceInHandler) =>
        McpTestApp.StartAsync(
            services =>
            {
                _tokens.AddJwtBearer(services, checkAudienceInHandler);
                services.AddMcpAuthorization(o =>
                {
                    o.Resource = new Uri(TestTokens.Resource);
                    o.AuthorizationServers.Add(new Uri(TestTokens.Issuer));
                    o.ScopesSupported.Add("mcp:basic");
                    o.RequireAuthentication = requireAuthentication;
                });
            },
            app => app.MapMcp<SecureTestServer>("/mcp"));

    private static HttpRequestMessage WithToken(HttpRequestMessage request, string? token)
    {
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    private static string[] ToolNames(JsonElement response) =>
        response.GetProperty("result").GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray();

    [Fact]
    public async Task Protected_resource_metadata_lists_the_resource_its_servers_and_every_scope_the_code_uses()
    {
        using var response = await _app.Client.GetAsync("/.well-known/oauth-protected-resource/mcp");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var metadata = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = metadata.RootElement;
        Assert.Equal(TestTokens.Resource, root.GetProperty("resource").GetString());
        Assert.Equal(new string[] { TestTokens.Issuer }, root.GetProperty("authorization_servers").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(new string[] { "mcp:basic", "files:read", "files:write" }, root.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(new string[] { "header" }, root.GetProperty("bearer_methods_supported").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("Secure test server", root.GetProperty("resource_name").GetString());
    }

    [Fact]
    public async Task A_request_without_a_token_gets_401_pointing_at_the_metadata()
    {
        using var response = await _app.SendAsync(_app.Request("tools/list"));
        Assert.Equal(401, (int)response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal($"resource_metadata=\"{MetadataUrl}\"", challenge.Parameter);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("requires an access token", body.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_token_signed_by_another_key_is_invalid()
    {
        using var otherKey = RSA.Create(2048);
        string forged = _tokens.Create("mallory", "files:read files:write", signWith: new RsaSecurityKey(otherKey));
        using var response = await _app.SendAsync(WithToken(_app.Request("tools/list"), forged));
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal(InvalidTokenChallenge, response.Headers.WwwAuthenticate.ToString());
    }

    private const string InvalidTokenDescription = "The access token is invalid or has expired: obtain a new one from the authorization server.";
    private const string InvalidTokenChallenge = $"Bearer error=\"invalid_token\", error_description=\"{InvalidTokenDescription}\", resource_metadata=\"{MetadataUrl}\"";

    /// <summary>
    /// Over real Kestrel, which refuses to send a header value with a newline or a non-ASCII character: the JWT
    /// library's failure messages have both, so quoting them in the challenge turned these into 500s without a challenge.
    /// </summary>
    [Theory]
    [InlineData("malformed")]
    [InlineData("foreign key")]
    [InlineData("HS256 with the RSA public key")]
    [InlineData("non-ASCII issuer")]
    [InlineData("expired")]
    public async Task A_bad_token_over_kestrel_is_401_with_a_clean_challenge_and_one_debug_line(string kind)
    {
        var entries = new CapturingLoggerProvider();
        await using var app = await McpTestApp.StartAsync(
            services =>
            {
                services.AddLogging(b => b.AddProvider(entries).SetMinimumLevel(LogLevel.Debug));
                _tokens.AddJwtBearer(services);
                services.AddMcpAuthorization(o =>
                {
                    o.Resource = new Uri(TestTokens.Resource);
                    o.AuthorizationServers.Add(new Uri(TestTokens.Issuer));
                });
            },
            app => app.MapMcp<SecureTestServer>("/mcp"),
            kestrel: true);
        using var otherKey = RSA.Create(2048);
        string token = kind switch
        {
            "malformed" => "eyJhbGciOiJSUzI1NiJ9.not-json.c2ln",
            "foreign key" => _tokens.Create("mallory", "files:read", signWith: new RsaSecurityKey(otherKey)),
            "HS256 with the RSA public key" => _tokens.Create("mallory", "files:read",
                signWith: new SymmetricSecurityKey(_tokens.Key.Rsa.ExportSubjectPublicKeyInfo()), algorithm: SecurityAlgorithms.HmacSha256),
            "non-ASCII issuer" => _tokens.Create("mallory", "files:read", issuer: "https://lögin.example.com"),
            _ => _tokens.Create("alice", "files:read", expires: DateTime.UtcNow.AddMinutes(-6)),
        };

        using var response = await app.SendAsync(WithToken(app.Request("tools/list"), token));
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal(InvalidTokenChallenge, response.Headers.WwwAuthenticate.ToString());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(-32600, body.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(InvalidTokenDescription, body.RootElement.GetProperty("error").GetProperty("message").GetString());

        // One line for the operator, naming the handler's reason; nothing at Error (Kestrel's 500 logged a stack trace).
        var refused = Assert.Single(entries.Entries, e => e.Category == "McpGen.AspNetCore" && e.EventId.Id == 7);
        Assert.Equal(LogLevel.Debug, refused.Level);
        Assert.Null(refused.Exception);
        Assert.StartsWith("Refused a bearer token (", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
        Assert.DoesNotContain(entries.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task An_expired_token_is_invalid()
    {
        string expired = _tokens.Create("alice", "files:read", expires: DateTime.UtcNow.AddMinutes(-6));
        using var response = await _app.SendAsync(WithToken(_app.Request("tools/list"), expired));
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_token_for_another_resource_is_refused_even_when_the_handler_does_not_check_the_audience()
    {
        await using var lenient = await StartAsync(requireAuthentication: true, checkAudienceInHandler: false);
        string token = _tokens.Create("alice", "files:read", audience: "https://other.example.com/mcp");
        using var response = await lenient.SendAsync(WithToken(lenient.Request("tools/list"), token));
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Contains("its audience (aud) must include https://mcp.example.com/mcp", response.Headers.WwwAuthenticate.ToString());

        string right = _tokens.Create("alice", "files:read");
        Assert.Equal(200, (int)(await lenient.SendAsync(WithToken(lenient.Request("tools/list"), right))).StatusCode);
    }

    /// <summary>RFC 8707 and the MCP authorization spec compare the audience exactly: no case folding, no slash trimming.</summary>
    [Theory]
    [InlineData("https://mcp.example.com/MCP")]
    [InlineData("https://mcp.example.com/mcp/")]
    [InlineData("https://mcp.example.com/mcp///")]
    [InlineData("HTTPS://MCP.EXAMPLE.COM/mcp")]
    public async Task A_token_whose_audience_only_resembles_the_resource_is_refused(string audience)
    {
        await using var lenient = await StartAsync(requireAuthentication: true, checkAudienceInHandler: false);
        using var response = await lenient.SendAsync(WithToken(lenient.Request("tools/list"), _tokens.Create("alice", "files:read", audience: audience)));
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal(
            $"Bearer error=\"invalid_token\", error_description=\"The access token was not issued for this resource: its audience (aud) must include {TestTokens.Resource}.\", resource_metadata=\"{MetadataUrl}\"",
            response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_resource_configured_with_a_trailing_slash_accepts_exactly_that_and_the_advertised_form()
    {
        await using var root = await McpTestApp.StartAsync(
            services =>
            {
                _tokens.AddJwtBearer(services, checkAudience: false);
                services.AddMcpAuthorization(o =>
                {
                    o.Resource = new Uri("https://mcp.example.com/");
                    o.AuthorizationServers.Add(new Uri(TestTokens.Issuer));
                });
            },
            app => app.MapMcp<SecureTestServer>("/mcp"));
        foreach (var (audience, status) in new[] { ("https://mcp.example.com", 200), ("https://mcp.example.com/", 200), ("https://mcp.example.com//", 401), ("https://MCP.example.com", 401) })
        {
            using var response = await root.SendAsync(WithToken(root.Request("tools/list"), _tokens.Create("alice", audience: audience)));
            Assert.True(status == (int)response.StatusCode, $"{audience}: expected {status}, got {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Lists_show_only_what_the_callers_scopes_allow_and_are_private()
    {
        var plain = await _app.SendJsonAsync(WithToken(_app.Request("tools/list"), _tokens.Create("bob")));
        Assert.Equal(["fail", "who_am_i"], ToolNames(plain));
        Assert.Equal("private", plain.GetProperty("result").GetProperty("cacheScope").GetString());

        var reader = await _app.SendJsonAsync(WithToken(_app.Request("tools/list"), _tokens.Create("carol", "files:read")));
        Assert.Equal(["fail", "read_file", "who_am_i"], ToolNames(reader));

        var writer = await _app.SendJsonAsync(WithToken(_app.Request("tools/list"), _tokens.Create("dave", "files:read files:write")));
        Assert.Equal(["fail", "read_file", "who_am_i", "write_file"], ToolNames(writer));

        var prompts = await _app.SendJsonAsync(WithToken(_app.Request("prompts/list"), _tokens.Create("bob")));
        Assert.Empty(prompts.GetProperty("result").GetProperty("prompts").EnumerateArray());

        // A run-time listing under a scope runs only for callers holding it.
        var hidden = await _app.SendJsonAsync(WithToken(_app.Request("resources/list"), _tokens.Create("bob")));
        Assert.Empty(hidden.GetProperty("result").GetProperty("resources").EnumerateArray());
        Assert.Equal("private", hidden.GetProperty("result").GetProperty("cacheScope").GetString());
        var listed = await _app.SendJsonAsync(WithToken(_app.Request("resources/list"), _tokens.Create("carol", "files:read")));
        Assert.Equal("file:///recent/carol", Assert.Single(listed.GetProperty("result").GetProperty("resources").EnumerateArray()).GetProperty("uri").GetString());
    }

    [Fact]
    public async Task Calling_without_the_scope_is_403_insufficient_scope_naming_every_required_scope()
    {
        using var response = await _app.SendAsync(WithToken(_app.Call("write_file", """{"path":"a.txt","text":"hi"}"""), _tokens.Create("carol", "files:read")));
        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal($"Bearer error=\"insufficient_scope\", scope=\"files:read files:write\", resource_metadata=\"{MetadataUrl}\"", response.Headers.WwwAuthenticate.ToString());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal(-32600, error.GetProperty("code").GetInt32());
        Assert.Equal("Tool 'write_file' requires the scope(s) files:read files:write, which the caller's access token does not grant.", error.GetProperty("message").GetString());
        Assert.Equal(new string[] { "files:read", "files:write" }, error.GetProperty("data").GetProperty("requiredScopes").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public async Task Getting_a_scoped_prompt_without_the_scope_is_403()
    {
        using var response = await _app.SendAsync(WithToken(_app.Request("prompts/get", "\"name\":\"summarize_file\",\"arguments\":{\"path\":\"a\"}", "summarize_file"), _tokens.Create("bob")));
        Assert.Equal(403, (int)response.StatusCode);
        Assert.Contains("scope=\"files:read\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Completions_of_a_scoped_prompt_are_offered_only_to_callers_who_can_see_it()
    {
        const string complete = "\"ref\":{\"type\":\"ref/prompt\",\"name\":\"summarize_file\"},\"argument\":{\"name\":\"path\",\"value\":\"notes\"}";
        var hidden = await _app.SendJsonAsync(WithToken(_app.Request("completion/complete", complete), _tokens.Create("bob")));
        Assert.Equal("Unknown prompt 'summarize_file'.", hidden.GetProperty("error").GetProperty("message").GetString());

        var offered = await _app.SendJsonAsync(WithToken(_app.Request("completion/complete", complete), _tokens.Create("carol", "files:read")));
        Assert.Equal("notes.txt", offered.GetProperty("result").GetProperty("completion").GetProperty("values")[0].GetString());
    }

    [Fact]
    public async Task With_the_scopes_the_call_runs_and_the_handler_sees_the_caller()
    {
        string token = _tokens.Create("dave", "files:read files:write");
        var written = await _app.SendJsonAsync(WithToken(_app.Call("write_file", """{"path":"a.txt","text":"hi"}"""), token));
        Assert.Equal("wrote 2 characters to a.txt", written.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());

        var who = await _app.SendJsonAsync(WithToken(_app.Call("who_am_i"), token));
        Assert.Equal("dave", who.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task With_optional_authentication_anonymous_callers_see_unscoped_tools_and_get_401_for_scoped_ones()
    {
        await using var open = await StartAsync(requireAuthentication: false, checkAudienceInHandler: true);
        var list = await open.SendJsonAsync(open.Request("tools/list"));
        Assert.Equal(["fail", "who_am_i"], ToolNames(list));

        var who = await open.SendJsonAsync(open.Call("who_am_i"));
        Assert.Equal("anonymous", who.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());

        using var response = await open.SendAsync(open.Call("read_file", """{"path":"a"}"""));
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal($"Bearer scope=\"files:read\", resource_metadata=\"{MetadataUrl}\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Without_authorization_configured_scoped_tools_are_hidden_and_refused()
    {
        await using var unprotected = await McpTestApp.StartAsync(map: app => app.MapMcp<SecureTestServer>("/mcp"));
        Assert.Equal(["fail", "who_am_i"], ToolNames(await unprotected.SendJsonAsync(unprotected.Request("tools/list"))));
        using var response = await unprotected.SendAsync(unprotected.Call("read_file", """{"path":"a"}"""));
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("Bearer scope=\"files:read\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Several_servers_under_one_resource_share_one_metadata_document_with_all_their_scopes()
    {
        await using var both = await McpTestApp.StartAsync(
            services =>
            {
                _tokens.AddJwtBearer(services);
                services.AddMcpAuthorization(o =>
                {
                    o.Resource = new Uri(TestTokens.Resource);
                    o.AuthorizationServers.Add(new Uri(TestTokens.Issuer));
                    o.ResourceName = "Both";
                });
            },
            app =>
            {
                app.MapMcp<HttpTestServer>("/mcp/http");
                app.MapMcp<SecureTestServer>("/mcp/secure");
            });
        using var response = await both.Client.GetAsync("/.well-known/oauth-protected-resource/mcp");
        Assert.Equal(200, (int)response.StatusCode);
        using var metadata = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Both", metadata.RootElement.GetProperty("resource_name").GetString());
        Assert.Equal(new string[] { "files:read", "files:write" }, metadata.RootElement.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public async Task Mapping_without_an_authentication_scheme_fails_at_start_up_saying_what_to_add()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => McpTestApp.StartAsync(
            services => services.AddMcpAuthorization(o =>
            {
                o.Resource = new Uri(TestTokens.Resource);
                o.AuthorizationServers.Add(new Uri(TestTokens.Issuer));
            }),
            app => app.MapMcp<SecureTestServer>("/mcp")));
        Assert.Contains("AddAuthentication().AddJwtBearer", ex.Message);
    }

    [Fact]
    public async Task Mapping_with_authentication_but_no_scheme_that_would_validate_tokens_fails_at_start_up_naming_the_schemes()
    {
        void Authorization(IServiceCollection services, string? scheme) => services.AddMcpAuthorization(o =>
        {
            o.Resource = new Uri(TestTokens.Resource);
            o.AuthorizationServers.Add(new Uri(TestTokens.Issuer));
            o.AuthenticationScheme = scheme;
        });

        // AddAuthentication() alone: the services exist, no handler does.
        var none = await Assert.ThrowsAsync<InvalidOperationException>(() => McpTestApp.StartAsync(
            services => { services.AddAuthentication(); Authorization(services, null); },
            app => app.MapMcp<SecureTestServer>("/mcp")));
        Assert.Contains("none is registered", none.Message);

        // A scheme name that does not exist.
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => McpTestApp.StartAsync(
            services => { _tokens.AddJwtBearer(services); Authorization(services, "Partner"); },
            app => app.MapMcp<SecureTestServer>("/mcp")));
        Assert.Equal("McpAuthorizationOptions.AuthenticationScheme is 'Partner', but no such authentication scheme is registered (registered: Bearer).", missing.Message);

        // Two schemes and no default: which one validates MCP tokens is a choice the application must make.
        var ambiguous = await Assert.ThrowsAsync<InvalidOperationException>(() => McpTestApp.StartAsync(
            services =>
            {
                services.AddAuthentication().AddJwtBearer("Staff", _ => { }).AddJwtBearer("Partner", _ => { });
                Authorization(services, null);
            },
            app => app.MapMcp<SecureTestServer>("/mcp")));
        Assert.StartsWith("Several authentication schemes are registered (registered: Staff, Partner) and none is the default", ambiguous.Message);
    }

    [Theory]
    [InlineData("scope", "files:read files:write")]
    [InlineData("scp", "files:write")]
    public void Scopes_are_read_from_scope_and_scp_claims(string type, string value)
    {
        var user = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim(type, value)], "test"));
        Assert.True(McpScopes.Has(user, "files:write"));
        Assert.False(McpScopes.Has(user, "files"));
        Assert.Equal(["admin"], McpScopes.Missing(user, ["files:write", "admin"]));
    }
}
