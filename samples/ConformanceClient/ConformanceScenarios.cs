using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client;
using McpGen;
using ModelContextProtocol.Protocol;

/// <summary>Maps each conformance scenario to what a well-behaved client does in it.</summary>
internal static class ConformanceScenarios
{
    public static async Task RunAsync(string scenario, string? revision, Uri serverUrl, JsonElement context, CancellationToken cancellationToken)
    {
        var options = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "mcpgen-conformance-client", Version = "1.0.0" },
            ProtocolVersion = revision is null or McpProtocol.LatestVersion ? McpProtocol.LatestVersion : McpProtocol.LatestLegacyVersion,
            Elicitation = static (request, _) => ValueTask.FromResult(ConformanceElicitation.Accept(request)),
        };

        using var http = scenario.StartsWith("auth/", StringComparison.Ordinal)
            ? ConformanceAuthorization.CreateHttpClient(scenario, context)
            : new HttpClient();
        await using var client = McpClient.Create(http, serverUrl, options);

        var tools = await client.ListAllToolsAsync(cancellationToken);
        if (context.TryGetProperty("toolCalls", out var toolCalls))
        {
            // Scenarios that need particular arguments name them.
            foreach (var call in toolCalls.EnumerateArray())
            {
                var arguments = call.GetProperty("arguments").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
                await client.CallToolAsync(call.GetProperty("name").GetString()!, arguments, cancellationToken);
            }

            return;
        }

        switch (scenario)
        {
            case "initialize":
                return;
            case "json-schema-2020-12-preservation":
                // Round-trips the focal tool's input schema, exactly as received, through the echo tool.
                var focal = tools.First(t => t.Name == "json_schema_2020_12_tool");
                await client.CallToolAsync("json_schema_echo", new Dictionary<string, JsonElement> { ["schema"] = focal.InputSchema }, cancellationToken);
                return;
            case "json-schema-ref-no-deref":
                return;
            case "sep-2322-client-request-state":
                // Independent requests in flight at once keep their own input rounds apart.
                await Task.WhenAll(tools.Select(t => client.CallToolAsync(t.Name, null, cancellationToken).AsTask()));
                return;
        }

        foreach (var tool in tools)
        {
            var arguments = tool.Name == "add_numbers"
                ? new Dictionary<string, JsonElement> { ["a"] = JsonSerializer.SerializeToElement(5, ConformanceJson.Default.Int32), ["b"] = JsonSerializer.SerializeToElement(3, ConformanceJson.Default.Int32) }
                : null;
            await client.CallToolAsync(tool.Name, arguments, cancellationToken);
        }

        if (scenario == "http-standard-headers")
        {
            foreach (var resource in (await client.ListResourcesAsync(cancellationToken: cancellationToken)).Resources)
            {
                await client.ReadResourceAsync(resource.Uri, cancellationToken);
            }

            foreach (var prompt in (await client.ListPromptsAsync(cancellationToken: cancellationToken)).Prompts)
            {
                await client.GetPromptAsync(prompt.Name, cancellationToken: cancellationToken);
            }
        }
    }
}

/// <summary>Answers elicitation forms the way a user who confirms would: yes to every yes/no question; McpGen.Client fills in
/// every field the answer leaves out that has a default (SEP-1034).</summary>
internal static class ConformanceElicitation
{
    public static ElicitResult Accept(ElicitRequestParams request)
    {
        var content = new Dictionary<string, JsonElement>();
        foreach (var (name, schema) in request.RequestedSchema?.Properties ?? new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>())
        {
            if (schema is ElicitRequestParams.BooleanSchema { Default: null })
            {
                content[name] = JsonSerializer.SerializeToElement(true, ConformanceJson.Default.Boolean);
            }
        }

        return new ElicitResult { Action = "accept", Content = content };
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(int))]
[System.Text.Json.Serialization.JsonSerializable(typeof(bool))]
internal sealed partial class ConformanceJson : System.Text.Json.Serialization.JsonSerializerContext;
