var builder = WebApplication.CreateSlimBuilder(args);
#if (redis)

// Several instances behind a load balancer share list-change notifications and tasks through Redis.
builder.Services.AddMcpRedis(builder.Configuration.GetConnectionString("redis") ?? "localhost:6379");
#endif

// McpGen's options from the "McpGen" section of appsettings.json or McpGen__… environment variables.
// Behind a load balancer, give every instance the same request-state key: McpGen__RequestState__Keys__0=$(openssl rand -base64 32).
builder.Services.ConfigureMcpServer(builder.Configuration.GetSection("McpGen"));
builder.Services.ConfigureMcpHttp(builder.Configuration.GetSection("McpGen:Http"));   // e.g. McpGen__Http__AllowedOrigins__0

var app = builder.Build();

// MCP at /mcp (2026-07-28, stateless; 2025-11-25 clients too), plus /mcp/server-card and /.well-known/ai-catalog.json.
app.MapMcp<McpServer1.Server>("/mcp");
app.Run();
