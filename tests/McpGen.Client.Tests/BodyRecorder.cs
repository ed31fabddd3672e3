using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen.Client.Tests;

/// <summary>Keeps the body of every request it passes on, in order.</summary>
internal sealed class BodyRecorder(List<string> bodies) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            string body = await request.Content.ReadAsStringAsync(cancellationToken);
            lock (bodies)
            {
                bodies.Add(body);
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
