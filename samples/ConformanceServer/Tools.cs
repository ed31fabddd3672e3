using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace McpGen.Conformance;

/// <summary>Tool fixtures (conformance scenarios tools-call-*).</summary>
public static class ConformanceTools
{
    /// <summary>Returns a fixed text block.</summary>
    [McpTool("test_simple_text")]
    public static string SimpleText() => "This is a simple text response for testing.";

    /// <summary>Returns a 1×1 PNG image.</summary>
    [McpTool("test_image_content")]
    public static ContentBlock ImageContent() => ImageContentBlock.FromBytes(Fixtures.Png, "image/png");

    /// <summary>Returns a short WAV clip.</summary>
    [McpTool("test_audio_content")]
    public static ContentBlock AudioContent() => AudioContentBlock.FromBytes(Fixtures.Wav, "audio/wav");

    /// <summary>Returns an embedded text resource.</summary>
    [McpTool("test_embedded_resource")]
    public static ContentBlock EmbeddedResource() => new EmbeddedResourceBlock
    {
        Resource = new TextResourceContents { Uri = "test://embedded-resource", MimeType = "text/plain", Text = "This is an embedded resource content." },
    };

    /// <summary>Returns text, an image and an embedded JSON resource.</summary>
    [McpTool("test_multiple_content_types")]
    public static IEnumerable<ContentBlock> MultipleContentTypes() =>
    [
        new TextContentBlock { Text = "Multiple content types test:" },
        ImageContentBlock.FromBytes(Fixtures.Png, "image/png"),
        new EmbeddedResourceBlock
        {
            Resource = new TextResourceContents { Uri = "test://mixed-content-resource", MimeType = "application/json", Text = """{"test":"data","value":123}""" },
        },
    ];

    /// <summary>Always fails with a tool error.</summary>
    [McpTool("test_error_handling")]
    public static CallToolResult ErrorHandling() => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = "This tool intentionally returns an error for testing" }],
    };

    /// <summary>Reports progress 0, 50 and 100 of 100, about 50 ms apart.</summary>
    [McpTool("test_tool_with_progress")]
    public static async Task<string> ToolWithProgress(IProgress<McpProgress> progress, CancellationToken cancellationToken)
    {
        for (int step = 0; step <= 100; step += 50)
        {
            progress.Report(new McpProgress(step, 100, $"Step {step / 50 + 1} of 3"));
            if (step < 100)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }

        return "Progress complete";
    }

    /// <summary>Needs sampling: without the client capability the request is rejected with -32021.</summary>
    [McpTool("test_missing_capability")]
    public static string MissingCapability(McpToolCall call)
    {
        // Sampling is deprecated in 2026-07-28, but this fixture exists to probe a missing capability.
#pragma warning disable MCP9005
        if (call.ClientCapabilities.Sampling is null)
#pragma warning restore MCP9005
        {
            throw new McpMissingClientCapabilityException("sampling");
        }

        return "The client declared sampling.";
    }

    /// <summary>Called with elicitation declared; its response stream holds only the response, never a request.</summary>
    [McpTool("test_streaming_elicitation")]
    public static string StreamingElicitation() => "Completed without sending requests to the client.";

    /// <summary>Takes a contact: a name, an address, and a phone number or an email address as the contact method says.</summary>
    [McpTool("json_schema_2020_12_tool", InputSchema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "$defs": {
            "address": {
              "$anchor": "addressDef",
              "type": "object",
              "properties": { "street": { "type": "string" }, "city": { "type": "string" } }
            }
          },
          "properties": {
            "name": { "type": "string" },
            "address": { "$ref": "#/$defs/address" },
            "contactMethod": { "type": "string", "enum": ["phone", "email"] },
            "phone": { "type": "string" },
            "email": { "type": "string" }
          },
          "allOf": [{ "anyOf": [{ "required": ["phone"] }, { "required": ["email"] }] }],
          "if": { "properties": { "contactMethod": { "const": "phone" } }, "required": ["contactMethod"] },
          "then": { "required": ["phone"] },
          "else": { "required": ["email"] },
          "additionalProperties": false
        }
        """)]
    public static string JsonSchema202012(string? name = null, JsonElement? address = null, string? contactMethod = null, string? phone = null, string? email = null) =>
        contactMethod == "phone" ? $"Will call {name} at {phone}." : $"Will write to {name} at {email}.";

    /// <summary>Logs three entries about 50 ms apart; a request that sets a log level receives them.</summary>
    [McpTool("test_tool_with_logging")]
    public static async Task<string> ToolWithLogging(McpToolCall call, CancellationToken cancellationToken)
    {
        call.ClientLog.LogInformation("Tool execution started");
        await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        call.ClientLog.LogInformation("Tool processing data");
        await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        call.ClientLog.LogInformation("Tool execution completed");
        return "Logging complete";
    }

    /// <summary>Announces that the tool list changed, to every listening client on every instance.</summary>
    [McpTool("test_trigger_tool_change")]
    public static async Task<string> TriggerToolChange(McpToolCall call, CancellationToken cancellationToken)
    {
        await call.Events.PublishAsync(McpServerEvent.ToolsListChanged, cancellationToken).ConfigureAwait(false);
        return "Mutation triggered";
    }

    /// <summary>Announces that the prompt list changed, to every listening client on every instance.</summary>
    [McpTool("test_trigger_prompt_change")]
    public static async Task<string> TriggerPromptChange(McpToolCall call, CancellationToken cancellationToken)
    {
        await call.Events.PublishAsync(McpServerEvent.PromptsListChanged, cancellationToken).ConfigureAwait(false);
        return "Mutation triggered";
    }

    /// <summary>Succeeds without logging: the request sets no log level.</summary>
    [McpTool("test_logging_tool")]
    public static string LoggingTool() => "Logging tool completed";

    /// <summary>Looks up a record in one region; gateways route on the region without reading the body.</summary>
    /// <param name="region">The region that holds the record (mirrored into <c>Mcp-Param-Region</c>).</param>
    /// <param name="id">The record id.</param>
    /// <param name="dryRun">Checks the lookup without reading (mirrored into <c>Mcp-Param-DryRun</c>).</param>
    [McpTool("test_routed_lookup", ReadOnly = true)]
    public static string RoutedLookup([McpHeader] string region, int id = 0, [McpHeader("DryRun")] bool dryRun = false) =>
        $"record {id} in {region}{(dryRun ? " (dry run)" : string.Empty)}";
}
