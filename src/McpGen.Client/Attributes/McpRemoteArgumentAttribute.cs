using System;

namespace McpGen.Client;

/// <summary>Names the argument (or URI template variable) a parameter of an <see cref="McpClientAttribute"/> method is sent as.</summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class McpRemoteArgumentAttribute : Attribute
{
    /// <summary>Sends the parameter as <paramref name="name"/>.</summary>
    /// <param name="name">The name on the wire, e.g. <c>max_results</c>.</param>
    public McpRemoteArgumentAttribute(string name) => Name = name;

    /// <summary>The name on the wire.</summary>
    public string Name { get; }
}
