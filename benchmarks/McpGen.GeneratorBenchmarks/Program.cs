using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using McpGen;
using McpGen.SourceGeneration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

BenchmarkSwitcher.FromAssembly(typeof(GeneratorBenchmarks).Assembly).Run(args);

/// <summary>
/// McpGen's generator on a 1,000-tool project, hosted the way an IDE or the compiler hosts it: a full run (a fresh
/// driver, as in a command-line build), and the run after editing one method body with the driver kept (as in the IDE
/// on every keystroke), where the incremental pipeline should reuse everything.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int Tools = 1000;
    private const int ToolsPerClass = 50;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Parse);

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warmDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        var trees = new List<SyntaxTree> { Parse(ServerSource, "Server.cs") };
        for (int c = 0; c < Tools / ToolsPerClass; c++)
        {
            trees.Add(Parse(ToolClassSource(c, bodyVariant: 0), $"Tools{c}.cs"));
        }

        _compilation = CSharpCompilation.Create(
            "GeneratorBench",
            trees,
            [
                .. Basic.Reference.Assemblies.Net100.References.All,
                MetadataReference.CreateFromFile(typeof(McpServerAttribute).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(ModelContextProtocol.Protocol.CallToolResult).Assembly.Location),
            ],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        // The edit: one method body of one class changes, as when a developer types inside a tool.
        var target = _compilation.SyntaxTrees.Single(t => t.FilePath == "Tools7.cs");
        _edited = _compilation.ReplaceSyntaxTree(target, Parse(ToolClassSource(7, bodyVariant: 1), "Tools7.cs"));

        _warmDriver = CreateDriver().RunGenerators(_compilation);
        var full = _warmDriver.GetRunResult();
        if (full.Diagnostics.Length != 0 || full.Results[0].GeneratedSources.Length == 0)
        {
            throw new InvalidOperationException("the generator did not run cleanly: " + string.Join("; ", full.Diagnostics));
        }

        // A benchmark of the wrong thing is worse than none: the edit must leave the generated code as it was.
        var incremental = _warmDriver.RunGenerators(_edited).GetRunResult();
        if (!incremental.Results[0].GeneratedSources.Select(s => s.SourceText.ToString())
            .SequenceEqual(full.Results[0].GeneratedSources.Select(s => s.SourceText.ToString())))
        {
            throw new InvalidOperationException("editing a method body changed the generated code");
        }
    }

    /// <summary>A fresh driver over the whole project: what a command-line build pays.</summary>
    [Benchmark(Description = "full run, 1,000 tools")]
    public GeneratorDriver FullRun() => CreateDriver().RunGenerators(_compilation);

    /// <summary>The kept driver after one method body changed: what the IDE pays per edit.</summary>
    [Benchmark(Description = "incremental run after editing one method body")]
    public GeneratorDriver IncrementalEdit() => _warmDriver.RunGenerators(_edited);

    private static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create([new McpServerGenerator().AsSourceGenerator()], parseOptions: ParseOptions);

    private static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: path, encoding: Encoding.UTF8);

    private const string ServerSource = """
        using McpGen;

        namespace GeneratorBench;

        [McpServer("generator-bench", Version = "1.0.0")]
        public partial class BenchServer;
        """;

    /// <summary>Fifty handlers of the kinds real servers have: async tools with services and records, plain tools, resources, prompts.</summary>
    private static string ToolClassSource(int c, int bodyVariant)
    {
        var s = new StringBuilder();
        s.AppendLine($$"""
            using System.Collections.Generic;
            using System.ComponentModel;
            using System.Threading;
            using System.Threading.Tasks;
            using McpGen;

            namespace GeneratorBench;

            /// <summary>A forecast.</summary>
            public sealed record Forecast{{c}}(string City, double Celsius, IReadOnlyList<string> Notes);

            /// <summary>A data source.</summary>
            public interface ISource{{c}} { Task<string> LoadAsync(string key, CancellationToken cancellationToken); }

            /// <summary>Tools of group {{c}}.</summary>
            public sealed class Tools{{c}}(ISource{{c}} source)
            {
            """);
        for (int t = 0; t < ToolsPerClass; t++)
        {
            s.AppendLine((t % 5) switch
            {
                0 => $$"""
                        /// <summary>Gets the forecast for a city.</summary>
                        /// <param name="city">The city.</param>
                        /// <param name="days">How many days.</param>
                        /// <param name="cancellationToken">Cancels the call.</param>
                        [McpTool(ReadOnly = true)]
                        public async Task<Forecast{{c}}> Forecast{{c}}x{{t}}(string city, [Description("1 to 10")] int days = 3, CancellationToken cancellationToken = default)
                        {
                            string raw = await source.LoadAsync("g{{c}}" + city, cancellationToken);
                            return new Forecast{{c}}(city, raw.Length + days{{(t == 0 && bodyVariant == 1 ? " + 1" : "")}}, [raw]);
                        }
                    """,
                1 => $"    /// <summary>Adds two numbers.</summary>\n    [McpTool] public static int Add{c}x{t}(int a, int b) => a + b;",
                2 => $"    /// <summary>Searches notes.</summary>\n    [McpTool] public static IEnumerable<string> Search{c}x{t}(string query, int limit = 10) {{ for (int i = 0; i < limit; i++) {{ yield return query + i; }} }}",
                3 => $"    /// <summary>Reads a note.</summary>\n    [McpResource(\"notes{c}://{t}/{{id}}\")] public static string Note{c}x{t}(string id) => id;",
                _ => $"    /// <summary>Summarizes a text.</summary>\n    [McpPrompt] public static string Summarize{c}x{t}(string text, string? style = null) => style + text;",
            });
        }

        s.AppendLine("}");
        return s.ToString();
    }
}
