using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

[McpServer("inventory")]
public partial class InventoryServer
{
    public static List<string> Skus = new(); // expect: MCPG5001

    /// <summary>Adds a SKU.</summary>
    [McpTool] public static int AddSku(string sku) { Skus.Add(sku); return Skus.Count; }
}
