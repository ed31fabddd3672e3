using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class ModeTools
{
    public static string CurrentMode { get; set; } = "fast"; // expect: MCPG5001

    /// <summary>Switches mode.</summary>
    [McpTool] public static string Switch(string mode) => CurrentMode = mode;
}
