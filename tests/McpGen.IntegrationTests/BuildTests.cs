using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using McpGen.Redis.Tests;

namespace McpGen.IntegrationTests;

/// <summary>Tests that run real builds; one at a time, since each uses both cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BuildCollection
{
    public const string Name = "Builds";
}

/// <summary>A project that only adds the McpGen package gets a working generated server.</summary>
[Collection(BuildCollection.Name)]
public sealed class PackageTests
{
    [Fact]
    public async Task Packed_package_generates_a_server_in_a_project_that_only_adds_it()
    {
        var (packages, version) = await LocalPackages.PackAsync("McpGen");
        string nupkg = Path.Combine(packages, $"McpGen.{version}.nupkg");
        Assert.True(File.Exists(nupkg), "missing " + nupkg);

        using (var zip = System.IO.Compression.ZipFile.OpenRead(nupkg))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("analyzers/dotnet/cs/McpGen.SourceGeneration.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/McpGen.CodeFixes.dll", entries);
            Assert.Contains("lib/net8.0/McpGen.dll", entries);
            Assert.Contains("lib/net10.0/McpGen.dll", entries);
            Assert.Contains("lib/net10.0/McpGen.xml", entries);
            Assert.Contains("README.md", entries);
            Assert.Contains("build/McpGen.targets", entries);
            Assert.Contains("buildTransitive/McpGen.targets", entries);
            Assert.Contains("icon.png", entries);
            Assert.Contains("LICENSE", entries);
            using var nuspec = new StreamReader(zip.GetEntry("McpGen.nuspec")!.Open());
            string manifest = nuspec.ReadToEnd();
            Assert.Contains("<icon>icon.png</icon>", manifest);
            Assert.Contains("<license type=\"expression\">MIT</license>", manifest);
            Assert.Contains("<repository type=\"git\" url=\"https://github.com/mcpgen/mcpgen\"", manifest);
            Assert.DoesNotContain("PublicApiAnalyzers", manifest);
        }

        // Symbols ship beside the package, for debuggers and Source Link.
        Assert.True(File.Exists(Path.Combine(packages, $"McpGen.{version}.snupkg")), "missing the symbol package");

        string consumer = LocalPackages.CreateConsumer("mcpgen-consumer-", packages);
        try
        {
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
                using McpGen;

                await ConsumerServer.RunStdioAsync();

                [McpServer("consumer", Publisher = "com.contoso")]
                [McpRemote("https://mcp.contoso.com/mcp")]
                public partial class ConsumerServer;

                public sealed record Pair(int Left, int Right);

                public static class Tools
                {
                    [McpTool] public static int Multiply(Pair pair) => pair.Left * pair.Right;
                }
                """);

            var add = await Command.RunAsync("dotnet", consumer, TimeSpan.FromMinutes(5), "add", "package", "McpGen", "--version", version);
            Assert.True(add.ExitCode == 0, add.Output);
            var build = await Command.RunAsync("dotnet", consumer, TimeSpan.FromMinutes(5), "build", "-c", "Release");
            Assert.True(build.ExitCode == 0, build.Output);
            Assert.Contains("0 Warning(s)", build.Output);

            await using var server = ServerProcess.Start("dotnet", Path.Combine(consumer, "bin", "Release", "net10.0", "Consumer.dll"));
            var response = await server.RequestAsync(1, "tools/call", "\"name\":\"multiply\",\"arguments\":{\"pair\":{\"left\":6,\"right\":7}}");
            Assert.Equal("42", response.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
            Assert.Equal(0, await server.CloseAndWaitAsync());

            // The package's build targets write server.json and client configuration from the same declarations.
            var manifests = await Command.RunAsync("dotnet", consumer, TimeSpan.FromMinutes(5), "build", "-c", "Release",
                "-p:McpGenWriteManifests=true", "-p:PackAsTool=true", "-p:PackageId=Contoso.Consumer", "-p:Version=1.2.3");
            Assert.True(manifests.ExitCode == 0, manifests.Output);
            string mcp = Path.Combine(consumer, "bin", "Release", "net10.0", "mcp");
            using (var registry = JsonDocument.Parse(File.ReadAllText(Path.Combine(mcp, "server.json"))))
            {
                Assert.Equal("com.contoso/consumer", registry.RootElement.GetProperty("name").GetString());
                var package = Assert.Single(registry.RootElement.GetProperty("packages").EnumerateArray());
                Assert.Equal("Contoso.Consumer", package.GetProperty("identifier").GetString());
                Assert.Equal("1.2.3", package.GetProperty("version").GetString());
                Assert.Equal("https://mcp.contoso.com/mcp", registry.RootElement.GetProperty("remotes")[0].GetProperty("url").GetString());
            }

            using (var vscode = JsonDocument.Parse(File.ReadAllText(Path.Combine(mcp, "vscode.mcp.json"))))
            {
                var entry = vscode.RootElement.GetProperty("servers").GetProperty("consumer");
                Assert.Equal("dnx", entry.GetProperty("command").GetString());
                Assert.Equal("Contoso.Consumer@1.2.3", entry.GetProperty("args")[0].GetString());
            }

            Assert.True(File.Exists(Path.Combine(mcp, "claude_desktop_config.json")));
            Assert.True(File.Exists(Path.Combine(mcp, "cursor.mcp.json")));

            // The analyzers ship in the package too: state that would break scale-out fails this warnings-as-errors build.
            File.WriteAllText(Path.Combine(consumer, "Counter.cs"), """
                using McpGen;

                public static class CounterTools
                {
                    private static int s_count;

                    /// <summary>Counts calls.</summary>
                    [McpTool] public static int Increment() => ++s_count;
                }
                """);
            var stateful = await Command.RunAsync("dotnet", consumer, TimeSpan.FromMinutes(5), "build", "-c", "Release");
            Assert.NotEqual(0, stateful.ExitCode);
            Assert.Contains("Counter.cs(5,24): error MCPG5001: 's_count' is a mutable static field", stateful.Output);
        }
        finally
        {
            Directory.Delete(consumer, recursive: true);
        }
    }
}

/// <summary>Packages packed from this repository into a local feed, and consumer folders that use only that feed.</summary>
internal static class LocalPackages
{
    /// <summary>Packs <paramref name="projects"/> (under src/) with one fresh version, so NuGet's global cache never serves an older build.</summary>
    public static async Task<(string Folder, string Version)> PackAsync(params string[] projects)
    {
        string packages = Path.Combine(Repo.Root, "artifacts", "packages");
        string version = "0.1.0-ci." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        foreach (var project in projects)
        {
            var pack = await Command.RunAsync("dotnet", Repo.Root, TimeSpan.FromMinutes(5),
                "pack", Path.Combine("src", project, project + ".csproj"), "-c", "Release", "-o", packages, "-p:Version=" + version);
            Assert.True(pack.ExitCode == 0, pack.Output);
        }

        return (packages, version);
    }

    /// <summary>A temporary folder outside the repository (no Directory.Build.props, no central versions) whose only extra feed is <paramref name="packages"/>.</summary>
    public static string CreateConsumer(string prefix, string packages)
    {
        string consumer = Directory.CreateTempSubdirectory(prefix).FullName;
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="mcpgen-local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        return consumer;
    }
}

/// <summary>A web project that only adds McpGen.AspNetCore serves MCP over HTTP: the generator arrives through McpGen.</summary>
[Collection(BuildCollection.Name)]
public sealed class AspNetCorePackageTests
{
    [Fact]
    public async Task Packed_http_package_serves_a_generated_server_in_a_web_project()
    {
        var (packages, version) = await LocalPackages.PackAsync("McpGen", "McpGen.AspNetCore");

        using (var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(packages, $"McpGen.AspNetCore.{version}.nupkg")))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("lib/net10.0/McpGen.AspNetCore.dll", entries);
            Assert.Contains("lib/net10.0/McpGen.AspNetCore.xml", entries);
            var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open()).ReadToEnd();
            Assert.Contains($"id=\"McpGen\" version=\"{version}\"", nuspec);
        }

        string consumer = LocalPackages.CreateConsumer("mcpgen-web-consumer-", packages);
        try
        {
            File.WriteAllText(Path.Combine(consumer, "WebConsumer.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
                using McpGen;

                var app = WebApplication.CreateSlimBuilder(args).Build();
                app.MapMcp<WebServer>("/mcp");
                app.Run();

                /// <summary>A web consumer of the packages.</summary>
                [McpServer("web-consumer", Publisher = "com.example")]
                public partial class WebServer;

                public static class Tools
                {
                    /// <summary>Adds two numbers.</summary>
                    [McpTool] public static int Add(int a, int b) => a + b;
                }
                """);

            var add = await Command.RunAsync("dotnet", consumer, TimeSpan.FromMinutes(5), "add", "package", "McpGen.AspNetCore", "--version", version);
            Assert.True(add.ExitCode == 0, add.Output);
            var build = await Command.RunAsync("dotnet", consumer, TimeSpan.FromMinutes(5), "build", "-c", "Release");
            Assert.True(build.ExitCode == 0, build.Output);
            Assert.Contains("0 Warning(s)", build.Output);

            await using var server = await HttpServerProcess.StartAsync("dotnet", Path.Combine(consumer, "bin", "Release", "net10.0", "WebConsumer.dll"));
            var (status, _, body) = await server.PostAsync("tools/call", "\"name\":\"add\",\"arguments\":{\"a\":2,\"b\":40}", "add");
            Assert.Equal(200, status);
            Assert.Contains("\"text\":\"42\"", body);
            using var card = await server.Client.GetAsync("mcp/server-card");
            Assert.Contains("\"name\":\"com.example/web-consumer\"", await card.Content.ReadAsStringAsync());
        }
        finally
        {
            Directory.Delete(consumer, recursive: true);
        }
    }
}

/// <summary>The samples published as Native AOT single binaries (stdio and HTTP): zero trim/AOT warnings, correct answers.</summary>
[Collection(BuildCollection.Name)]
public sealed class NativeAotTests
{
    [Fact]
    public async Task QuickStart_publishes_as_native_aot_without_warnings_and_answers()
    {
        await PublishedAsync("QuickStart", StdioBudgetBytes, "stdio", async binary =>
        {
            await using var server = ServerProcess.Start(binary);
            var discover = (await server.RequestAsync(1, "server/discover")).GetProperty("result");
            Assert.Equal("quickstart", discover.GetProperty("_meta").GetProperty("io.modelcontextprotocol/serverInfo").GetProperty("name").GetString());
            var tools = (await server.RequestAsync(2, "tools/list")).GetProperty("result").GetProperty("tools");
            Assert.Equal(5, tools.GetArrayLength());
            var order = (await server.RequestAsync(3, "tools/call", "\"name\":\"place_order\",\"arguments\":{\"order\":{\"customer\":\"Ann\",\"lines\":[{\"sku\":\"A\",\"quantity\":4}]}}")).GetProperty("result");
            Assert.Equal(4, order.GetProperty("structuredContent").GetProperty("totalItems").GetInt32());
            Assert.Equal("Standard", order.GetProperty("structuredContent").GetProperty("shipping").GetString());
            var bad = (await server.RequestAsync(4, "tools/call", "\"name\":\"add\",\"arguments\":{\"a\":\"two\",\"b\":3}")).GetProperty("result");
            Assert.Equal("Invalid arguments for tool 'add': Argument 'a': expected an integer from -2147483648 to 2147483647, got a string (\"two\").", bad.GetProperty("content")[0].GetProperty("text").GetString());
            var failed = (await server.RequestAsync(5, "tools/call", "\"name\":\"fail\"")).GetProperty("result");
            Assert.True(failed.GetProperty("isError").GetBoolean());
            Assert.Equal(0, await server.CloseAndWaitAsync());
        });
    }

    [Fact]
    public async Task Http_conformance_server_publishes_as_native_aot_without_warnings_and_answers()
    {
        await PublishedAsync("ConformanceServer", HttpBudgetBytes, "HTTP", async binary =>
        {
            await using var server = await HttpServerProcess.StartAsync(binary);
            await HttpEndToEndTests.AssertServesAsync(server);

            // The SDK's content, resource and prompt types are written by McpGen's own code in AOT binaries.
            var mixed = await ResultAsync(server, "tools/call", "\"name\":\"test_multiple_content_types\"", "test_multiple_content_types");
            Assert.Equal(["text", "image", "resource"], mixed.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("type").GetString()));
            Assert.Equal("test://mixed-content-resource", mixed.GetProperty("content")[2].GetProperty("resource").GetProperty("uri").GetString());
            var prompt = await ResultAsync(server, "prompts/get", "\"name\":\"test_prompt_with_image\"", "test_prompt_with_image");
            Assert.Equal("image/png", prompt.GetProperty("messages")[0].GetProperty("content").GetProperty("mimeType").GetString());
            var binaryResource = await ResultAsync(server, "resources/read", "\"uri\":\"test://static-binary\"", "test://static-binary");
            Assert.False(string.IsNullOrEmpty(binaryResource.GetProperty("contents")[0].GetProperty("blob").GetString()));
        });
    }

    [Fact]
    public async Task Scale_out_server_with_redis_publishes_as_native_aot_and_two_instances_share_notes_and_tasks()
    {
        await PublishedAsync("ScaleOutServer", ScaleOutBudgetBytes, "Redis scale-out", async binary =>
        {
            var redis = new RedisServer();
            await redis.StartAsync();
            try
            {
                string key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                await using var a = await HttpServerProcess.StartAsync(binary, "--Redis", redis.Configuration, "--McpGen:RequestState:Keys", key);
                await using var b = await HttpServerProcess.StartAsync(binary, "--Redis", redis.Configuration, "--McpGen:RequestState:Keys", key);
                await ResultAsync(a, "tools/call", "\"name\":\"write_note\",\"arguments\":{\"id\":\"aot\",\"text\":\"native\"}", "write_note");
                var read = await ResultAsync(b, "resources/read", "\"uri\":\"notes://aot\"", "notes://aot");
                Assert.Equal("native", read.GetProperty("contents")[0].GetProperty("text").GetString());

                var polled = await b.PollTaskAsync(await a.StartTaskAsync("rebuild_index", "{\"seconds\":1}"), HttpServerProcess.TasksCapabilities);
                Assert.Equal("completed", polled.GetProperty("status").GetString());
                Assert.Equal("Index rebuilt in 1 s.", polled.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
            }
            finally
            {
                await redis.DisposeAsync();
            }
        });
    }

    [Fact]
    public async Task Http_quick_start_publishes_as_native_aot_within_the_http_target_and_answers()
    {
        await PublishedAsync("HttpQuickStart", HttpQuickStartBudgetBytes, "HTTP QuickStart", async binary =>
        {
            await using var server = await HttpServerProcess.StartAsync(binary);
            var order = await ResultAsync(server, "tools/call", "\"name\":\"place_order\",\"arguments\":{\"order\":{\"customer\":\"Ann\",\"lines\":[{\"sku\":\"A\",\"quantity\":4}]}}", "place_order");
            Assert.Equal(4, order.GetProperty("structuredContent").GetProperty("totalItems").GetInt32());
            var sum = await ResultAsync(server, "tools/call", "\"name\":\"add\",\"arguments\":{\"a\":2,\"b\":3}", "add");
            Assert.Equal("5", sum.GetProperty("content")[0].GetProperty("text").GetString());
        });
    }

    [Fact]
    public async Task Sdk_bridge_sample_publishes_as_native_aot_and_answers_through_the_official_sdk()
    {
        await PublishedAsync("SdkBridge", SdkBridgeBudgetBytes, "SDK bridge", async binary =>
        {
            await using var server = ServerProcess.Start(binary);
            var discover = (await server.RequestAsync(1, "server/discover")).GetProperty("result");
            Assert.Equal("sdk-bridge", discover.GetProperty("_meta").GetProperty("io.modelcontextprotocol/serverInfo").GetProperty("name").GetString());
            var tools = (await server.RequestAsync(2, "tools/list")).GetProperty("result").GetProperty("tools");
            Assert.Equal(5, tools.GetArrayLength());
            var order = (await server.RequestAsync(3, "tools/call", "\"name\":\"place_order\",\"arguments\":{\"order\":{\"customer\":\"Ann\",\"lines\":[{\"sku\":\"A\",\"quantity\":4}]}}")).GetProperty("result");
            Assert.Equal(4, order.GetProperty("structuredContent").GetProperty("totalItems").GetInt32());
            var bad = (await server.RequestAsync(4, "tools/call", "\"name\":\"add\",\"arguments\":{\"a\":\"two\",\"b\":3}")).GetProperty("result");
            Assert.True(bad.GetProperty("isError").GetBoolean());
            Assert.Equal("Invalid arguments for tool 'add': Argument 'a': expected an integer from -2147483648 to 2147483647, got a string (\"two\").", bad.GetProperty("content")[0].GetProperty("text").GetString());
        });
    }

    [Fact]
    public async Task Client_quick_start_publishes_as_native_aot_and_calls_the_quick_starts_over_stdio_and_http()
    {
        await PublishedAsync("ClientQuickStart", ClientBudgetBytes, "typed client", async binary =>
        {
            // stdio: the AOT client starts the QuickStart server itself.
            var stdio = await Command.RunAsync(binary, Repo.Root, TimeSpan.FromMinutes(1), "dotnet", Repo.QuickStartDll);
            Assert.True(stdio.ExitCode == 0, stdio.Output);
            AssertClientOutput(stdio.Output, "quickstart");

            // Streamable HTTP: the same typed client against the HTTP QuickStart.
            await using var server = await HttpServerProcess.StartAsync("dotnet", Repo.SampleDll("HttpQuickStart"));
            var http = await Command.RunAsync(binary, Repo.Root, TimeSpan.FromMinutes(1), new Uri(server.Client.BaseAddress!, "mcp").ToString());
            Assert.True(http.ExitCode == 0, http.Output + "\nserver:\n" + server.Output);
            AssertClientOutput(http.Output, "quickstart-http");
        });

        static void AssertClientOutput(string output, string serverName)
        {
            string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal("echo: hello from a typed client", lines[0]);
            Assert.Equal("add: 4000000000", lines[1]);
            var order = Regex.Match(lines[2], @"^order: 5 items, Express, ships on (\d{4}-\d{2}-\d{2}) \(ord-\d+\)$");
            Assert.True(order.Success, lines[2]);

            // Express ships the next day (the server's clock ran just before this one: midnight may lie between).
            var shipsOn = DateOnly.ParseExact(order.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
            Assert.True(shipsOn == tomorrow || shipsOn == tomorrow.AddDays(-1), $"ships on {shipsOn}, expected {tomorrow}");
            Assert.Equal("fail: fail reported \"The warehouse is closed today.\"", lines[3]);
            Assert.Equal($"server: {serverName} 1.0.0, protocol 2026-07-28", lines[4]);
            Assert.Equal(5, lines.Length);
        }
    }

    /// <summary>Publishes a sample with Native AOT, holds it to its size budget, runs the checks against the binary, cleans up.</summary>
    private static async Task PublishedAsync(string sample, long budget, string kind, Func<string, Task> check)
    {
        if (Environment.GetEnvironmentVariable("MCPGEN_SKIP_AOT") == "1")
        {
            return; // opt-out for quick local runs; CI never sets it
        }

        string output = Directory.CreateTempSubdirectory("mcpgen-aot-").FullName;
        try
        {
            string binary = await PublishAsync(sample, output);
            AssertWithinBudget(binary, budget, kind);
            await check(binary);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static async Task<JsonElement> ResultAsync(HttpServerProcess server, string method, string parameters, string name)
    {
        var (status, _, body) = await server.PostAsync(method, parameters, name);
        Assert.True(status == 200, $"{method} {name}: HTTP {status}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("result").Clone();
    }

    // Size budgets (MB = 10^6 bytes): today's sizes plus about 7%, so growth is a decision, not an accident. On 2026-12-01: QuickStart
    // 2.94 MB (issue 8's stdio target: 5 MB), HttpQuickStart 10.1 MB (HTTP target: 12 MB). The conformance server is
    // 14.6 MB: its fixtures build the SDK's content block types, whose serializer attributes keep the SDK's JSON
    // context in any ASP.NET Core binary (docs/performance.md).
    // On 2026-12-04 QuickStart is 3.19 MB: issue 20 added ~125 KB (3.07 → 3.19 MB on the same toolchain) for sealed
    // 2025-11-25 sessions and their cancels, 2025 resource subscriptions, task limits and lease-loss handling, SIGTERM
    // handling and input hardening, spread over many methods (docs/performance.md).
    // On 2026-12-05 QuickStart is 3.35 MB: issues 24 and 25 (links, drain, EventsMissed) had grown it to 3,348,272
    // bytes, and the last dispatch pass of issue 22 adds 4 KB (the synchronous tools/call path, pre-encoded names, the
    // culture-free date writers).
    private const long StdioBudgetBytes = 3_450_000;
    private const long HttpQuickStartBudgetBytes = 10_800_000;
    private const long HttpBudgetBytes = 15_600_000;

    // samples/ScaleOutServer, with StackExchange.Redis and McpGen.Redis: 15.5 MB. On 2026-12-04 16.06 MB: mapping the
    // health checks for the load balancer (issue 25) added 0.56 MB (docs/performance.md); plus about 7%.
    private const long ScaleOutBudgetBytes = 17_200_000;

    // The official SDK's stdio host with McpGen's primitives through the bridge: 10.6 MB (the SDK's reflection path: 11.3 MB).
    private const long SdkBridgeBudgetBytes = 11_300_000;

    // samples/ClientQuickStart, a typed client over stdio and HTTP (HttpClient, System.Text.Json, the SDK's protocol
    // types): 10.9 MB on 2026-12-04.
    private const long ClientBudgetBytes = 11_700_000;

    private static void AssertWithinBudget(string binary, long budget, string kind)
    {
        long size = new FileInfo(binary).Length;
        Assert.True(size <= budget,
            $"The {kind} AOT binary is {size / 1e6:0.00} MB, over its budget of {budget / 1e6:0.00} MB. If the growth is worth it, raise the budget in BuildTests and say why in docs/performance.md.");
    }

    /// <summary>Publishes a sample with Native AOT; asserts zero trim/AOT/compiler warnings and a single native binary.</summary>
    private static async Task<string> PublishAsync(string sample, string output)
    {
        var publish = await Command.RunAsync("dotnet", Repo.Root, TimeSpan.FromMinutes(10),
            "publish", Path.Combine("samples", sample, sample + ".csproj"), "-c", "Release", "-r", "linux-x64", "-o", output);
        Assert.True(publish.ExitCode == 0, publish.Output);
        var warnings = Regex.Matches(publish.Output, @"warning (IL\d{4}|CS\d{4})[^\r\n]*").Select(m => m.Value).Distinct().ToList();
        Assert.True(warnings.Count == 0, "AOT publish warnings:\n" + string.Join("\n", warnings));

        string binary = Path.Combine(output, sample);
        Assert.True(File.Exists(binary), "no native binary at " + binary);
        Assert.False(File.Exists(Path.Combine(output, sample + ".dll")), "a managed assembly was published next to the native binary");
        return binary;
    }
}

/// <summary>The 'dotnet new' templates: installed from the packed package, instantiated, built against the packed packages, run and called.</summary>
[Collection(BuildCollection.Name)]
public sealed class TemplateTests
{
    [Fact]
    public async Task Stdio_and_http_templates_make_servers_that_build_without_warnings_and_answer()
    {
        var (packages, version) = await LocalPackages.PackAsync("McpGen", "McpGen.AspNetCore", "McpGen.Redis", "McpGen.Templates");
        string consumer = LocalPackages.CreateConsumer("mcpgen-templates-", packages);
        string hive = Path.Combine(consumer, ".hive");
        try
        {
            // A private template hive: the machine's own 'dotnet new' list is left alone.
            var install = await Command.RunAsync("dotnet", consumer, TimeSpan.FromMinutes(2), "new", "install", Path.Combine(packages, $"McpGen.Templates.{version}.nupkg"), "--debug:custom-hive", hive);
            Assert.True(install.ExitCode == 0, install.Output);
            Assert.Contains("mcpgen-stdio", install.Output);
            Assert.Contains("mcpgen-http", install.Output);

            async Task<string> NewAsync(string template, string name, params string[] options)
            {
                var created = await Command.RunAsync("dotnet", consumer, TimeSpan.FromMinutes(2),
                    ["new", template, "-n", name, "-o", name, "--debug:custom-hive", hive, .. options]);
                Assert.True(created.ExitCode == 0, created.Output);
                string project = Path.Combine(consumer, name);
                var build = await Command.RunAsync("dotnet", project, TimeSpan.FromMinutes(5), "build", "-c", "Release");
                Assert.True(build.ExitCode == 0, build.Output);
                Assert.Contains("0 Warning(s)", build.Output);
                return Path.Combine(project, "bin", "Release", "net10.0", name + ".dll");
            }

            string weather = await NewAsync("mcpgen-stdio", "Contoso.Weather");
            Assert.Contains($"Include=\"McpGen\" Version=\"{version}\"", File.ReadAllText(Path.Combine(consumer, "Contoso.Weather", "Contoso.Weather.csproj")));
            await using (var server = ServerProcess.Start("dotnet", weather))
            {
                var response = await server.RequestAsync(1, "tools/call", "\"name\":\"add\",\"arguments\":{\"a\":2,\"b\":40}");
                Assert.Equal("42", response.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
                var discover = (await server.RequestAsync(2, "server/discover")).GetProperty("result");
                Assert.Equal("contoso.weather", discover.GetProperty("_meta").GetProperty("io.modelcontextprotocol/serverInfo").GetProperty("name").GetString());
                Assert.Equal(0, await server.CloseAndWaitAsync());
            }

            // The new project publishes as one Native AOT binary from the packages alone, with no trim or AOT warning.
            if (Environment.GetEnvironmentVariable("MCPGEN_SKIP_AOT") != "1")
            {
                string output = Path.Combine(consumer, "weather-aot");
                var publish = await Command.RunAsync("dotnet", Path.Combine(consumer, "Contoso.Weather"), TimeSpan.FromMinutes(10),
                    "publish", "-c", "Release", "-r", "linux-x64", "-o", output);
                Assert.True(publish.ExitCode == 0, publish.Output);
                var warnings = Regex.Matches(publish.Output, @"warning (IL\d{4}|CS\d{4})[^\r\n]*").Select(m => m.Value).Distinct().ToList();
                Assert.True(warnings.Count == 0, "AOT publish warnings:\n" + string.Join("\n", warnings));
                string binary = Path.Combine(output, "Contoso.Weather");
                Assert.False(File.Exists(binary + ".dll"), "a managed assembly was published next to the native binary");
                await using var native = ServerProcess.Start(binary);
                var sum = await native.RequestAsync(1, "tools/call", "\"name\":\"add\",\"arguments\":{\"a\":20,\"b\":22}");
                Assert.Equal("42", sum.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
                Assert.Equal(0, await native.CloseAndWaitAsync());
            }

            string shop = await NewAsync("mcpgen-http", "Shop");
            await using (var server = await HttpServerProcess.StartAsync("dotnet", shop))
            {
                var (status, _, body) = await server.PostAsync("tools/call", "\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}", "echo");
                Assert.Equal(200, status);
                Assert.Contains("\"text\":\"hi\"", body);
            }

            // --redis adds McpGen.Redis and a task-capable tool: two instances on one Redis share a task.
            string fleet = await NewAsync("mcpgen-http", "Fleet", "--redis");
            Assert.Contains("AddMcpRedis", File.ReadAllText(Path.Combine(consumer, "Fleet", "Program.cs")));
            Assert.DoesNotContain("#if", File.ReadAllText(Path.Combine(consumer, "Shop", "Program.cs")));
            var redis = new RedisServer();
            await redis.StartAsync();
            try
            {
                string key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                string[] settings = ["--ConnectionStrings:redis", redis.Configuration, "--McpGen:RequestState:Keys", key];
                await using var first = await HttpServerProcess.StartAsync("dotnet", [fleet, .. settings]);
                await using var second = await HttpServerProcess.StartAsync("dotnet", [fleet, .. settings]);
                var polled = await second.PollTaskAsync(await first.StartTaskAsync("countdown", "{\"seconds\":1}"), HttpServerProcess.TasksCapabilities);
                Assert.Equal("completed", polled.GetProperty("status").GetString());
                Assert.Equal("Counted down from 1.", polled.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString());
            }
            finally
            {
                await redis.DisposeAsync();
            }
        }
        finally
        {
            Directory.Delete(consumer, recursive: true);
        }
    }
}
