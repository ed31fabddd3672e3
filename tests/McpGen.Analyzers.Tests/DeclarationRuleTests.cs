using System.Threading.Tasks;
using McpGen.CodeFixes;
using McpGen.SourceGeneration.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = McpGen.Analyzers.Tests.Verifier<McpGen.SourceGeneration.Analyzers.ToolDeclarationAnalyzer, McpGen.CodeFixes.AddSummaryStubFixer>;

namespace McpGen.Analyzers.Tests;

/// <summary>MCPG1010: ReadOnly and Destructive both set.</summary>
public sealed class MCPG1010ReadOnlyAndDestructiveTests
{
    [Fact]
    public Task Flags_the_contradiction() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + """
            public static class Tools
            {
                /// <summary>Deletes nothing.</summary>
                [{|MCPG1010:McpTool(ReadOnly = true, Destructive = true)|}] public static int Purge() => 0;
            }
            """);

    [Fact]
    public Task Stays_silent_on_consistent_hints() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + """
            public static class Tools
            {
                /// <summary>Reads.</summary>
                [McpTool(ReadOnly = true, Destructive = false)] public static int Read() => 0;
                /// <summary>Deletes.</summary>
                [McpTool(Destructive = true)] public static int Purge() => 0;
            }
            """);
}

/// <summary>MCPG1012: tools, prompts and resources without a description.</summary>
public sealed class MCPG1012MissingDescriptionTests
{
    private static DiagnosticResult Info(int location, string kind, string name) =>
        new DiagnosticResult("MCPG1012", DiagnosticSeverity.Info).WithLocation(location).WithArguments(kind, name);

    [Fact]
    public Task Flags_undescribed_tools_prompts_and_resources() =>
        VerifyCS.AnalyzerAsync(
            VerifyCS.Usings + """
            public static class Tools
            {
                [McpTool] public static int {|#0:GetForecast|}(string city) => 1;
                [McpPrompt("summarize")] public static string {|#1:Summarize|}(string text) => text;
                [McpResource("notes://today")] public static string {|#2:Today|}() => "";
            }
            """,
            Info(0, "tool", "get_forecast"),
            Info(1, "prompt", "summarize"),
            Info(2, "resource", "notes://today"));

    [Fact]
    public Task Stays_silent_with_any_kind_of_description() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + """
            public static class Tools
            {
                [McpTool(Description = "Adds.")] public static int Add(int a) => a;
                [McpTool, System.ComponentModel.Description("Subtracts.")] public static int Sub(int a) => a;
                /// <summary>Multiplies.</summary>
                [McpTool] public static int Mul(int a) => a;
                [McpCompletion(Prompt = "p", Argument = "a")] public static IEnumerable<string> Complete(string value) => [];
            }
            """);

    [Fact]
    public Task Fix_writes_a_summary_and_param_stubs() =>
        VerifyCS.FixAsync(
            VerifyCS.Usings + """
            public static class Tools
            {
                [McpTool]
                public static Task<int> {|MCPG1012:GetForecastAsync|}(string city, int maxDays, [System.ComponentModel.Description("Units.")] string units, CancellationToken cancellationToken) => Task.FromResult(1);

                // A prompt.
                [McpPrompt] public static string {|MCPG1012:Summarize|}(string text) => text;
            }
            """,
            VerifyCS.Usings + """
            public static class Tools
            {
                /// <summary>Get forecast.</summary>
                /// <param name="city">The city.</param>
                /// <param name="maxDays">The max days.</param>
                /// <param name="cancellationToken">The cancellation token.</param>
                [McpTool]
                public static Task<int> GetForecastAsync(string city, int maxDays, [System.ComponentModel.Description("Units.")] string units, CancellationToken cancellationToken) => Task.FromResult(1);

                // A prompt.
                /// <summary>Summarize.</summary>
                /// <param name="text">The text.</param>
                [McpPrompt] public static string Summarize(string text) => text;
            }
            """);
}
