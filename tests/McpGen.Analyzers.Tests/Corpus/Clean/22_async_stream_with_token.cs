using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class FeedTools
{
    /// <summary>Streams numbered lines.</summary>
    [McpTool]
    public static async IAsyncEnumerable<string> Lines(int count, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Delay(1, cancellationToken);
            yield return "line " + i;
        }
    }
}
