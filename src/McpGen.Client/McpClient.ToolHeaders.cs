using System.Collections.Concurrent;
using System.Collections.Generic;
using McpGen.Client.Internal;
using ModelContextProtocol.Protocol;

namespace McpGen.Client;

// SEP-2243 custom headers: tools/list teaches the client which arguments of which tool go into Mcp-Param-* headers, and
// tools whose annotations are invalid are left out of the list (a client must not call them).
public sealed partial class McpClient
{
    private readonly ConcurrentDictionary<string, ToolHeaderMap> _toolHeaders = new(System.StringComparer.Ordinal);

    private ListToolsResult RememberToolHeaders(ListToolsResult result)
    {
        List<Tool>? kept = null;
        for (int i = 0; i < result.Tools.Count; i++)
        {
            var tool = result.Tools[i];
            if (!ToolHeaderMap.TryRead(tool.InputSchema, out var map, out _))
            {
                kept ??= [.. System.Linq.Enumerable.Take(result.Tools, i)];
                _toolHeaders.TryRemove(tool.Name, out _);
                continue;
            }

            if (map is null)
            {
                _toolHeaders.TryRemove(tool.Name, out _);
            }
            else
            {
                _toolHeaders[tool.Name] = map;
            }

            kept?.Add(tool);
        }

        if (kept is not null)
        {
            result.Tools = kept;
        }

        return result;
    }

    /// <summary>
    /// Declares that <paramref name="argument"/> of <paramref name="toolName"/> is mirrored into the
    /// <c>Mcp-Param-{header}</c> header (SEP-2243), before any <c>tools/list</c> said so; generated clients call it for
    /// arguments marked <c>[McpHeader]</c> or imported with <c>x-mcp-header</c>. A later <c>tools/list</c> replaces it.
    /// </summary>
    /// <param name="toolName">The tool.</param>
    /// <param name="argument">The argument's name.</param>
    /// <param name="header">The header's suffix, e.g. <c>Region</c> for <c>Mcp-Param-Region</c>.</param>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public void DeclareToolHeader(string toolName, string argument, string header)
    {
        System.ArgumentException.ThrowIfNullOrEmpty(toolName);
        System.ArgumentException.ThrowIfNullOrEmpty(argument);
        System.ArgumentException.ThrowIfNullOrEmpty(header);
        _toolHeaders.AddOrUpdate(toolName, static (_, entry) => ToolHeaderMap.Of(entry.argument, entry.header), static (_, map, entry) => map.With(entry.argument, entry.header), (argument, header));
    }

    ToolHeaderMap? IMcpClientPeer.GetToolHeaders(string toolName) => _toolHeaders.TryGetValue(toolName, out var map) ? map : null;

    bool IMcpClientPeer.AnswersServerRequests => _options.Elicitation is not null || _options.Sampling is not null || _options.Roots is not null;
}
