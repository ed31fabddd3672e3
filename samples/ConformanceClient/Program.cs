// The conformance client of the official MCP conformance suite (@modelcontextprotocol/conformance). The suite starts it
// once per client scenario with the scenario's name in MCP_CONFORMANCE_SCENARIO, optional scenario data in
// MCP_CONFORMANCE_CONTEXT (JSON) and the server URL as the last argument. Everything protocol-shaped lives in
// McpGen.Client; this program only maps a scenario to calls and configuration.
using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client;
using ModelContextProtocol.Protocol;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: ConformanceClient <server-url>   (scenario in MCP_CONFORMANCE_SCENARIO)");
    return 2;
}

string scenario = Environment.GetEnvironmentVariable("MCP_CONFORMANCE_SCENARIO") ?? "";
string? revision = Environment.GetEnvironmentVariable("MCP_CONFORMANCE_PROTOCOL_VERSION");
var serverUrl = new Uri(args[^1]);
using var context = JsonDocument.Parse(Environment.GetEnvironmentVariable("MCP_CONFORMANCE_CONTEXT") is { Length: > 0 } c ? c : "{}");

try
{
    await ConformanceScenarios.RunAsync(scenario, revision, serverUrl, context.RootElement, CancellationToken.None);
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"{scenario}: {ex}");
    return 1;
}
