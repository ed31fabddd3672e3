using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

// The official C# SDK's stdio server with the QuickStart's add tool, as its documentation sets one up; the
// start-up comparison in benchmarks/run.sh runs it against the same requests as McpGen's QuickStart.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Services
    .AddMcpServer()
    .WithStdioServerTransport()
    .WithTools<ArithmeticTools>();
await builder.Build().RunAsync();

/// <summary>The tool the start-up benchmark calls.</summary>
[McpServerToolType]
internal sealed class ArithmeticTools
{
    [McpServerTool(Name = "add"), Description("Adds two integers.")]
    public static long Add([Description("The first addend.")] int a, [Description("The second addend.")] int b) => (long)a + b;
}
