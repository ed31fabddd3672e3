using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

[McpProcessLocal("Per-instance rate limiter: each instance limits the traffic it receives.")]
public static class RateLimitedTools
{
    private static readonly Dictionary<string, int> s_buckets = new();
    private static int s_total;

    /// <summary>Consumes one token of a bucket.</summary>
    [McpTool]
    public static bool TryConsume(string bucket)
    {
        lock (s_buckets) { s_total++; s_buckets[bucket] = s_buckets.GetValueOrDefault(bucket) + 1; return s_buckets[bucket] < 100; }
    }
}
