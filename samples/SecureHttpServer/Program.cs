using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using McpGen;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

// An MCP server as an OAuth protected resource: bearer tokens, [McpScope] per tool, an audit trail, OpenTelemetry.
//   dotnet run --project samples/SecureHttpServer -- --urls http://127.0.0.1:5100
// With Auth:Authority set (an OpenID Connect issuer) it trusts that issuer. Without it, it makes a signing key at start
// and prints tokens to try it with curl: one that may read notes, one that may also write them.
var builder = WebApplication.CreateSlimBuilder(args);
string resource = builder.Configuration["Mcp:Resource"] ?? "http://127.0.0.1:5100/mcp";
string? authority = builder.Configuration["Auth:Authority"];
var devKey = authority is null ? new RsaSecurityKey(RSA.Create(2048)) { KeyId = "dev" } : null;
const string DevIssuer = "https://dev-issuer.invalid";

builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
{
    o.MapInboundClaims = false;
    if (authority is not null)
    {
        o.Authority = authority;
        o.Audience = resource;
    }
    else
    {
        o.TokenValidationParameters = new TokenValidationParameters { ValidIssuer = DevIssuer, ValidAudience = resource, IssuerSigningKey = devKey };
    }
});
builder.Services.AddMcpAuthorization(o =>
{
    o.Resource = new Uri(resource);
    o.AuthorizationServers.Add(new Uri(authority ?? DevIssuer));
});
builder.Services.AddMcpAuditTrail();
builder.Services.AddOpenTelemetry()
    .WithTracing(t => t.AddAspNetCoreInstrumentation().AddSource(McpTelemetry.ActivitySourceName).AddConsoleExporter())
    .WithMetrics(m => m.AddMeter(McpTelemetry.MeterName));

var app = builder.Build();
app.MapMcp<NotesServer>("/mcp");   // also /.well-known/oauth-protected-resource/mcp

if (devKey is not null)
{
    string Token(string subject, string scopes) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = DevIssuer,
        Audience = resource,
        Claims = new Dictionary<string, object> { ["sub"] = subject, ["scope"] = scopes },
        Expires = DateTime.UtcNow.AddHours(8),
        SigningCredentials = new SigningCredentials(devKey, SecurityAlgorithms.RsaSha256),
    });

    Console.WriteLine($"Development tokens (valid 8 hours) for {resource}:");
    Console.WriteLine("  reader: " + Token("reader", "notes:read"));
    Console.WriteLine("  writer: " + Token("writer", "notes:read notes:write"));
}

app.Run();

/// <summary>Team notes behind OAuth scopes.</summary>
[McpServer("secure-notes", Version = "1.0.0", Title = "Secure notes", Publisher = "com.example",
    Instructions = "Use list_notes and read_note to read; write_note needs the notes:write scope.")]
public partial class NotesServer;
