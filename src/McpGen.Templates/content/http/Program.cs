var builder = WebApplication.CreateSlimBuilder(args);
#if (redis)

// Several instances behind a load balancer share list-change notifications and tasks through Redis.
builder.Services.AddMcpRedis(builder.Configuration.GetConnectionString("redis") ?? "localhost:6379");

// Questions to the user (McpInput) ride in a sealed requestState that any instance must open: give every instance
// the same key, e.g. McpGen__RequestStateKey=$(openssl rand -base64 32).
builder.Services.Configure<McpGen.McpServerOptions>(options =>
{
    if (builder.Configuration["McpGen:RequestStateKey"] is { Length: > 0 } key)
    {
        options.RequestState.Keys.Add(Convert.FromBase64String(key));
    }
});
#endif

var app = builder.Build();

// MCP at /mcp (2026-07-28, stateless; 2025-11-25 clients too), plus /mcp/server-card and /.well-known/ai-catalog.json.
app.MapMcp<McpServer1.Server>("/mcp");
app.Run();
