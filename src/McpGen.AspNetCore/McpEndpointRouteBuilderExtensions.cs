using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using McpGen;
using McpGen.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps McpGen servers as Streamable HTTP endpoints.</summary>
public static class McpEndpointRouteBuilderExtensions
{
    private static readonly ConditionalWeakTable<IEndpointRouteBuilder, List<(McpServerCard Card, string CardPath)>> s_catalogs = new();
    private static readonly ConditionalWeakTable<IEndpointRouteBuilder, List<McpServerDefinition>> s_protectedServers = new();

    /// <summary>
    /// Serves <typeparamref name="TServer"/> over Streamable HTTP at <paramref name="pattern"/>: MCP 2026-07-28 requests
    /// (stateless: any instance behind a load balancer can answer any request) and 2025-11-25 clients on the same URL.
    /// Also serves the server card at <c>{pattern}/server-card</c> and lists it in <c>/.well-known/ai-catalog.json</c>.
    /// </summary>
    /// <remarks>
    /// Works with <c>WebApplication.CreateSlimBuilder</c> and Native AOT. Options come from
    /// <see cref="IOptions{TOptions}"/> of <see cref="McpServerOptions"/> and <see cref="McpHttpOptions"/>; tool classes
    /// and parameters resolve from the application's services, one scope per call.
    /// <code>
    /// var builder = WebApplication.CreateSlimBuilder(args);
    /// var app = builder.Build();
    /// app.MapMcp&lt;WeatherServer&gt;("/mcp");
    /// app.Run();
    /// </code>
    /// </remarks>
    /// <typeparam name="TServer">The <see cref="McpServerAttribute"/> class.</typeparam>
    /// <param name="endpoints">The application or a route group.</param>
    /// <param name="pattern">The MCP endpoint's route, e.g. <c>/mcp</c>.</param>
    /// <returns>
    /// A builder for the MCP endpoint, to add conventions such as authorization or rate limiting. They do not apply to
    /// the server card and the catalog, which are public.
    /// </returns>
    public static IEndpointConventionBuilder MapMcp<TServer>(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = "/mcp")
        where TServer : IMcpServer =>
        endpoints.MapMcp(TServer.Definition, pattern);

    /// <summary>Serves <paramref name="definition"/> over Streamable HTTP at <paramref name="pattern"/>; see <see cref="MapMcp{TServer}(IEndpointRouteBuilder, string)"/>.</summary>
    /// <param name="endpoints">The application or a route group.</param>
    /// <param name="definition">The server.</param>
    /// <param name="pattern">The MCP endpoint's route, e.g. <c>/mcp</c>.</param>
    /// <returns>A builder for the MCP endpoints, to add conventions such as authorization or rate limiting.</returns>
    public static IEndpointConventionBuilder MapMcp(this IEndpointRouteBuilder endpoints, McpServerDefinition definition, [StringSyntax("Route")] string pattern = "/mcp")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrEmpty(pattern);

        var services = endpoints.ServiceProvider;
        var serverOptions = McpServerOptions.FromServices(services) ?? new McpServerOptions();
        var httpOptions = services.GetService<IOptions<McpHttpOptions>>()?.Value ?? new McpHttpOptions();
        var logger = (ILogger?)services.GetService<ILoggerFactory>()?.CreateLogger("McpGen.AspNetCore") ?? NullLogger.Instance;
        var resourceServer = services.GetService<McpResourceServer>();
        resourceServer?.CheckAuthenticationSetup(services);

        if (resourceServer is null && definition.RequiredScopes.Count > 0)
        {
            McpHttpLog.ScopesWithoutAuthorization(logger, definition.Info.Name);
        }

        var processor = new McpRequestProcessor(definition, services, serverOptions);
        if (services.GetService<IHostApplicationLifetime>() is { } lifetime)
        {
            // The task sweep runs while the application does; stopping ends listen streams and hands running tasks back.
            // With AddMcpHealthChecks the stop begins after McpHttpOptions.DrainDelay (readiness says 503 meanwhile).
            McpHostLifetime.Attach(processor, lifetime, services.GetService<McpDrain>()?.Drained ?? lifetime.ApplicationStopping);
        }

        var endpoint = new McpHttpEndpoint(processor, httpOptions, logger, resourceServer);

        var group = endpoints.MapGroup(pattern);
        group.MapPost(string.Empty, (RequestDelegate)endpoint.HandlePostAsync);

        // 2026-07-28 has no GET stream; a 2025-11-25 session opens one for its resource subscriptions. No session is
        // kept, so there is none to delete: legacy clients accept 405.
        group.MapGet(string.Empty, (RequestDelegate)endpoint.HandleGetAsync);
        group.MapMethods(string.Empty, [HttpMethods.Delete], static context =>
        {
            McpHttpEndpoint.WriteMethodNotAllowed(context);
            return Task.CompletedTask;
        });

        // Discovery documents are public by design (clients read them before connecting), so they stay outside the
        // group: conventions such as RequireAuthorization() on the returned builder apply to MCP requests only.
        if (httpOptions.ServeServerCard && definition.ServerCard is { } card)
        {
            string cardPattern = pattern.TrimEnd('/') + "/server-card";
            endpoints.MapMethods(cardPattern, [HttpMethods.Get, HttpMethods.Head], context => McpDiscoveryEndpoints.ServeCardAsync(context, card));
            endpoints.MapMethods(cardPattern, [HttpMethods.Options], McpDiscoveryEndpoints.PreflightAsync);
            AddToCatalog(endpoints, card, cardPattern);
        }

        if (resourceServer is not null)
        {
            AddToResourceMetadata(endpoints, resourceServer, definition);
        }

        return group;
    }

    /// <summary>
    /// Lists a server in the Protected Resource Metadata of <paramref name="endpoints"/>, mapping the document with the
    /// first server: every server mapped under the one resource shares it, and its scopes are all of theirs.
    /// </summary>
    private static void AddToResourceMetadata(IEndpointRouteBuilder endpoints, McpResourceServer resourceServer, McpServerDefinition definition)
    {
        lock (s_protectedServers)
        {
            if (s_protectedServers.TryGetValue(endpoints, out var servers))
            {
                servers.Add(definition);
                return;
            }

            servers = [definition];
            s_protectedServers.Add(endpoints, servers);
            var snapshot = servers;
            var metadata = new Lazy<byte[]>(() => resourceServer.Metadata(snapshot));

            // Public by design, like the server card: clients read it to find where to get a token.
            endpoints.MapMethods(resourceServer.MetadataPath, [HttpMethods.Get, HttpMethods.Head], context => McpDiscoveryEndpoints.ServeJsonAsync(context, metadata.Value));
            endpoints.MapMethods(resourceServer.MetadataPath, [HttpMethods.Options], McpDiscoveryEndpoints.PreflightAsync);
        }
    }

    /// <summary>Lists a card in the AI catalog of <paramref name="endpoints"/>, mapping the catalog with the first card.</summary>
    private static void AddToCatalog(IEndpointRouteBuilder endpoints, McpServerCard card, string cardPath)
    {
        if (!cardPath.StartsWith('/'))
        {
            cardPath = "/" + cardPath;
        }

        lock (s_catalogs)
        {
            if (s_catalogs.TryGetValue(endpoints, out var entries))
            {
                entries.Add((card, cardPath));
                return;
            }

            entries = [(card, cardPath)];
            s_catalogs.Add(endpoints, entries);
            var snapshot = entries;
            endpoints.MapMethods(McpDiscoveryEndpoints.CatalogPath, [HttpMethods.Get, HttpMethods.Head], context =>
            {
                // Cards are listed with absolute URLs under the same prefix the catalog was reached by (a route group).
                string path = context.Request.Path.Value ?? string.Empty;
                string prefix = path.EndsWith(McpDiscoveryEndpoints.CatalogPath, StringComparison.Ordinal) ? path[..^McpDiscoveryEndpoints.CatalogPath.Length] : string.Empty;
                var listed = new List<(McpServerCard, string)>(snapshot.Count);
                foreach (var (entry, entryPath) in snapshot)
                {
                    listed.Add((entry, prefix + entryPath));
                }

                return McpDiscoveryEndpoints.ServeCatalogAsync(context, listed);
            });
            endpoints.MapMethods(McpDiscoveryEndpoints.CatalogPath, [HttpMethods.Options], McpDiscoveryEndpoints.PreflightAsync);
        }
    }
}
