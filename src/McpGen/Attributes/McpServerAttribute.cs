using System;

namespace McpGen;

/// <summary>
/// Declares an MCP server. Put it on a <see langword="partial"/> class; the McpGen source generator fills the class in
/// with the server's compiled definition and entry points such as <c>RunStdioAsync</c>.
/// </summary>
/// <remarks>
/// By default every tool, resource, prompt and completion method in the assembly belongs to the assembly's server. An
/// assembly with several servers restricts each one with <see cref="Types"/>.
/// <code>
/// [McpServer("weather", Version = "1.2.0", Instructions = "Forecasts for any place on Earth.")]
/// public partial class WeatherServer;
///
/// await WeatherServer.RunStdioAsync();
/// </code>
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class McpServerAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The server name reported to clients in <c>serverInfo</c>.</param>
    public McpServerAttribute(string name) => Name = name;

    /// <summary>The server name reported to clients in <c>serverInfo</c>.</summary>
    public string Name { get; }

    /// <summary>The server version; defaults to the assembly's informational version, or <c>1.0.0</c>.</summary>
    public string? Version { get; set; }

    /// <summary>A human-readable display name for the server.</summary>
    public string? Title { get; set; }

    /// <summary>A short description of the server; defaults to the class's XML <c>&lt;summary&gt;</c>.</summary>
    public string? Description { get; set; }

    /// <summary>The server's website, reported in <c>serverInfo</c> and the server card.</summary>
    public string? WebsiteUrl { get; set; }

    /// <summary>
    /// The reverse-DNS namespace of whoever publishes the server, e.g. <c>com.example</c>: the server card names the
    /// server <c>{Publisher}/{Name}</c>, as registries do. Defaults to the class's C# namespace in lower case. Not used
    /// when <see cref="Name"/> already has the <c>namespace/name</c> form.
    /// </summary>
    public string? Publisher { get; set; }

    /// <summary>Natural-language guidance for the model, returned by <c>server/discover</c> and <c>initialize</c>.</summary>
    public string? Instructions { get; set; }

    /// <summary>
    /// The classes whose tools, resources, prompts and completions belong to this server. When not set, all of the
    /// assembly's belong to it.
    /// </summary>
    public Type[]? Types { get; set; }
}
