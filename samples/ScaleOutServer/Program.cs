using McpGen.Samples.ScaleOut;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// A notes server meant to run as several instances behind a load balancer. Nothing lives in process memory:
// notes are in Redis, change notifications travel over Redis pub/sub, and requestState is sealed with a key every
// instance shares. Run two instances:
//   export McpGen__RequestState__Keys__0=$(openssl rand -base64 32)    # the same key on every instance
//   dotnet run --project samples/ScaleOutServer -c Release -- --urls http://127.0.0.1:3101 --Redis 127.0.0.1:6379 &
//   dotnet run --project samples/ScaleOutServer -c Release -- --urls http://127.0.0.1:3102 --Redis 127.0.0.1:6379 &
var builder = WebApplication.CreateSlimBuilder(args);
string redis = builder.Configuration["Redis"] ?? "127.0.0.1:6379";
builder.Services.AddMcpRedis(redis);                      // event bus and task store, shared by every instance
builder.Services.AddSingleton<INoteStore, RedisNoteStore>();
builder.Services.ConfigureMcpServer(builder.Configuration.GetSection("McpGen"));   // the shared key, the task lease, …
builder.Services.ConfigureMcpHttp(builder.Configuration.GetSection("McpGen:Http")); // the drain delay, …
builder.Services.AddHealthChecks().AddMcpHealthChecks();  // readiness: Redis answers and the instance is not stopping

var app = builder.Build();
app.MapMcp<NotesServer>("/mcp");
app.MapMcpHealthChecks();                                 // GET /healthz/live and /healthz/ready, for the balancer
await app.RunAsync();
