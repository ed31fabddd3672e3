using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace McpGen.SourceGeneration.Tests;

/// <summary>
/// Snapshot (baseline) tests of the emitted files, and compile-the-output tests. Regenerate baselines with
/// <c>MCPGEN_UPDATE_BASELINES=1 dotnet test</c>; that run fails on purpose so it is never left on.
/// </summary>
public sealed class GeneratorOutputTests
{
    [Fact]
    public void Basic_server_matches_its_baseline()
    {
        var result = GeneratorHarness.Run(Sources.Basic);
        result.AssertCleanCompilation();
        var source = Assert.Single(result.Sources);
        Assert.Equal("Demo.DemoServer.McpServer.g.cs", source.HintName);
        AssertBaseline("Basic", source.HintName, source.SourceText.ToString());
    }

    [Fact]
    public void Kitchen_sink_matches_its_baseline_and_compiles_without_warnings()
    {
        var result = GeneratorHarness.Run(Sources.KitchenSink);
        result.AssertCleanCompilation();
        var source = Assert.Single(result.Sources);
        AssertBaseline("KitchenSink", source.HintName, source.SourceText.ToString());
    }

    [Fact]
    public void Resources_prompts_and_completions_match_their_baseline_and_compile_without_warnings()
    {
        var result = GeneratorHarness.Run(Sources.Primitives);
        result.AssertCleanCompilation();
        var source = Assert.Single(result.Sources);
        AssertBaseline("Primitives", source.HintName, source.SourceText.ToString());
    }

    /// <summary>
    /// Small scenarios, one concern each, so a change to one kind of output shows up in a short, readable baseline.
    /// </summary>
    public static TheoryData<string, string> Scenarios => new()
    {
        {
            "TypedClient", """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using McpGen.Client;
            namespace Demo;
            public enum Status { Open, Closed }
            public sealed record Ticket(string Id, Status Status, IReadOnlyList<string> Tags);
            public sealed record TicketPage(IReadOnlyList<Ticket> Items, int Total);
            [McpClient]
            public partial interface IHelpDesk
            {
                [McpRemoteTool("search_tickets")]
                Task<TicketPage> SearchTicketsAsync(string query, int limit = 10, Status? status = null, CancellationToken cancellationToken = default);

                [McpRemoteTool]
                ValueTask CloseAsync([McpRemoteArgument("ticket_id")] string id);

                [McpRemoteResource("tickets://{id}")]
                Task<Ticket> GetTicketAsync(string id);

                [McpRemotePrompt("triage")]
                Task<string> TriageAsync(string ticket);
            }
            """
        },
        {
            "ParameterlessTool", """
            using McpGen;
            namespace Demo;
            [McpServer("clock")] public partial class ClockServer;
            public static class Clock { [McpTool] public static string Now() => "noon"; }
            """
        },
        {
            "TaskTool", """
            using System.Threading;
            using System.Threading.Tasks;
            using McpGen;
            namespace Demo;
            [McpServer("jobs")] public partial class JobServer;
            public static class Jobs
            {
                [McpTool(TaskSupport = McpTaskSupport.Optional, TaskTimeToLiveMs = 60000, TaskPollIntervalMs = 250)]
                public static async Task<string> Build(string target, CancellationToken cancellationToken) { await Task.Delay(1, cancellationToken); return target; }
            }
            """
        },
        {
            "ResourceTemplate", """
            using McpGen;
            namespace Demo;
            [McpServer("files")] public partial class FileServer;
            public static class Files
            {
                [McpResource("file:///{path}/{line}", CacheScope = McpCacheScope.Private)] public static string Read(string path, int line = 1) => path;
            }
            """
        },
        {
            "Prompt", """
            using McpGen;
            namespace Demo;
            [McpServer("prompts")] public partial class PromptServer;
            public enum Tone { Formal, Casual }
            public static class Prompts
            {
                /// <summary>Summarizes a topic.</summary>
                [McpPrompt] public static string Summarize(string topic, Tone tone = Tone.Formal) => topic + tone;
            }
            """
        },
        {
            "ElicitationForm", """
            using System.Threading;
            using System.Threading.Tasks;
            using McpGen;
            namespace Demo;
            [McpServer("deploy")] public partial class DeployServer;
            public sealed record Confirmation(bool Confirm, string? Reason = null);
            public static class Deploys
            {
                [McpTool] public static async Task<string> Deploy(McpInput input, CancellationToken cancellationToken) => (await input.Elicit<Confirmation>("confirm", "Deploy?")).Action.ToString();
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_matches_its_baseline_and_compiles_without_warnings(string scenario, string source)
    {
        var result = GeneratorHarness.Run(source);
        result.AssertCleanCompilation();
        Assert.NotEmpty(result.Sources);
        // Every file is compared (or written) before the first difference fails the test.
        var failures = new List<Exception>();
        foreach (var generated in result.Sources)
        {
            try
            {
                AssertBaseline(scenario, generated.HintName, generated.SourceText.ToString());
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void A_hand_written_input_schema_is_advertised_minified_instead_of_the_generated_one()
    {
        var result = GeneratorHarness.Run(""""
            using McpGen;
            [McpServer("s")] public partial class S;
            public static class T
            {
                [McpTool(InputSchema = """
                    {
                      "type": "object",
                      "properties": { "city": { "type": "string" }, "zip": { "type": "string" } },
                      "anyOf": [ { "required": ["city"] }, { "required": ["zip"] } ]
                    }
                    """)]
                public static string Locate(string? city = null, string? zip = null) => city ?? zip ?? "";
            }
            """");
        result.AssertCleanCompilation();
        string text = result.Sources.Single().SourceText.ToString();
        string minified = """{"type":"object","properties":{"city":{"type":"string"},"zip":{"type":"string"}},"anyOf":[{"required":["city"]},{"required":["zip"]}]}""";
        Assert.Contains("new(\"locate\", " + SymbolDisplay.FormatLiteral(minified, quote: true) + "u8", text);
    }

    [Fact]
    public void McpHeader_arguments_are_marked_in_the_schema_and_listed_on_the_descriptor()
    {
        var result = GeneratorHarness.Run("""
            using McpGen;
            [McpServer("s")] public partial class S;
            public static class T
            {
                [McpTool] public static string Route([McpHeader] string region, [McpHeader("Dry-Run")] bool? dry = null, int limit = 5) => region;
            }
            """);
        result.AssertCleanCompilation();
        string text = result.Sources.Single().SourceText.ToString();
        string schema = """{"type":"object","properties":{"region":{"type":"string","x-mcp-header":"Region"},"dry":{"type":["boolean","null"],"x-mcp-header":"Dry-Run"},"limit":{"type":"integer","default":5}},"required":["region"],"additionalProperties":false}""";
        Assert.Contains("new(\"route\", " + SymbolDisplay.FormatLiteral(schema, quote: true) + "u8", text);
        Assert.Contains("HeaderParameters = new global::McpGen.McpHeaderParameter[] { new global::McpGen.McpHeaderParameter(\"Region\", \"region\"), new global::McpGen.McpHeaderParameter(\"Dry-Run\", \"dry\") },", text);
    }

    [Fact]
    public void McpScope_on_the_class_and_the_method_adds_up_on_every_kind_of_primitive()
    {
        var result = GeneratorHarness.Run("""
            using McpGen;
            [McpServer("s")] public partial class S;
            [McpScope("files:read")]
            public static class Files
            {
                [McpTool] [McpScope("files:write", "files:read")] public static string Write(string path) => path;
                [McpPrompt] public static string Summarize(string path) => path;
                [McpResource("file:///{path}")] public static string Read(string path) => path;
                [McpTool] public static string List() => "";
            }
            public static class Open { [McpTool] public static string Ping() => "pong"; }
            """);
        result.AssertCleanCompilation();
        string text = result.Sources.Single().SourceText.ToString();
        Assert.Contains("RequiredScopes = new string[] { \"files:read\", \"files:write\" },", text);
        Assert.Equal(3, Regex.Matches(text, Regex.Escape("RequiredScopes = new string[] { \"files:read\" },")).Count);
        Assert.Equal(4, Regex.Matches(text, "RequiredScopes = ").Count);
    }

    [Fact]
    public void Manifest_writer_is_emitted_only_in_builds_that_ask_for_manifests_and_lists_every_server()
    {
        const string source = """
            using McpGen;
            namespace Demo { [McpServer("b")] public partial class B; public partial class Outer { [McpServer("a")] public partial class A; } }
            public static class T { [McpTool] public static int One() => 1; }
            """;
        Assert.DoesNotContain(GeneratorHarness.Run(source).Sources, s => s.HintName == "McpGen.Manifests.g.cs");
        Assert.DoesNotContain(
            GeneratorHarness.RunWithBuildProperties(source, new Dictionary<string, string> { ["McpGenWriteManifests"] = "false" }).Sources,
            s => s.HintName == "McpGen.Manifests.g.cs");

        var result = GeneratorHarness.RunWithBuildProperties(source, new Dictionary<string, string> { ["McpGenWriteManifests"] = "true" });
        result.AssertCleanCompilation();
        string text = result.Sources.Single(s => s.HintName == "McpGen.Manifests.g.cs").SourceText.ToString();
        Assert.StartsWith("// <auto-generated/>\n#nullable enable\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("[global::System.Runtime.CompilerServices.ModuleInitializer]", text);
        Assert.Contains("global::Demo.B.Definition,\n    global::Demo.Outer.A.Definition,", text.ReplaceLineEndings("\n").Replace("        ", "    "));
    }

    [Fact]
    public void Generated_code_has_the_hygiene_header_and_qualifies_every_name()
    {
        var text = GeneratorHarness.Run(Sources.KitchenSink).Sources.Single().SourceText.ToString();
        Assert.StartsWith("// <auto-generated/>\n#nullable enable\n", text);
        Assert.DoesNotContain("\nusing ", text);
        Assert.Contains("[global::System.CodeDom.Compiler.GeneratedCode(\"McpGen\", ", text);
        Assert.Contains("file static class __McpGen_SinkServer", text);
    }

    [Fact]
    public void Output_is_deterministic()
    {
        var a = GeneratorHarness.Run(Sources.KitchenSink).Sources.Single().SourceText.ToString();
        var b = GeneratorHarness.Run(Sources.KitchenSink).Sources.Single().SourceText.ToString();
        Assert.Equal(a, b);
    }

    [Fact]
    public void Doc_comments_are_read_whether_or_not_the_compiler_parses_them()
    {
        foreach (var mode in new[] { DocumentationMode.Parse, DocumentationMode.None, DocumentationMode.Diagnose })
        {
            var result = GeneratorHarness.Run(Sources.Basic, GeneratorHarness.ParseOptions(documentation: mode));
            var text = result.Sources.Single().SourceText.ToString();
            Assert.Contains("Description = \"Says hello.\"", text);
            Assert.Contains("\\\"description\\\":\\\"Who to greet.\\\"", text);
            Assert.Contains("Description = \"A demo server.\"", text);
        }
    }

    [Fact]
    public void Server_in_the_global_namespace_and_nested_servers_are_supported()
    {
        var result = GeneratorHarness.Run("""
            using McpGen;
            [McpServer("global")] public partial class GlobalServer;
            public static partial class Outer { [McpServer("nested")] public partial class NestedServer; }
            public static class T { [McpTool] public static int One() => 1; }
            """);
        result.AssertCleanCompilation();
        Assert.Equal(["GlobalServer.McpServer.g.cs", "Outer.NestedServer.McpServer.g.cs"], result.Sources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Tool_types_restrict_a_server_to_its_classes()
    {
        var result = GeneratorHarness.Run("""
            using McpGen;
            [McpServer("a", Types = new[] { typeof(A) })] public partial class ServerA;
            [McpServer("b", Types = new[] { typeof(B) })] public partial class ServerB;
            public static class A { [McpTool] public static int Shared() => 1; [McpTool] public static int OnlyA() => 1; }
            public static class B { [McpTool] public static int Shared() => 2; }
            """);
        result.AssertCleanCompilation();
        var a = result.Sources.Single(s => s.HintName.StartsWith("ServerA", StringComparison.Ordinal)).SourceText.ToString();
        var b = result.Sources.Single(s => s.HintName.StartsWith("ServerB", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("\"only_a\"", a);
        Assert.DoesNotContain("\"only_a\"", b);
        Assert.Contains("global::B.Shared()", b);
    }

    internal static void AssertBaseline(string test, string hintName, string actual)
    {
        // Found from the repository root: CI builds map source paths (/_/), so [CallerFilePath] is not a real path there.
        string version = typeof(McpServerGenerator).Assembly.GetName().Version!.ToString(3);
        actual = actual.Replace($"\"McpGen\", \"{version}\"", "\"McpGen\", \"%VERSION%\"", StringComparison.Ordinal);
        string path = Path.Combine(DiagnosticTests.RepoRoot(), "tests", "McpGen.SourceGeneration.Tests", "Baselines", test, hintName + ".txt");
        if (Environment.GetEnvironmentVariable("MCPGEN_UPDATE_BASELINES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            Assert.Fail($"Baseline {path} was written; unset MCPGEN_UPDATE_BASELINES and run again.");
        }

        Assert.True(File.Exists(path), $"Missing baseline {path}; run with MCPGEN_UPDATE_BASELINES=1 to create it.");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected != actual)
        {
            var expectedLines = expected.Split('\n');
            var actualLines = actual.Split('\n');
            int line = 0;
            while (line < Math.Min(expectedLines.Length, actualLines.Length) && expectedLines[line] == actualLines[line])
            {
                line++;
            }

            Assert.Fail($"Generated code differs from {path} at line {line + 1}:{Environment.NewLine}expected: {expectedLines.ElementAtOrDefault(line)}{Environment.NewLine}actual:   {actualLines.ElementAtOrDefault(line)}");
        }
    }
}
