using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client;

namespace McpGen.Samples.ResearchAgents;

/// <summary>
/// The instances of one peer agent, and which one answered last. Requests go there first, so a client keeps talking
/// to the instance that works until it stops answering.
/// </summary>
/// <param name="endpoints">The MCP endpoints of the peer's instances, the first one being the client's own endpoint.</param>
public sealed class PeerEndpoints(Uri[] endpoints)
{
    private int _current;

    /// <summary>The endpoints.</summary>
    public Uri[] All { get; } = endpoints.Length > 0 ? endpoints : throw new ArgumentException("A peer needs at least one endpoint.", nameof(endpoints));

    /// <summary>The index of the instance that answered last.</summary>
    public int Current => Volatile.Read(ref _current);

    /// <summary>Remembers the instance that answered.</summary>
    public void Answered(int index) => Volatile.Write(ref _current, index);
}

/// <summary>
/// Fails over between the instances of a peer agent: a request the instance it went to never received (the
/// connection was refused: the instance is down) goes to the next instance. A request that may have reached the server
/// goes again only when MCP allows it (<see cref="McpRetry.IsRetryable"/>: reads such as <c>tasks/get</c>, calls of
/// idempotent tools). Any instance can answer for any task, since tasks live in Redis.
/// </summary>
/// <param name="peer">The peer's instances.</param>
public sealed class FailoverHandler(PeerEndpoints peer) : DelegatingHandler
{
    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            // Requests are small: buffered, the same content can go to another instance.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var original = request.RequestUri!;
        int first = peer.Current;
        for (int i = 0; ; i++)
        {
            int index = (first + i) % peer.All.Length;
            request.RequestUri = Rebase(original, peer.All[index]);
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                peer.Answered(index);
                return response;
            }
            catch (HttpRequestException e) when (i + 1 < peer.All.Length && !cancellationToken.IsCancellationRequested &&
                                                 (e.HttpRequestError == HttpRequestError.ConnectionError || McpRetry.IsRetryable(request)))
            {
                // The next instance; the last one's failure is the caller's.
            }
        }
    }

    /// <summary>The request's path and query on another instance (the client sends to the first endpoint's path).</summary>
    private static Uri Rebase(Uri request, Uri endpoint) =>
        new UriBuilder(request) { Scheme = endpoint.Scheme, Host = endpoint.Host, Port = endpoint.Port, Path = endpoint.AbsolutePath }.Uri;
}
