using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace McpGen.AspNetCore.Tests;

/// <summary>server.json and client configuration made from the same declarations as the server card.</summary>
public sealed class ManifestTests
{
    [Fact]
    public void Registry_server_json_carries_the_cards_identity_remotes_and_the_nuget_package()
    {
        byte[] json = McpServerManifests.RegistryServerJson(HttpTestServer.Definition, new McpPackageReference("Contoso.HttpTest", "2.1.0"))!;
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(McpServerManifests.RegistrySchemaUri, root.GetProperty("$schema").GetString());
        Assert.Equal("com.example/http-test", root.GetProperty("name").GetString());
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Equal("HTTP test server", root.GetProperty("title").GetString());
        Assert.Equal("https://example.com/http-test", root.GetProperty("websiteUrl").GetString());

        var remotes = root.GetProperty("remotes").EnumerateArray().ToList();
        Assert.Equal(["https://mcp.example.com/mcp", "https://{tenant}.example.com/mcp"], remotes.Select(r => r.GetProperty("url").GetString()!).ToArray());
        Assert.All(remotes, r => Assert.Equal("streamable-http", r.GetProperty("type").GetString()));
        Assert.All(remotes, r => Assert.False(r.TryGetProperty("supportedProtocolVersions", out _)));

        var package = Assert.Single(root.GetProperty("packages").EnumerateArray());
        Assert.Equal("nuget", package.GetProperty("registryType").GetString());
        Assert.Equal("Contoso.HttpTest", package.GetProperty("identifier").GetString());
        Assert.Equal("2.1.0", package.GetProperty("version").GetString());
        Assert.Equal("stdio", package.GetProperty("transport").GetProperty("type").GetString());
    }

    [Fact]
    public void Without_a_publisher_the_registry_name_is_namespaced_by_the_csharp_namespace_and_lists_no_remotes_or_packages()
    {
        using var document = JsonDocument.Parse(McpServerManifests.RegistryServerJson(SecureTestServer.Definition)!);
        Assert.Equal("mcpgen.aspnetcore.tests/secure-test", document.RootElement.GetProperty("name").GetString());
        Assert.False(document.RootElement.TryGetProperty("remotes", out _));
        Assert.False(document.RootElement.TryGetProperty("packages", out _));
    }

    [Fact]
    public void Client_configuration_uses_each_clients_own_shape()
    {
        var launch = McpStdioLaunch.FromNuGet("Contoso.HttpTest", "2.1.0");
        using var vscode = JsonDocument.Parse(McpServerManifests.ClientConfiguration([HttpTestServer.Definition], McpClientApp.VisualStudioCode, launch));
        var stdio = vscode.RootElement.GetProperty("servers").GetProperty("http-test");
        Assert.Equal("stdio", stdio.GetProperty("type").GetString());
        Assert.Equal("dnx", stdio.GetProperty("command").GetString());
        Assert.Equal(["Contoso.HttpTest@2.1.0", "--yes"], stdio.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToArray());
        var remote = vscode.RootElement.GetProperty("servers").GetProperty("http-test-remote");
        Assert.Equal("http", remote.GetProperty("type").GetString());
        Assert.Equal("https://mcp.example.com/mcp", remote.GetProperty("url").GetString());
        Assert.Equal(2, vscode.RootElement.GetProperty("servers").EnumerateObject().Count());

        using var claude = JsonDocument.Parse(McpServerManifests.ClientConfiguration([HttpTestServer.Definition], McpClientApp.ClaudeDesktop, launch));
        var entry = Assert.Single(claude.RootElement.GetProperty("mcpServers").EnumerateObject());
        Assert.Equal("http-test", entry.Name);
        Assert.False(entry.Value.TryGetProperty("type", out _));
        Assert.Equal("dnx", entry.Value.GetProperty("command").GetString());

        using var cursor = JsonDocument.Parse(McpServerManifests.ClientConfiguration([HttpTestServer.Definition], McpClientApp.Cursor, launch: null));
        var http = Assert.Single(cursor.RootElement.GetProperty("mcpServers").EnumerateObject());
        Assert.Equal("http-test", http.Name);
        Assert.Equal("https://mcp.example.com/mcp", http.Value.GetProperty("url").GetString());
    }

    [Fact]
    public void WriteAll_writes_the_registry_entry_and_one_file_per_client()
    {
        string directory = Directory.CreateTempSubdirectory("mcpgen-manifests-").FullName;
        try
        {
            var written = McpServerManifests.WriteAll([HttpTestServer.Definition], directory, new McpStdioLaunch("/opt/http-test", []), package: null);
            Assert.Equal(["server.json", "claude_desktop_config.json", "vscode.mcp.json", "cursor.mcp.json"], written.Select(p => Path.GetFileName(p)).ToArray());
            using var registry = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "server.json")));
            Assert.False(registry.RootElement.TryGetProperty("packages", out _));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
