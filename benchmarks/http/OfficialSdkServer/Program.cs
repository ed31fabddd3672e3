using System;
using System.ComponentModel;
using System.Globalization;
using McpGen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

// The official C# SDK (ModelContextProtocol.AspNetCore), stateless Streamable HTTP, same echo tool.
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var mcp = builder.Services
    .AddMcpServer()
    .WithHttpTransport(options => options.Stateless = true);

// --bridge: the same tool through McpGen's bridge (generated binding) instead of the SDK's reflection path.
if (Array.IndexOf(args, "--bridge") >= 0)
{
    mcp.WithMcpGen<EchoBridgeServer>();
}
else
{
    mcp.WithTools<EchoTools>();
}

WebApplication app = builder.Build();

app.MapMcp("/mcp");

// Total bytes allocated by the process so far; run.sh reads it before and after a load run.
app.MapGet("/_alloc", static context =>
{
    context.Response.ContentType = "text/plain";
    return context.Response.WriteAsync(GC.GetTotalAllocatedBytes(true).ToString(CultureInfo.InvariantCulture));
});

// Methods the JIT has compiled so far (0 under Native AOT); run.sh warms up until this stops moving (tiering done).
app.MapGet("/_jit", static context =>
{
    context.Response.ContentType = "text/plain";
    return context.Response.WriteAsync(System.Runtime.JitInfo.GetCompiledMethodCount().ToString(CultureInfo.InvariantCulture));
});

app.Run();

/// <summary>The McpGen server over the same tool class, for the bridge rows.</summary>
[McpServer("echo-bench-sdk", Version = "1.0.0")]
public partial class EchoBridgeServer;

/// <summary>The tool the benchmark calls, with both attribute sets: the SDK's (reflection) and McpGen's (generated).</summary>
[McpServerToolType]
public sealed class EchoTools
{
    /// <summary>Echoes the message.</summary>
    /// <param name="message">The text to echo.</param>
    [McpServerTool(Name = "echo"), Description("Echoes the message.")]
    [McpTool("echo")]
    public static string Echo([Description("The text to echo.")] string message) => message;
}
