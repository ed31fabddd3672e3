using System;
using System.Globalization;
using McpGenServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

// McpGen's Streamable HTTP server with one echo tool, for benchmarks/http/run.sh.
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();

WebApplication app = builder.Build();

app.MapMcp<EchoServer>("/mcp");

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
