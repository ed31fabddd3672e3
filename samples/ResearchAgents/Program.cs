using System;
using System.Globalization;
using System.Linq;
using McpGen.Client;
using McpGen.Samples.ResearchAgents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Four research agents in one binary; --agent chooses which one this process is. Tasks live in Redis, so any instance
// of an agent serves any of its tasks, and research's calls to its peers are durable links of its tasks.
//   dotnet ResearchAgents.dll --agent search --urls http://127.0.0.1:5201 --Redis 127.0.0.1:6379
//   bash samples/ResearchAgents/run.sh        (Redis and two instances of each agent)
// Configuration: --agent research|search|summarize|cite; --Redis (a StackExchange.Redis configuration string);
// --Agents:WorkMs (how long each tool works, default 1500); --Agents:Search:0, --Agents:Search:1 (and Summarize, Cite):
// the peers' MCP endpoints, default 127.0.0.1 ports 5201/5202, 5301/5302, 5401/5402; --McpGen:Tasks:LeaseDuration.
var builder = WebApplication.CreateSlimBuilder(args);
var configuration = builder.Configuration;
string agent = (configuration["agent"] ?? "research").ToLowerInvariant();
int defaultPort = agent switch
{
    "research" => 5101,
    "search" => 5201,
    "summarize" => 5301,
    "cite" => 5401,
    _ => throw new ArgumentException($"--agent must be research, search, summarize or cite, not '{agent}'."),
};

// Loopback only: these agents have no authorization of their own.
string urls = configuration["urls"] ?? $"http://127.0.0.1:{defaultPort}";
foreach (string url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries))
{
    if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host is not ("127.0.0.1" or "localhost" or "[::1]"))
    {
        throw new ArgumentException($"The agents listen on loopback only; '{url}' is not a loopback URL.");
    }
}

builder.WebHost.UseUrls(urls);

int workMs = int.Parse(configuration["Agents:WorkMs"] ?? "1500", CultureInfo.InvariantCulture);
builder.Services.AddSingleton(new AgentSettings(agent, TimeSpan.FromMilliseconds(workMs)));
builder.Services.AddSingleton<RunCounter>();

// Tasks and events in Redis; each agent keeps its tasks under its own prefix, so an instance of one agent never
// sweeps up the tasks of another (whose tools it does not have).
string redis = configuration["Redis"] ?? "127.0.0.1:6379";
builder.Services.AddMcpRedisEventBus(redis, o => o.Channel = $"research-agents:{agent}:events");
builder.Services.AddMcpRedisTaskStore(o => o.KeyPrefix = $"research-agents:{agent}:tasks:");
builder.Services.ConfigureMcpServer(configuration.GetSection("McpGen"));   // the task lease, …

if (agent == "research")
{
    AddPeer<ISearchAgent>("Search", 5201);
    AddPeer<ISummaryAgent>("Summarize", 5301);
    AddPeer<ICiteAgent>("Cite", 5401);
}

var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("ok " + agent));
switch (agent)
{
    case "research": app.MapMcp<ResearchServer>("/mcp"); break;
    case "search": app.MapMcp<SearchServer>("/mcp"); break;
    case "summarize": app.MapMcp<SummarizeServer>("/mcp"); break;
    default: app.MapMcp<CiteServer>("/mcp"); break;
}

await app.RunAsync();

// A typed client of a peer agent: the standard resilience handler (with MCP's retry rules), then failover between
// the peer's instances (--Agents:{name}:0, :1, …).
void AddPeer<T>(string name, int port)
    where T : class, IMcpGeneratedClient<T>
{
    var endpoints = configuration.GetSection("Agents:" + name).GetChildren()
        .Where(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _) && !string.IsNullOrEmpty(c.Value))
        .OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture))
        .Select(c => new Uri(c.Value!))
        .ToArray();
    if (endpoints.Length == 0)
    {
        endpoints = [new Uri($"http://127.0.0.1:{port}/mcp"), new Uri($"http://127.0.0.1:{port + 1}/mcp")];
    }

    var peer = new PeerEndpoints(endpoints);
    var client = builder.Services.AddMcpClient<T>(endpoints[0], o => o.ClientInfo = new() { Name = "research-agent", Version = "1.0.0" });
    client.AddMcpResilienceHandler();
    client.AddHttpMessageHandler(() => new FailoverHandler(peer));
}
