using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class BackupTools
{
    /// <summary>Backs up a folder.</summary>
    [McpTool(TaskSupport = McpTaskSupport.Optional)]
    public static async Task<int> Backup(string folder, CancellationToken cancellationToken) // expect: MCPG6005
    {
        await Task.Yield();
        return folder.Length;
    }
}
