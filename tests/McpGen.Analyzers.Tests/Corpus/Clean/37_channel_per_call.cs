using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class PipelineTools
{
    /// <summary>Doubles numbers through a channel.</summary>
    [McpTool]
    public static async Task<int[]> Double(int[] values, CancellationToken cancellationToken)
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<int>();
        foreach (var v in values) { await channel.Writer.WriteAsync(v * 2, cancellationToken); }
        channel.Writer.Complete();
        var result = new List<int>();
        await foreach (var v in channel.Reader.ReadAllAsync(cancellationToken)) { result.Add(v); }
        return result.ToArray();
    }
}
