using System;
using McpGen.Conformance;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

// The server the official conformance suite (@modelcontextprotocol/conformance) tests: every fixture of the suite's
// server scenarios, with exactly the names, arguments and outputs the scenarios check.
//   dotnet run --project samples/ConformanceServer -c Release -- --urls http://127.0.0.1:3001   (MCP at /mcp)
//   dotnet run --project samples/ConformanceServer -c Release -- --stdio
if (Array.IndexOf(args, "--stdio") >= 0)
{
    await ConformanceServer.RunStdioAsync();
    return;
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
app.MapMcp<ConformanceServer>("/mcp");
await app.RunAsync();
