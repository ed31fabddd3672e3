using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public sealed class WatchTools
{
    public event EventHandler? Changed;

    public static event EventHandler Forwarded { add { } remove { } }

    /// <summary>Raises a change.</summary>
    [McpTool] public void Touch() => Changed?.Invoke(this, EventArgs.Empty);
}
