using System;
using System.Net.Http;

namespace McpGen.Client;

/// <summary>
/// Which MCP requests may be sent again, for resilience handlers (<c>AddMcpResilienceHandler</c> applies it): MCP's
/// rule is that only reads and tools the server marks read-only or idempotent are retried automatically.
/// </summary>
public static class McpRetry
{
    /// <summary>
    /// Set on a request the client may send again: reads (<c>tools/list</c>, <c>resources/read</c>, <c>prompts/get</c>,
    /// <c>server/discover</c>, <c>tasks/get</c>, …) and <c>tools/call</c> of tools whose <c>tools/list</c> entry says
    /// <c>readOnlyHint</c> or <c>idempotentHint</c>.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> RetryableKey = new("McpGen.Client.Retryable");

    /// <summary>Whether <paramref name="request"/> may be sent again (see <see cref="RetryableKey"/>).</summary>
    /// <param name="request">The HTTP request of an MCP call.</param>
    /// <returns><see langword="true"/> when a retry does no harm.</returns>
    public static bool IsRetryable(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(RetryableKey, out bool retryable) && retryable;
    }
}
