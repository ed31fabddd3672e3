using McpGen;
using Microsoft.AspNetCore.Builder;

// The QuickStart tools over Streamable HTTP (protocol 2026-07-28, stateless: any instance behind a load balancer
// answers any request; 2025-11-25 clients are served too).
//   dotnet run --project samples/HttpQuickStart -c Release -- --urls http://127.0.0.1:5000    (MCP at /mcp)
//   dotnet publish samples/HttpQuickStart -c Release -r linux-x64 -o out                      (one Native AOT binary)
var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
app.MapMcp<HttpQuickStartServer>("/mcp");   // also serves /mcp/server-card and /.well-known/ai-catalog.json
app.Run();

/// <summary>The QuickStart tools (echo, arithmetic, orders, a slow countdown), served over HTTP.</summary>
[McpServer("quickstart-http", Version = "1.0.0", Title = "McpGen QuickStart over HTTP",
    Instructions = "Use echo to test connectivity, add for sums, place_order to order items, countdown for a slow task.")]
public partial class HttpQuickStartServer;
