using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Text.Json;
using McpGen.Internal;

namespace McpGen;

/// <summary>The MCP clients <see cref="McpServerManifests"/> writes configuration for.</summary>
public enum McpClientApp
{
    /// <summary>Claude Desktop: <c>claude_desktop_config.json</c>, key <c>mcpServers</c>.</summary>
    ClaudeDesktop,

    /// <summary>Visual Studio Code (and Visual Studio): <c>.vscode/mcp.json</c>, key <c>servers</c>.</summary>
    VisualStudioCode,

    /// <summary>Cursor: <c>.cursor/mcp.json</c>, key <c>mcpServers</c>.</summary>
    Cursor,
}

/// <summary>How a client starts a stdio server: a command and its arguments.</summary>
/// <param name="Command">The program, e.g. <c>dnx</c> or the path of the built executable.</param>
/// <param name="Arguments">Its arguments.</param>
public sealed record McpStdioLaunch(string Command, IReadOnlyList<string> Arguments)
{
    /// <summary>Runs a NuGet tool package with <c>dnx</c> (the .NET 10 SDK's package runner), pinned to <paramref name="version"/>.</summary>
    /// <param name="packageId">The package id.</param>
    /// <param name="version">The package version.</param>
    public static McpStdioLaunch FromNuGet(string packageId, string version) => new("dnx", [packageId + "@" + version, "--yes"]);
}

/// <summary>The NuGet package a server ships in, for the registry's <c>packages</c> entry.</summary>
/// <param name="Identifier">The package id.</param>
/// <param name="Version">The package version.</param>
public sealed record McpPackageReference(string Identifier, string Version);

/// <summary>
/// Configuration portability: from the same compile-time declarations as the server card, the MCP registry's
/// <c>server.json</c> and ready-to-paste client configuration. The build writes them when
/// <c>McpGenWriteManifests</c> is <c>true</c> (see <c>docs/manifests.md</c>); these methods make them on demand.
/// </summary>
public static class McpServerManifests
{
    /// <summary>The schema of the MCP registry's <c>server.json</c>.</summary>
    public const string RegistrySchemaUri = "https://static.modelcontextprotocol.io/schemas/v1/server.schema.json";

    /// <summary>The environment variable that makes a McpGen application write its manifests to a directory and exit.</summary>
    public const string WriteToVariable = "MCPGEN_WRITE_MANIFESTS_TO";

    /// <summary>
    /// The MCP registry entry (<c>server.json</c>) of <paramref name="definition"/>: the server card's identity and
    /// remotes, plus the NuGet package when one is given. <see langword="null"/> when the server has no card (a class in
    /// the global namespace without <see cref="McpServerAttribute.Publisher"/>: registry names are namespaced).
    /// </summary>
    /// <param name="definition">The server.</param>
    /// <param name="package">The package that runs it over stdio, if it ships as one.</param>
    public static byte[]? RegistryServerJson(McpServerDefinition definition, McpPackageReference? package = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.ServerCard is not { } card)
        {
            return null;
        }

        using var document = JsonDocument.Parse(card.Json);
        using var buffer = new PooledBufferWriter();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("$schema", RegistrySchemaUri);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("$schema"))
                {
                    continue;
                }

                if (property.NameEquals("remotes"))
                {
                    // The registry lists where to connect; which revisions are served there is the card's business.
                    w.WriteStartArray("remotes");
                    foreach (var remote in property.Value.EnumerateArray())
                    {
                        w.WriteStartObject();
                        foreach (var member in remote.EnumerateObject())
                        {
                            if (!member.NameEquals("supportedProtocolVersions"))
                            {
                                member.WriteTo(w);
                            }
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    continue;
                }

                property.WriteTo(w);
            }

            if (package is not null)
            {
                w.WriteStartArray("packages");
                w.WriteStartObject();
                w.WriteString("registryType", "nuget");
                w.WriteString("registryBaseUrl", "https://api.nuget.org");
                w.WriteString("identifier", package.Identifier);
                w.WriteString("version", package.Version);
                w.WriteStartObject("transport");
                w.WriteString("type", "stdio");
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A configuration file for <paramref name="client"/> listing each server: started over stdio with
    /// <paramref name="launch"/> when given, and each <see cref="McpRemoteAttribute">remote</see> without
    /// <c>{variables}</c> over HTTP (clients that take URLs). Paste it into the client's file or merge its entries.
    /// </summary>
    /// <param name="definitions">The servers.</param>
    /// <param name="client">The client.</param>
    /// <param name="launch">How to start the servers over stdio; <see langword="null"/> for HTTP-only applications.</param>
    public static string ClientConfiguration(IReadOnlyList<McpServerDefinition> definitions, McpClientApp client, McpStdioLaunch? launch)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        using var buffer = new PooledBufferWriter();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartObject(client == McpClientApp.VisualStudioCode ? "servers" : "mcpServers");
            foreach (var definition in definitions)
            {
                string key = definition.Info.Name;
                if (launch is not null)
                {
                    w.WriteStartObject(key);
                    if (client == McpClientApp.VisualStudioCode)
                    {
                        w.WriteString("type", "stdio");
                    }

                    w.WriteString("command", launch.Command);
                    w.WriteStartArray("args");
                    foreach (string argument in launch.Arguments)
                    {
                        w.WriteStringValue(argument);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                // Claude Desktop adds remote servers as connectors in its UI, not in this file.
                if (client != McpClientApp.ClaudeDesktop)
                {
                    int index = 0;
                    foreach (string url in RemoteUrls(definition))
                    {
                        w.WriteStartObject(launch is null && index == 0 ? key : key + "-remote" + (index == 0 ? string.Empty : "-" + (index + 1)));
                        if (client == McpClientApp.VisualStudioCode)
                        {
                            w.WriteString("type", "http");
                        }

                        w.WriteString("url", url);
                        w.WriteEndObject();
                        index++;
                    }
                }
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Writes <c>server.json</c> (one per server with a card; <c>{name}.server.json</c> when there are several) and
    /// <c>claude_desktop_config.json</c>, <c>vscode.mcp.json</c> and <c>cursor.mcp.json</c> into <paramref name="directory"/>.
    /// </summary>
    /// <param name="definitions">The servers.</param>
    /// <param name="directory">Where to write; created if missing.</param>
    /// <param name="launch">How clients start the servers over stdio; <see langword="null"/> for HTTP-only applications.</param>
    /// <param name="package">The NuGet package the servers ship in, if any.</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> WriteAll(IReadOnlyList<McpServerDefinition> definitions, string directory, McpStdioLaunch? launch, McpPackageReference? package)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var definition in definitions)
        {
            if (RegistryServerJson(definition, package) is { } registry)
            {
                string path = Path.Combine(directory, definitions.Count == 1 ? "server.json" : definition.Info.Name + ".server.json");
                File.WriteAllBytes(path, registry);
                written.Add(path);
            }
        }

        foreach (var (client, file) in new[] { (McpClientApp.ClaudeDesktop, "claude_desktop_config.json"), (McpClientApp.VisualStudioCode, "vscode.mcp.json"), (McpClientApp.Cursor, "cursor.mcp.json") })
        {
            string path = Path.Combine(directory, file);
            File.WriteAllText(path, ClientConfiguration(definitions, client, launch));
            written.Add(path);
        }

        return written;
    }

    /// <summary>
    /// Called by generated code when the application starts: when <see cref="WriteToVariable"/> is set (the build's
    /// <c>McpGenWriteManifests</c> target sets it), writes the manifests of the assembly's servers there and exits.
    /// </summary>
    /// <param name="definitions">Makes the assembly's server definitions (only when asked).</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void WriteAndExitIfRequested(Func<McpServerDefinition[]> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        if (Environment.GetEnvironmentVariable(WriteToVariable) is not { Length: > 0 } directory)
        {
            return;
        }

        string? command = Environment.GetEnvironmentVariable("MCPGEN_MANIFEST_COMMAND");
        string? packageId = Environment.GetEnvironmentVariable("MCPGEN_MANIFEST_PACKAGE_ID");
        string? version = Environment.GetEnvironmentVariable("MCPGEN_MANIFEST_PACKAGE_VERSION");
        bool isTool = Environment.GetEnvironmentVariable("MCPGEN_MANIFEST_PACK_AS_TOOL") == "true";
        bool httpOnly = Environment.GetEnvironmentVariable("MCPGEN_MANIFEST_HTTP") == "true";
        var package = isTool && packageId is { Length: > 0 } && version is { Length: > 0 } ? new McpPackageReference(packageId, version) : null;
        McpStdioLaunch? launch = httpOnly ? null
            : package is not null ? McpStdioLaunch.FromNuGet(package.Identifier, package.Version)
            : command is { Length: > 0 } ? new McpStdioLaunch(command, SplitArguments(Environment.GetEnvironmentVariable("MCPGEN_MANIFEST_ARGS")))
            : null;
        foreach (string path in WriteAll(definitions(), directory, launch, package))
        {
            Console.Error.WriteLine("McpGen: wrote " + path);
        }

        Environment.Exit(0);
    }

    private static IReadOnlyList<string> SplitArguments(string? arguments) =>
        string.IsNullOrEmpty(arguments) ? [] : arguments.Split('|', StringSplitOptions.RemoveEmptyEntries);

    private static IEnumerable<string> RemoteUrls(McpServerDefinition definition)
    {
        if (definition.ServerCard is not { } card)
        {
            yield break;
        }

        using var document = JsonDocument.Parse(card.Json);
        if (!document.RootElement.TryGetProperty("remotes", out var remotes))
        {
            yield break;
        }

        var urls = new List<string>();
        foreach (var remote in remotes.EnumerateArray())
        {
            if (remote.TryGetProperty("url", out var url) && url.GetString() is { } text && !text.Contains('{', StringComparison.Ordinal))
            {
                urls.Add(text);
            }
        }

        foreach (string url in urls)
        {
            yield return url;
        }
    }
}
