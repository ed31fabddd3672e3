using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class LogTools
{
    private static readonly string[] s_levels = ["info", "warn"]; // only read: not state (judged by writes)
    private static readonly System.Text.StringBuilder s_log = new(); // expect: MCPG5001

    /// <summary>Logs a line.</summary>
    [McpTool] public static string Log(string line) => s_log.Append(s_levels[0]).AppendLine(line).ToString();
}
