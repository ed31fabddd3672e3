using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class MigrationTools
{
    /// <summary>Migrates a database.</summary>
    [McpTool(TaskSupport = McpTaskSupport.Required)]
    public static async Task<string> Migrate(string database) // expect: MCPG6005
    {
        await Task.Yield();
        return database;
    }
}
