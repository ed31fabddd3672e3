using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen.Client;

/// <summary>
/// Finds the MCP servers a domain publishes: its AI catalog (<c>/.well-known/ai-catalog.json</c>), then each listed
/// server card (<c>application/mcp-server-card+json</c>, fetched or inline), with their endpoints and the headers they
/// require. Cards are advisory: the server's own <c>server/discover</c> answer is what a client then relies on.
/// </summary>
public static class McpServerDiscovery
{
    /// <summary>The catalog's path on a domain.</summary>
    public const string CatalogPath = "/.well-known/ai-catalog.json";

    private const string CatalogMediaType = "application/ai-catalog+json";
    private const string CardMediaType = "application/mcp-server-card+json";

    /// <summary>Reads the AI catalog of <paramref name="origin"/> and the server cards it lists.</summary>
    /// <param name="origin">The domain, e.g. <c>https://example.com</c> (its path is ignored).</param>
    /// <param name="httpClient">Sends the requests; a new one when null.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The MCP servers the catalog lists, in its order; entries of other types are skipped.</returns>
    /// <exception cref="McpClientException">The catalog or a card cannot be fetched or read; the message names which.</exception>
    public static async Task<IReadOnlyList<McpDiscoveredServer>> DiscoverAsync(Uri origin, HttpClient? httpClient = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(origin);
        var http = httpClient ?? new HttpClient();
        try
        {
            var catalogUrl = new Uri(origin, CatalogPath);
            using var catalog = await GetJsonAsync(http, catalogUrl, CatalogMediaType, "the AI catalog", cancellationToken).ConfigureAwait(false);
            if (!catalog.RootElement.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Array)
            {
                throw new McpClientException($"The AI catalog at {catalogUrl} has no entries array.");
            }

            var servers = new List<McpDiscoveredServer>();
            foreach (var entry in entries.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object || String(entry, "type") != CardMediaType)
                {
                    continue;
                }

                string identifier = String(entry, "identifier") ?? throw new McpClientException($"An MCP entry of the AI catalog at {catalogUrl} has no identifier.");
                Uri? cardUrl = String(entry, "url") is { } url ? new Uri(catalogUrl, url) : null;
                if (entry.TryGetProperty("data", out var inline) && inline.ValueKind == JsonValueKind.Object)
                {
                    servers.Add(ReadCard(identifier, String(entry, "displayName"), cardUrl, inline));
                }
                else if (cardUrl is not null)
                {
                    using var card = await GetJsonAsync(http, cardUrl, CardMediaType, $"the server card of '{identifier}'", cancellationToken).ConfigureAwait(false);
                    servers.Add(ReadCard(identifier, String(entry, "displayName"), cardUrl, card.RootElement));
                }
                else
                {
                    throw new McpClientException($"The AI catalog entry '{identifier}' at {catalogUrl} has neither url nor data.");
                }
            }

            return servers;
        }
        finally
        {
            if (httpClient is null)
            {
                http.Dispose();
            }
        }
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient http, Uri url, string mediaType, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json", 0.9));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new McpClientException($"Could not fetch {what} at {url}: {e.Message}", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new McpClientException($"Fetching {what} at {url} answered HTTP {(int)response.StatusCode}.");
            }

            try
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new McpClientException($"{char.ToUpperInvariant(what[0])}{what[1..]} at {url} is not JSON: {e.Message}", e);
            }
        }
    }

    private static McpDiscoveredServer ReadCard(string identifier, string? displayName, Uri? cardUrl, JsonElement card)
    {
        string name = String(card, "name") ?? throw new McpClientException($"The server card of '{identifier}' has no name.");
        var remotes = new List<McpServerRemote>();
        if (card.TryGetProperty("remotes", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var remote in list.EnumerateArray())
            {
                if (String(remote, "type") is not { } type || String(remote, "url") is not { } url)
                {
                    continue;
                }

                remotes.Add(new McpServerRemote(
                    type,
                    url,
                    Strings(remote, "supportedProtocolVersions"),
                    Headers(remote),
                    Variables(remote)));
            }
        }

        return new McpDiscoveredServer(identifier, displayName ?? String(card, "title") ?? name, cardUrl, name, String(card, "version") ?? string.Empty,
            String(card, "title"), String(card, "description"), remotes);
    }

    private static IReadOnlyList<McpServerHeader> Headers(JsonElement remote)
    {
        if (!remote.TryGetProperty("headers", out var headers) || headers.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return headers.EnumerateArray()
            .Where(h => h.ValueKind == JsonValueKind.Object && String(h, "name") is not null)
            .Select(h => new McpServerHeader(String(h, "name")!, String(h, "description"), Bool(h, "isRequired"), Bool(h, "isSecret"), String(h, "value")))
            .ToList();
    }

    private static IReadOnlyDictionary<string, McpServerVariable> Variables(JsonElement remote)
    {
        var variables = new Dictionary<string, McpServerVariable>(StringComparer.Ordinal);
        if (remote.TryGetProperty("variables", out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var variable in map.EnumerateObject())
            {
                variables[variable.Name] = new McpServerVariable(String(variable.Value, "description"), Bool(variable.Value, "isRequired"),
                    variable.Value.TryGetProperty("default", out var d) ? d.ToString() : null);
            }
        }

        return variables;
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Bool(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static IReadOnlyList<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : [];
}

/// <summary>An MCP server a domain's AI catalog lists, as its server card describes it.</summary>
/// <param name="Identifier">The catalog's identifier, e.g. <c>urn:air:example.com:mcp:weather</c>.</param>
/// <param name="DisplayName">The name to show.</param>
/// <param name="CardUrl">Where the card was fetched from (null when the catalog held it inline).</param>
/// <param name="Name">The card's name, e.g. <c>com.example/weather</c>.</param>
/// <param name="Version">The server's version.</param>
/// <param name="Title">The card's title.</param>
/// <param name="Description">The card's description.</param>
/// <param name="Remotes">The endpoints the card lists.</param>
public sealed record McpDiscoveredServer(
    string Identifier,
    string DisplayName,
    Uri? CardUrl,
    string Name,
    string Version,
    string? Title,
    string? Description,
    IReadOnlyList<McpServerRemote> Remotes)
{
    /// <summary>
    /// The Streamable HTTP endpoint to call: the first <c>streamable-http</c> remote (its variables filled from
    /// <paramref name="variables"/>, else their defaults), or, for a card without remotes served at the recommended
    /// <c>{endpoint}/server-card</c>, that endpoint.
    /// </summary>
    /// <param name="variables">Values for the remote URL's <c>{variables}</c>.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="McpClientException">No endpoint is known, or a required variable has no value.</exception>
    public Uri GetEndpoint(IReadOnlyDictionary<string, string>? variables = null)
    {
        if (Remotes.FirstOrDefault(r => r.Type == "streamable-http") is { } remote)
        {
            return remote.Resolve(variables);
        }

        const string suffix = "/server-card";
        if (Remotes.Count == 0 && CardUrl is { } card && card.AbsolutePath.EndsWith(suffix, StringComparison.Ordinal))
        {
            return new Uri(card, card.AbsolutePath[..^suffix.Length]);
        }

        throw new McpClientException($"The server card of '{Identifier}' lists no Streamable HTTP endpoint.");
    }
}

/// <summary>One endpoint of a server card.</summary>
/// <param name="Type"><c>streamable-http</c> or <c>sse</c>.</param>
/// <param name="Url">The URL, possibly with <c>{variables}</c>.</param>
/// <param name="SupportedProtocolVersions">The protocol revisions it speaks, when the card says.</param>
/// <param name="Headers">Headers a client must or may send (an <c>Authorization</c> header marked secret, say).</param>
/// <param name="Variables">The URL's variables.</param>
public sealed record McpServerRemote(
    string Type,
    string Url,
    IReadOnlyList<string> SupportedProtocolVersions,
    IReadOnlyList<McpServerHeader> Headers,
    IReadOnlyDictionary<string, McpServerVariable> Variables)
{
    /// <summary>The URL with its <c>{variables}</c> replaced by <paramref name="values"/>, else their defaults.</summary>
    /// <param name="values">The variables' values.</param>
    /// <returns>The URL.</returns>
    /// <exception cref="McpClientException">A variable has neither a value nor a default.</exception>
    public Uri Resolve(IReadOnlyDictionary<string, string>? values = null)
    {
        string url = Url;
        int open;
        while ((open = url.IndexOf('{', StringComparison.Ordinal)) >= 0)
        {
            int close = url.IndexOf('}', open);
            if (close < 0)
            {
                break;
            }

            string name = url[(open + 1)..close];
            string? value = values is not null && values.TryGetValue(name, out var given) ? given
                : Variables.TryGetValue(name, out var variable) ? variable.Default : null;
            url = url[..open] + (value ?? throw new McpClientException($"The endpoint {Url} needs a value for '{name}'.")) + url[(close + 1)..];
        }

        return new Uri(url);
    }
}

/// <summary>A header a server card asks clients to send.</summary>
/// <param name="Name">The header's name.</param>
/// <param name="Description">What it is.</param>
/// <param name="IsRequired">Whether the server needs it.</param>
/// <param name="IsSecret">Whether its value is a secret (a token).</param>
/// <param name="Value">Its value or value template, e.g. <c>Bearer {token}</c>.</param>
public sealed record McpServerHeader(string Name, string? Description, bool IsRequired, bool IsSecret, string? Value);

/// <summary>A variable of a server card's endpoint URL.</summary>
/// <param name="Description">What it is.</param>
/// <param name="IsRequired">Whether it must be given.</param>
/// <param name="Default">Its default value.</param>
public sealed record McpServerVariable(string? Description, bool IsRequired, string? Default);
