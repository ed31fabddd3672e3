using McpGen.Client.InteropTests.OfficialSdk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The official C# SDK's stdio server, set up as its documentation shows; logs off so stdout carries only MCP.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Services
    .AddMcpServer()
    .WithStdioServerTransport()
    .WithTools<OfficialSdkTools>()
    .WithResources<OfficialSdkResources>()
    .WithPrompts<OfficialSdkPrompts>();
await builder.Build().RunAsync();
