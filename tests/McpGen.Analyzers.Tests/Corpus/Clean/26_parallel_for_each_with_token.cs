using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public interface IPinger
{
    Task<bool> PingAsync(string host, CancellationToken cancellationToken);
}

public sealed class NetworkTools(IPinger pinger)
{
    /// <summary>Pings hosts in parallel.</summary>
    [McpTool]
    public async Task<int> PingAll(string[] hosts, CancellationToken cancellationToken)
    {
        int up = 0;
        await Parallel.ForEachAsync(hosts, cancellationToken, async (host, token) =>
        {
            if (await pinger.PingAsync(host, token)) { Interlocked.Increment(ref up); }
        });
        return up;
    }
}
