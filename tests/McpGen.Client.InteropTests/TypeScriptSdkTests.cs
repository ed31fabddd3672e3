using System.Net.Http;
using System.Threading.Tasks;

namespace McpGen.Client.InteropTests;

/// <summary>
/// McpGen's client against the TypeScript SDK's server (@modelcontextprotocol/sdk 1.32.2 from npm, run by Node 22):
/// Streamable HTTP (stateless and with sessions) and stdio. The SDK speaks 2025-11-25 and older revisions, not
/// 2026-07-28, so a default client falls back from server/discover to initialize; 2025-06-18 is checked as well.
/// </summary>
public sealed class TypeScriptSdkTests
{
    [NpmTheory]
    [InlineData("stateless", "2026-07-28", "2025-11-25")]
    [InlineData("stateful", "2026-07-28", "2025-11-25")]
    [InlineData("stateless", "2025-06-18", "2025-06-18")]
    [InlineData("stateful", "2025-11-25", "2025-11-25")]
    public async Task Untyped_and_typed_clients_over_http(string mode, string requested, string negotiated)
    {
        string script = await TypeScriptSdk.EnsureInstalledAsync();
        await using var server = await ListeningProcess.StartAsync(TypeScriptSdk.Node, TypeScriptSdk.Folder, script, "http", "{port}", mode);
        using var http = new HttpClient();
        await using var client = McpClient.Create(http, server.Endpoint, InteropScenario.Options(requested));

        await InteropScenario.UntypedAsync(client, negotiated);
        await InteropScenario.TypedAsync(client.As<IInteropServer>(), client, negotiated);
        await InteropScenario.CancellationAsync(client.As<IInteropServer>());

        var transport = Assert.IsType<McpHttpClientTransport>(client.Transport);
        Assert.Equal(mode == "stateful", transport.SessionId is not null);
    }

    [NpmTheory]
    [InlineData("stateless")]
    [InlineData("stateful")]
    public async Task Progress_notifications_arrive_over_http(string mode)
    {
        string script = await TypeScriptSdk.EnsureInstalledAsync();
        await using var server = await ListeningProcess.StartAsync(TypeScriptSdk.Node, TypeScriptSdk.Folder, script, "http", "{port}", mode);
        using var http = new HttpClient();
        await InteropScenario.ProgressAsync(options => Task.FromResult(McpClient.Create(http, server.Endpoint, options)), "2025-11-25");
    }

    [NpmFact]
    public async Task Elicitation_is_answered_over_http_in_a_session()
    {
        string script = await TypeScriptSdk.EnsureInstalledAsync();
        await using var server = await ListeningProcess.StartAsync(TypeScriptSdk.Node, TypeScriptSdk.Folder, script, "http", "{port}", "stateful");
        using var http = new HttpClient();
        await InteropScenario.ElicitationAsync(options => Task.FromResult(McpClient.Create(http, server.Endpoint, options)), "2025-11-25");
    }

    [NpmFact]
    public async Task Elicitation_is_answered_over_stdio()
    {
        string script = await TypeScriptSdk.EnsureInstalledAsync();
        await InteropScenario.ElicitationAsync(
            options => Task.FromResult(McpClient.CreateStdio(new McpStdioServerOptions { Command = TypeScriptSdk.Node, Arguments = [script, "stdio"], WorkingDirectory = TypeScriptSdk.Folder }, options)),
            "2025-11-25");
    }

    [NpmFact]
    public async Task Progress_notifications_arrive_over_stdio()
    {
        string script = await TypeScriptSdk.EnsureInstalledAsync();
        await InteropScenario.ProgressAsync(
            options => Task.FromResult(McpClient.CreateStdio(new McpStdioServerOptions { Command = TypeScriptSdk.Node, Arguments = [script, "stdio"], WorkingDirectory = TypeScriptSdk.Folder }, options)),
            "2025-11-25");
    }

    [NpmTheory]
    [InlineData("2026-07-28", "2025-11-25")]
    [InlineData("2025-11-25", "2025-11-25")]
    public async Task Untyped_and_typed_clients_over_stdio(string requested, string negotiated)
    {
        string script = await TypeScriptSdk.EnsureInstalledAsync();
        await using var client = McpClient.CreateStdio(
            new McpStdioServerOptions { Command = TypeScriptSdk.Node, Arguments = [script, "stdio"], WorkingDirectory = TypeScriptSdk.Folder },
            InteropScenario.Options(requested));

        await InteropScenario.UntypedAsync(client, negotiated);
        await InteropScenario.TypedAsync(client.As<IInteropServer>(), client, negotiated);
        await InteropScenario.CancellationAsync(client.As<IInteropServer>());
    }
}
