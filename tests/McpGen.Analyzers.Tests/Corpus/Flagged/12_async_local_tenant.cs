using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class TenantTools
{
    private static readonly AsyncLocal<string?> s_tenant = new(); // expect: MCPG5004

    /// <summary>Selects a tenant.</summary>
    [McpTool] public static void Use(string tenant) => s_tenant.Value = tenant;
}
