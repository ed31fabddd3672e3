using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class CleanupTools
{
    /// <summary>Removes temporary files.</summary>
    [McpTool(ReadOnly = true, Destructive = true)] // expect: MCPG1010
    public static int Cleanup(string folder) => folder.Length;
}
