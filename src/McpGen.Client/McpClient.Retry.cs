using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using ModelContextProtocol.Protocol;

namespace McpGen.Client;

// Which requests a resilience handler may send again: MCP's rule is that only reads and tools the server marks
// read-only or idempotent are retried automatically.
public sealed partial class McpClient
{
    // Tools the server marked readOnlyHint or idempotentHint, learned from every tools/list answer this client read.
    private readonly ConcurrentDictionary<string, bool> _retryableTools = new(StringComparer.Ordinal);

    private bool IsRetryable(string method, string? name) => method switch
    {
        "tools/call" => name is not null && _retryableTools.TryGetValue(name, out bool retryable) && retryable,
        "server/discover" or "tools/list" or "resources/list" or "resources/templates/list" or "prompts/list"
            or "resources/read" or "prompts/get" or "completion/complete" or "ping"
            or "tasks/get" or "tasks/cancel" or "tasks/update" => true,
        _ => false,
    };

    /// <summary>
    /// Declares that calls of <paramref name="toolName"/> may be retried (the tool is read-only or idempotent); generated
    /// clients call it for tools marked so. What a later <c>tools/list</c> says replaces it.
    /// </summary>
    /// <param name="toolName">The tool's name.</param>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public void DeclareRetryableTool(string toolName)
    {
        ArgumentException.ThrowIfNullOrEmpty(toolName);
        _retryableTools.TryAdd(toolName, true);
    }

    private void LearnRetryableTools(IList<Tool> tools)
    {
        foreach (var tool in tools)
        {
            _retryableTools[tool.Name] = tool.Annotations is { } hints && (hints.ReadOnlyHint == true || hints.IdempotentHint == true);
        }
    }
}
