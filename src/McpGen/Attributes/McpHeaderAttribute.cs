using System;

namespace McpGen;

/// <summary>
/// Mirrors a tool argument into an <c>Mcp-Param-{Name}</c> HTTP request header, so gateways and load balancers can
/// route on it without reading the body. The generator marks the argument's property with <c>"x-mcp-header"</c> in the
/// tool's input schema; Streamable HTTP clients then send the header and McpGen rejects a request whose header is
/// missing or disagrees with the argument (400, <c>-32020</c>).
/// </summary>
/// <remarks>
/// <para>
/// Only <see cref="string"/>, <see cref="bool"/> and integer arguments no wider than <see cref="int"/>/<see cref="uint"/>
/// (and types written as JSON strings: enums, <see cref="Guid"/>, dates, URIs) can be mirrored, the name must be an
/// HTTP token, and names are unique within a tool regardless of case; anything else is diagnostic MCPG1013.
/// </para>
/// <para>Header values are visible to every intermediary: do not mirror secrets or personal data.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class McpHeaderAttribute : Attribute
{
    /// <summary>Mirrors the argument under its own name with the first letter upper-cased (<c>region</c> becomes <c>Mcp-Param-Region</c>).</summary>
    public McpHeaderAttribute()
    {
    }

    /// <summary>Mirrors the argument under <paramref name="name"/>.</summary>
    /// <param name="name">The header suffix: <c>Region</c> for <c>Mcp-Param-Region</c>.</param>
    public McpHeaderAttribute(string name) => Name = name;

    /// <summary>The header suffix, or <see langword="null"/> for the argument's name with the first letter upper-cased.</summary>
    public string? Name { get; }
}
