using System;
using System.Collections.Generic;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGen.AspNetCore.Tests;

/// <summary>An authorization server made in the test: an RSA key that signs real JWTs, and the JWT bearer setup that trusts it.</summary>
internal sealed class TestTokens : IDisposable
{
    public const string Issuer = "https://login.example.com";
    public const string Resource = "https://mcp.example.com/mcp";

    private readonly RSA _rsa = RSA.Create(2048);

    public TestTokens() => Key = new RsaSecurityKey(_rsa) { KeyId = "test-key" };

    public RsaSecurityKey Key { get; }

    /// <summary>A signed access token.</summary>
    public string Create(string subject, string? scopes = null, string audience = Resource, string issuer = Issuer, SecurityKey? signWith = null, DateTime? expires = null, string algorithm = SecurityAlgorithms.RsaSha256)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["client_id"] = "test-client" };
        if (scopes is not null)
        {
            claims["scope"] = scopes;
        }

        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now.AddMinutes(-10),
            NotBefore = now.AddMinutes(-10),
            Expires = expires ?? now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(signWith ?? Key, algorithm),
        });
    }

    /// <summary>JWT bearer validation against this key. <paramref name="checkAudience"/> off proves McpGen checks it anyway.</summary>
    public void AddJwtBearer(IServiceCollection services, bool checkAudience = true) =>
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidateAudience = checkAudience,
                ValidAudience = Resource,
                IssuerSigningKey = Key,
                NameClaimType = "sub",
            };
        });

    public void Dispose() => _rsa.Dispose();
}
