using System;
using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

// The official C# SDK (ModelContextProtocol.AspNetCore), stateless Streamable HTTP, same echo tool.
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services
    .AddMcpServer()
    .WithHttpTransport(options => options.Stateless = true)
    .WithTools<EchoTools>();

WebApplication app = builder.Build();

app.MapMcp("/mcp");

// Total bytes allocated by the process so far; run.sh reads it before and after a load run.
app.MapGet("/_alloc", static context =>
{
    context.Response.ContentType = "text/plain";
    return context.Response.WriteAsync(GC.GetTotalAllocatedBytes(true).ToString(CultureInfo.InvariantCulture));
});

app.Run();

/// <summary>The tool the benchmark calls.</summary>
[McpServerToolType]
internal sealed class EchoTools
{
    [McpServerTool(Name = "echo"), Description("Echoes the message.")]
    public static string Echo([Description("The text to echo.")] string message) => message;
}
