using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public sealed class ClockTools
{
    private static readonly object s_gate = new();

    /// <summary>Gets the UTC time.</summary>
    [McpTool]
    public string UtcNow()
    {
        lock (s_gate) { return DateTimeOffset.UtcNow.ToString("O"); }
    }
}
