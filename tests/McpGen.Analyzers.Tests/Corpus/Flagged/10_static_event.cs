using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class AlertTools
{
    public static event Action<string>? Raised; // expect: MCPG5003

    /// <summary>Raises an alert.</summary>
    [McpTool] public static void Raise(string message) => Raised?.Invoke(message);
}
