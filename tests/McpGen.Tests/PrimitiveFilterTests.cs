using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace McpGen.Tests;

/// <summary>Primitives switched off at run time: gone from lists, unknown to calls, reads and gets.</summary>
public sealed class PrimitiveFilterTests
{
    /// <summary>What an application's flags say; a test stand-in for configuration or a feature-flag service.</summary>
    private sealed class Flags : IMcpPrimitiveFilter
    {
        public HashSet<(McpPrimitiveKind, string)> Disabled { get; } = [];

        public bool IsEnabled(McpPrimitiveKind kind, string name) => !Disabled.Contains((kind, name));
    }

    private static (TestClient Client, Flags Flags) Create(McpServerOptions? options = null)
    {
        var flags = new Flags();
        var services = new ServiceCollection().AddSingleton<IMcpPrimitiveFilter>(flags).BuildServiceProvider();
        return (new TestClient(services, options), flags);
    }

    [Fact]
    public async Task A_disabled_tool_leaves_the_list_and_is_unknown_to_calls_until_enabled_again()
    {
        var (client, flags) = Create();
        Assert.Contains("echo", TestClient.Names((await client.ResultAsync("tools/list")).GetProperty("tools")));

        flags.Disabled.Add((McpPrimitiveKind.Tool, "echo"));
        var names = TestClient.Names((await client.ResultAsync("tools/list")).GetProperty("tools")).ToList();
        Assert.DoesNotContain("echo", names);
        Assert.NotEmpty(names);
        var error = await client.ErrorAsync("tools/call", "\"name\":\"echo\",\"arguments\":{\"text\":\"x\"}");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal("Unknown tool 'echo'.", error.GetProperty("message").GetString());

        flags.Disabled.Clear();
        Assert.Equal("x", await client.CallTextAsync("echo", """{"text":"x"}"""));
    }

    [Fact]
    public async Task Prompts_resources_and_templates_are_switched_the_same_way()
    {
        var (client, flags) = Create();
        flags.Disabled.Add((McpPrimitiveKind.Prompt, "greet"));
        Assert.DoesNotContain("greet", TestClient.Names((await client.ResultAsync("prompts/list")).GetProperty("prompts")));
        Assert.Equal(-32602, (await client.ErrorAsync("prompts/get", "\"name\":\"greet\",\"arguments\":{\"name\":\"Ada\"}")).GetProperty("code").GetInt32());

        var templates = (await client.ResultAsync("resources/templates/list")).GetProperty("resourceTemplates");
        string template = templates[0].GetProperty("uriTemplate").GetString()!;
        flags.Disabled.Add((McpPrimitiveKind.ResourceTemplate, template));
        var remaining = (await client.ResultAsync("resources/templates/list")).GetProperty("resourceTemplates").EnumerateArray().Select(t => t.GetProperty("uriTemplate").GetString());
        Assert.DoesNotContain(template, remaining);

        var resources = (await client.ResultAsync("resources/list")).GetProperty("resources");
        string uri = resources[0].GetProperty("uri").GetString()!;
        flags.Disabled.Add((McpPrimitiveKind.Resource, uri));
        Assert.DoesNotContain(uri, (await client.ResultAsync("resources/list")).GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("uri").GetString()));
        var read = await client.ErrorAsync("resources/read", "\"uri\":\"" + uri + "\"");
        Assert.Equal(-32602, read.GetProperty("code").GetInt32());
        Assert.Equal($"Resource '{uri}' not found.", read.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Pages_are_cut_from_what_is_enabled()
    {
        var (client, flags) = Create(new McpServerOptions { PageSize = 2 });
        var all = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.ResultAsync("tools/list", cursor is null ? null : $"\"cursor\":\"{cursor}\"");
            all.AddRange(TestClient.Names(page.GetProperty("tools")));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        foreach (var name in all.Where((_, i) => i % 2 == 0))
        {
            flags.Disabled.Add((McpPrimitiveKind.Tool, name));
        }

        var first = await client.ResultAsync("tools/list");
        Assert.Equal(all.Where((_, i) => i % 2 == 1).Take(2), TestClient.Names(first.GetProperty("tools")));
        Assert.Equal("page-1", first.GetProperty("nextCursor").GetString());
        var error = await client.ErrorAsync("tools/list", "\"cursor\":\"page-99\"");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
    }
}
