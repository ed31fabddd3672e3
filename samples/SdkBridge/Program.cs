using McpGen;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The official SDK's stdio server (its host, transport and sessions) serving McpGen's generated tools: compile-time
// schemas, reflection-free binding, no JsonSerializerContext to write for Native AOT.
//   dotnet run --project samples/SdkBridge -c Release
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();   // stdout carries MCP messages only
builder.Services
    .AddMcpServer()
    .WithStdioServerTransport()
    .WithMcpGen<BridgedServer>();
await builder.Build().RunAsync();

/// <summary>The QuickStart tools, served by the official SDK through McpGen's bridge.</summary>
[McpServer("sdk-bridge", Version = "1.0.0")]
public partial class BridgedServer;
