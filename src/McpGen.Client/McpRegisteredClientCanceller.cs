using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using McpGen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpGen.Client;

/// <summary>A typed client registered with <c>AddMcpClient&lt;T&gt;</c>: the name of its HttpClient and options, and its server.</summary>
internal sealed record McpClientRegistration(string Name, Uri Endpoint);

/// <summary>
/// Cancels the children of a task cancelled between runs through the typed client registered for each child's server:
/// the same <see cref="HttpClient"/> pipeline (authorization, resilience) and options, with the tasks extension declared.
/// </summary>
internal sealed class McpRegisteredClientCanceller(
    IEnumerable<McpClientRegistration> registrations,
    IHttpClientFactory httpClients,
    IOptionsMonitor<McpClientOptions> options,
    ILoggerFactory? loggerFactory = null) : IMcpChildTaskCanceller
{
    private readonly McpClientRegistration[] _registrations = [.. registrations];

    public async ValueTask<bool> CancelChildAsync(McpChildLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var registration = _registrations.FirstOrDefault(r => string.Equals(r.Endpoint.OriginalString, link.Server, StringComparison.Ordinal));
        if (registration is null || link.ChildTaskId is not { } childTaskId)
        {
            return false;
        }

        var named = options.Get(registration.Name);
        var cancelOptions = new McpClientOptions
        {
            ClientInfo = named.ClientInfo,
            ProtocolVersion = named.ProtocolVersion,
            AllowLegacyFallback = named.AllowLegacyFallback,
            EnableTasks = true,
            LoggerFactory = named.LoggerFactory ?? loggerFactory,
            TimeProvider = named.TimeProvider,
        };
        await using var client = McpClient.Create(new McpHttpClientTransport(() => httpClients.CreateClient(registration.Name), registration.Endpoint), cancelOptions);
        await client.CancelTaskAsync(childTaskId, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
