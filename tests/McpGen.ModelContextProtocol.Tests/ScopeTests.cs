using System;
using System.Collections.Generic;
using System.Security.Claims;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGen.ModelContextProtocol.Tests;

/// <summary>A server with scoped tools, bridged into the SDK.</summary>
[McpServer("scoped", Version = "1.0.0", Types = [typeof(ScopedBridgeTools)])]
public partial class ScopedBridgeServer;

/// <summary>Tools behind a scope.</summary>
public static class ScopedBridgeTools
{
    /// <summary>Deletes everything.</summary>
    [McpTool(Destructive = true)]
    [McpScope("admin")]
    public static string Purge() => "purged";
}

/// <summary>The SDK's authenticated user reaches McpGen, so [McpScope] holds on calls through the bridge.</summary>
public sealed class ScopeTests
{
    private static Task<SdkServer> StartAsUserAsync(ClaimsPrincipal user) =>
        SdkServer.StartAsync(b => b.WithMcpGen<ScopedBridgeServer>().WithMessageFilters(filters => filters.AddIncomingFilter(next => async (context, cancellationToken) =>
        {
            context.User = user;
            await next(context, cancellationToken);
        })));

    private static ClaimsPrincipal User(string? scope) =>
        new(new ClaimsIdentity(scope is null ? [new Claim("sub", "u")] : [new Claim("sub", "u"), new Claim("scope", scope)], "test"));

    [Fact]
    public async Task A_caller_with_the_scope_may_call()
    {
        await using var server = await StartAsUserAsync(User("admin"));
        var result = await server.Client.CallToolAsync("purge");
        Assert.Equal("purged", ((TextContentBlock)Assert.Single(result.Content)).Text);
    }

    [Fact]
    public async Task A_caller_without_it_is_refused_naming_the_scope()
    {
        await using var server = await StartAsUserAsync(User("files:read"));
        var ex = await Assert.ThrowsAsync<McpProtocolException>(() => server.Client.CallToolAsync("purge", new Dictionary<string, object?>()).AsTask());
        Assert.Contains("requires the scope(s) admin", ex.Message);
    }
}
