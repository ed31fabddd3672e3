using System.Threading.Tasks;
using McpGen.CodeFixes;
using McpGen.SourceGeneration.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = McpGen.Analyzers.Tests.Verifier<McpGen.SourceGeneration.Analyzers.SdkMigrationAnalyzer, McpGen.CodeFixes.AddMcpGenAttributeFixer>;

namespace McpGen.Analyzers.Tests;

/// <summary>MCPG7001: methods the official SDK serves by reflection, and the fix that adds McpGen's attribute.</summary>
public sealed class MCPG7001SdkAttributeOnlyTests
{
    private const string SdkUsings = "using System.ComponentModel;\nusing ModelContextProtocol.Server;\n";

    private static DiagnosticResult Info(int location, string method, string sdk, string mcpGen) =>
        new DiagnosticResult("MCPG7001", DiagnosticSeverity.Info).WithLocation(location).WithArguments(method, sdk, mcpGen);

    [Fact]
    public Task Flags_sdk_tools_prompts_and_resources_without_mcpgen_attributes() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + SdkUsings + """
            [McpServerToolType]
            public sealed class Tools
            {
                [{|#0:McpServerTool(Name = "echo")|}] public static string Echo(string message) => message;
                [{|#1:McpServerPrompt|}] public static string Review(string code) => code;
                [{|#2:McpServerResource(UriTemplate = "notes://{id}")|}] public static string Note(string id) => id;
                [McpServerTool(Name = "done"), McpTool("done")] public static string Done() => "";
                public static string Plain() => "";
            }
            """,
            Info(0, "Echo", "McpServerTool", "McpTool"),
            Info(1, "Review", "McpServerPrompt", "McpPrompt"),
            Info(2, "Note", "McpServerResource", "McpResource"));

    [Fact]
    public Task Fix_adds_mcpgen_attributes_carrying_names_and_hints() =>
        VerifyCS.FixAsync(VerifyCS.Usings + SdkUsings + """
            [McpServerToolType]
            public sealed class Tools
            {
                [{|#0:McpServerTool(Name = "get_forecast", Title = "Forecast", ReadOnly = true, OpenWorld = false, UseStructuredContent = true)|}, Description("Daily forecast.")]
                public static string GetForecast([Description("The city.")] string city) => city;

                [{|#1:McpServerTool|}]
                public static string Echo(string message) => message;

                [{|#2:McpServerPrompt(Name = "review", Title = "Review")|}]
                public static string Review(string code) => code;

                [{|#3:McpServerResource(UriTemplate = "notes://{id}", Name = "note", MimeType = "text/plain")|}]
                public static string Note(string id) => id;
            }
            """,
            VerifyCS.Usings + SdkUsings + """
            [McpServerToolType]
            public sealed class Tools
            {
                [McpServerTool(Name = "get_forecast", Title = "Forecast", ReadOnly = true, OpenWorld = false, UseStructuredContent = true), Description("Daily forecast.")]
                [McpTool("get_forecast", Title = "Forecast", ReadOnly = true, OpenWorld = false)]
                public static string GetForecast([Description("The city.")] string city) => city;

                [McpServerTool]
                [McpTool]
                public static string Echo(string message) => message;

                [McpServerPrompt(Name = "review", Title = "Review")]
                [McpPrompt("review", Title = "Review")]
                public static string Review(string code) => code;

                [McpServerResource(UriTemplate = "notes://{id}", Name = "note", MimeType = "text/plain")]
                [McpResource("notes://{id}", Name = "note", MimeType = "text/plain")]
                public static string Note(string id) => id;
            }
            """,
            Info(0, "GetForecast", "McpServerTool", "McpTool"),
            Info(1, "Echo", "McpServerTool", "McpTool"),
            Info(2, "Review", "McpServerPrompt", "McpPrompt"),
            Info(3, "Note", "McpServerResource", "McpResource"));

    [Fact]
    public Task Fix_adds_the_using_when_the_file_has_none() =>
        VerifyCS.FixAsync("""
            using ModelContextProtocol.Server;

            public static class Tools
            {
                [{|#0:McpServerTool(Name = "echo")|}]
                public static string Echo(string message) => message;
            }
            """,
            """
            using McpGen;
            using ModelContextProtocol.Server;

            public static class Tools
            {
                [McpServerTool(Name = "echo")]
                [McpTool("echo")]
                public static string Echo(string message) => message;
            }
            """,
            Info(0, "Echo", "McpServerTool", "McpTool"));
}
