using System;

namespace McpGen;

/// <summary>Options of a served MCP server. The defaults suit most servers.</summary>
public sealed class McpServerOptions
{
    /// <summary>The shared default instance.</summary>
    internal static readonly McpServerOptions Default = new();

    /// <summary>How many tools one <c>tools/list</c> page holds. Default 100.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>
    /// How long clients may cache <c>server/discover</c> and list results (<c>ttlMs</c>). Default 5 minutes: the
    /// primitives are compiled into the server, so they change only when a new version is deployed.
    /// </summary>
    public TimeSpan ListTimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest request message accepted, in bytes. Default 4 MiB.</summary>
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    internal long ListTtlMs => (long)Math.Max(0, ListTimeToLive.TotalMilliseconds);
}
