using McpGen;

// A complete MCP server over stdio. Logs would go to stderr; stdout carries only MCP messages.
await QuickStartServer.RunStdioAsync();

/// <summary>A small demonstration server: echo, arithmetic, orders and a slow countdown.</summary>
[McpServer("quickstart", Version = "1.0.0", Title = "McpGen QuickStart",
    Instructions = "Use echo to test connectivity, add for sums, place_order to order items, countdown for a slow task.")]
public partial class QuickStartServer;
