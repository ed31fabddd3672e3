using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client.Generated;

namespace McpGen.Client;

// Imported clients: a saved tools/list answer is checked against the live server once, before the first call.
public sealed partial class McpClient
{
    private readonly HashSet<McpToolSnapshot> _verifiedSnapshots = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Checks once per client that the server still has every tool of <paramref name="snapshot"/> and requires no
    /// argument it does not know; later calls return at once. Called by clients imported from a saved <c>tools/list</c>.
    /// </summary>
    /// <param name="snapshot">What the imported client was generated from.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that completes when the server matches.</returns>
    /// <exception cref="McpClientException">The server no longer matches; the message names each difference.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ValueTask VerifySnapshotAsync(McpToolSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_verifiedSnapshots)
        {
            if (_verifiedSnapshots.Contains(snapshot))
            {
                return default;
            }
        }

        return VerifyAsync(snapshot, cancellationToken);
    }

    private async ValueTask VerifyAsync(McpToolSnapshot snapshot, CancellationToken cancellationToken)
    {
        var live = (await ListAllToolsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(t => t.Name, StringComparer.Ordinal);
        var differences = new List<string>();
        foreach (var tool in snapshot.Tools)
        {
            if (!live.TryGetValue(tool.Name, out var current))
            {
                differences.Add($"the server has no tool '{tool.Name}' any more");
                continue;
            }

            if (current.InputSchema.ValueKind == JsonValueKind.Object
                && current.InputSchema.TryGetProperty("required", out var required)
                && required.ValueKind == JsonValueKind.Array)
            {
                foreach (var argument in required.EnumerateArray())
                {
                    if (argument.GetString() is { } name && !tool.Arguments.Contains(name, StringComparer.Ordinal))
                    {
                        differences.Add($"tool '{tool.Name}' now requires argument '{name}', which the snapshot does not know");
                    }
                }
            }
        }

        if (differences.Count > 0)
        {
            throw new McpClientException(
                $"{snapshot.InterfaceName} was generated from {snapshot.File}, which no longer matches the server: {string.Join("; ", differences)}. " +
                $"Save a new tools/list answer to {snapshot.File} and rebuild.");
        }

        lock (_verifiedSnapshots)
        {
            _verifiedSnapshots.Add(snapshot);
        }
    }
}
