using System;
using McpGen.AspNetCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes McpGen's HTTP endpoints an OAuth 2.0 protected resource.</summary>
public static class McpAuthorizationServiceCollectionExtensions
{
    /// <summary>
    /// Protects every endpoint <c>MapMcp</c> maps: serves Protected Resource Metadata (RFC 9728) at
    /// <c>/.well-known/oauth-protected-resource{path}</c>, validates bearer tokens with the application's ASP.NET Core
    /// authentication scheme, checks their audience, answers 401 with <c>WWW-Authenticate: Bearer resource_metadata=…</c>,
    /// and enforces <see cref="McpGen.McpScopeAttribute"/> (hidden from lists, 403 <c>insufficient_scope</c> on use).
    /// </summary>
    /// <remarks>
    /// <code>
    /// builder.Services.AddAuthentication().AddJwtBearer(o =&gt;
    /// {
    ///     o.Authority = "https://login.example.com";
    ///     o.Audience = "https://mcp.example.com/mcp";
    /// });
    /// builder.Services.AddMcpAuthorization(o =&gt;
    /// {
    ///     o.Resource = new Uri("https://mcp.example.com/mcp");
    ///     o.AuthorizationServers.Add(new Uri("https://login.example.com"));
    /// });
    /// </code>
    /// </remarks>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the resource, its authorization servers and the policy.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddMcpAuthorization(this IServiceCollection services, Action<McpAuthorizationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<McpAuthorizationOptions>().Configure(configure);
        services.TryAddSingleton<McpResourceServer>();
        return services;
    }
}
