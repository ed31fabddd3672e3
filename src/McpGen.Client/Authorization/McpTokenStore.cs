using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen.Client.Authorization;

/// <summary>The tokens a client holds for one MCP server (protected resource).</summary>
public sealed class McpTokenSet
{
    /// <summary>The access token.</summary>
    public required string AccessToken { get; init; }

    /// <summary>The token type: <c>Bearer</c> or <c>DPoP</c>.</summary>
    public string TokenType { get; init; } = "Bearer";

    /// <summary>The refresh token, if the authorization server issued one.</summary>
    public string? RefreshToken { get; init; }

    /// <summary>When the access token expires, if the authorization server said.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The scopes asked for (or granted, when the authorization server said).</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>The issuer of the authorization server that issued the tokens.</summary>
    public string? Issuer { get; init; }

    /// <summary>The client id the tokens were issued to.</summary>
    public string? ClientId { get; init; }
}

/// <summary>Keeps tokens by MCP server (the resource identifier). Implement it over a shared cache so that several instances of an application share tokens.</summary>
public interface IMcpTokenStore
{
    /// <summary>The tokens for <paramref name="resource"/>, or <see langword="null"/>.</summary>
    /// <param name="resource">The MCP server's resource identifier (its endpoint URL).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The tokens, or null.</returns>
    ValueTask<McpTokenSet?> GetAsync(string resource, CancellationToken cancellationToken);

    /// <summary>Stores (or, with <see langword="null"/>, removes) the tokens for <paramref name="resource"/>.</summary>
    /// <param name="resource">The MCP server's resource identifier.</param>
    /// <param name="tokens">The tokens, or null to forget them.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when stored.</returns>
    ValueTask SetAsync(string resource, McpTokenSet? tokens, CancellationToken cancellationToken);
}

/// <summary>The default <see cref="IMcpTokenStore"/>: tokens in this process's memory.</summary>
public sealed class InMemoryMcpTokenStore : IMcpTokenStore
{
    private readonly ConcurrentDictionary<string, McpTokenSet> _tokens = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<McpTokenSet?> GetAsync(string resource, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_tokens.TryGetValue(resource, out var tokens) ? tokens : null);

    /// <inheritdoc />
    public ValueTask SetAsync(string resource, McpTokenSet? tokens, CancellationToken cancellationToken)
    {
        if (tokens is null)
        {
            _tokens.TryRemove(resource, out _);
        }
        else
        {
            _tokens[resource] = tokens;
        }

        return default;
    }
}
