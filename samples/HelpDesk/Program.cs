using System;
using HelpDesk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

// A help-desk MCP server over Streamable HTTP (protocol 2026-07-28; 2025-11-25 clients are served too):
//   dotnet run --project samples/HelpDesk -c Release -- --urls http://127.0.0.1:5080    (MCP at /mcp)
//   dotnet publish samples/HelpDesk -c Release -r linux-x64 -o out                      (one Native AOT binary)
var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ITicketStore, InMemoryTicketStore>();

// McpGen's options from configuration ("McpGen" in appsettings.json, McpGen__… environment variables). Several
// instances behind a load balancer must share the key that seals input rounds (close_ticket's confirmation): set
// McpGen__RequestState__Keys__0 to the same `openssl rand -base64 32` everywhere, and swap the ticket store for a shared one.
builder.Services.ConfigureMcpServer(builder.Configuration.GetSection("McpGen"));
builder.Services.ConfigureMcpHttp(builder.Configuration.GetSection("McpGen:Http"));   // allowed browser origins, keep-alive, …

var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("ok"));      // for load balancer and Kubernetes probes
app.MapMcp<HelpDeskServer>("/mcp");                     // also /mcp/server-card and /.well-known/ai-catalog.json
await app.RunAsync();
