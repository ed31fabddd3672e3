using System;
using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

// The ceiling: Kestrel + routing, reading the request body and writing a fixed JSON-RPC result.
// No MCP, no JSON parsing; no MCP server on Kestrel can be faster than this.
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();

WebApplication app = builder.Build();

app.MapPost("/mcp", static context => BareEndpoint.HandleAsync(context));

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

internal static class BareEndpoint
{
    private static readonly byte[] Body =
        """{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"hello"}]}}"""u8.ToArray();

    public static async Task HandleAsync(HttpContext context)
    {
        // Drain the request body, as a real server must before answering.
        PipeReader reader = context.Request.BodyReader;
        while (true)
        {
            ReadResult result = await reader.ReadAsync(context.RequestAborted);
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                break;
            }
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = Body.Length;
        await context.Response.BodyWriter.WriteAsync(Body, context.RequestAborted);
    }
}
