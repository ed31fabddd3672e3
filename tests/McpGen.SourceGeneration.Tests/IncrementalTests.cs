using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using McpGen.SourceGeneration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace McpGen.SourceGeneration.Tests;

/// <summary>The pipeline caches: edits that do not change a tool's shape do not regenerate anything.</summary>
public sealed class IncrementalTests
{
    private const string ServerFile = """
        using McpGen;
        namespace App;
        [McpServer("app")] public partial class AppServer;
        """;

    private const string ToolsFile = """
        using McpGen;
        namespace App;
        public static class Tools
        {
            /// <summary>Adds.</summary>
            [McpTool] public static int Add(int a, int b) => a + b;
        }
        """;

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) Start()
    {
        var compilation = GeneratorHarness.Compile([ServerFile, ToolsFile]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        return (driver, compilation);
    }

    private static GeneratorRunResult Rerun(GeneratorDriver driver, Compilation compilation) =>
        driver.RunGenerators(compilation).GetRunResult().Results[0];

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

    private static IEnumerable<IncrementalStepRunReason> OutputReasons(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason);

    [Fact]
    public void Same_input_twice_is_all_cached()
    {
        var (driver, compilation) = Start();
        var result = Rerun(driver, compilation.Clone());
        // Unchanged (a transform re-ran and produced an equal model) stops propagation just as Cached does.
        foreach (var step in new[] { TrackingNames.Tools, TrackingNames.Servers, TrackingNames.AllPrimitives, TrackingNames.ServerModels })
        {
            Assert.All(Reasons(result, step), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        }

        Assert.All(OutputReasons(result), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void Unrelated_file_keeps_everything_cached()
    {
        var (driver, compilation) = Start();
        var result = Rerun(driver, compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App; public class Unrelated { public int X; }", GeneratorHarness.ParseOptions())));
        Assert.All(Reasons(result, TrackingNames.Tools), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(Reasons(result, TrackingNames.ServerModels), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(OutputReasons(result), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void Method_body_edit_reparses_the_tool_but_regenerates_nothing()
    {
        var (driver, compilation) = Start();
        var edited = ReplaceTools(compilation, ToolsFile.Replace("=> a + b;", "=> checked(a + b);", StringComparison.Ordinal));
        var result = Rerun(driver, edited);
        Assert.Contains(IncrementalStepRunReason.Unchanged, Reasons(result, TrackingNames.Tools));
        Assert.All(Reasons(result, TrackingNames.ServerModels), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.All(OutputReasons(result), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void Description_edit_regenerates_the_server()
    {
        var (driver, compilation) = Start();
        var edited = ReplaceTools(compilation, ToolsFile.Replace("Adds.", "Adds two numbers.", StringComparison.Ordinal));
        var result = Rerun(driver, edited);
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Tools));
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.ServerModels));
        Assert.Contains("Adds two numbers.", result.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void Adding_a_second_server_leaves_the_first_cached()
    {
        var (driver, compilation) = Start();
        var result = Rerun(driver, compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("using McpGen; namespace Other; [McpServer(\"other\")] public partial class OtherServer;", GeneratorHarness.ParseOptions())));
        var reasons = Reasons(result, TrackingNames.ServerModels).ToList();
        Assert.Contains(IncrementalStepRunReason.Cached, reasons);
        Assert.Contains(IncrementalStepRunReason.New, reasons);
        Assert.Equal(2, result.GeneratedSources.Length);
    }

    private const string PrimitivesFile = """
        using McpGen;
        namespace App;
        public enum Mood { Happy, Sad }
        public static class Primitives
        {
            /// <summary>A note.</summary>
            [McpResource("notes://{id}")] public static string Note(int id) => "note " + id;
            /// <summary>A greeting.</summary>
            [McpPrompt] public static string Greet(string name, Mood mood) => "hi " + name;
            [McpCompletion(Prompt = "greet", Argument = "name")] public static string[] Names(string value) => ["ann"];
            [McpResourceList] public static ModelContextProtocol.Protocol.Resource[] All() => [];
        }
        """;

    private static Compilation ReplacePrimitives(Compilation compilation, string newText)
    {
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "Source2.cs");
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(newText, GeneratorHarness.ParseOptions(), path: "Source2.cs"));
    }

    [Fact]
    public void Primitive_method_body_edits_regenerate_nothing()
    {
        var compilation = GeneratorHarness.Compile([ServerFile, ToolsFile, PrimitivesFile]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var edited = PrimitivesFile.Replace("\"note \" + id", "$\"note {id}\"", StringComparison.Ordinal).Replace("\"hi \" + name", "$\"hello {name}\"", StringComparison.Ordinal);
        var result = Rerun(driver, ReplacePrimitives(compilation, edited));
        foreach (var step in new[] { TrackingNames.Resources, TrackingNames.Prompts })
        {
            Assert.All(Reasons(result, step), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, step + ": " + r));
        }

        // The completion method below the edits moved, so its spec (which keeps its location for diagnostics) changed,
        // but the models code is generated from do not hold locations: nothing is regenerated.
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Completions));
        Assert.All(Reasons(result, TrackingNames.ServerModels), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(OutputReasons(result), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void Changing_a_template_or_prompt_argument_regenerates_the_server()
    {
        var compilation = GeneratorHarness.Compile([ServerFile, ToolsFile, PrimitivesFile]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var edited = PrimitivesFile.Replace("notes://{id}", "notes://{id}/v2", StringComparison.Ordinal).Replace("Mood mood", "Mood? mood", StringComparison.Ordinal);
        var result = Rerun(driver, ReplacePrimitives(compilation, edited));
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Resources));
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.Prompts));
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, TrackingNames.ServerModels));
        Assert.Contains("notes://{id}/v2", result.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void Models_hold_no_symbols_syntax_or_compilations()
    {
        var compilation = GeneratorHarness.Compile([ServerFile, ToolsFile, PrimitivesFile]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var run = driver.GetRunResult().Results[0];
        foreach (var step in new[] { TrackingNames.Tools, TrackingNames.Resources, TrackingNames.Prompts, TrackingNames.Completions, TrackingNames.ResourceLists, TrackingNames.Servers, TrackingNames.ServerModels })
        {
            foreach (var output in run.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                AssertNoRoslynObjects(output.Value, new HashSet<object>(ReferenceEqualityComparer.Instance), step);
            }
        }
    }

    [Fact]
    public void Same_source_gives_equal_but_distinct_models()
    {
        var a = GeneratorHarness.Run(Sources.KitchenSink).RunResult.Results[0].TrackedSteps[TrackingNames.Tools].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        var b = GeneratorHarness.Run(Sources.KitchenSink).RunResult.Results[0].TrackedSteps[TrackingNames.Tools].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i], b[i]);
            Assert.Equal(a[i].GetHashCode(), b[i].GetHashCode());
            Assert.False(ReferenceEquals(a[i], b[i]));
        }
    }

    private static Compilation ReplaceTools(CSharpCompilation compilation, string newText)
    {
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "Source1.cs");
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(newText, GeneratorHarness.ParseOptions(), path: "Source1.cs"));
    }

    private static void AssertNoRoslynObjects(object? value, HashSet<object> seen, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or Compilation or SyntaxNode or SyntaxTree or SemanticModel or Location,
            $"{path} holds a {value.GetType().Name}, which defeats caching");
        if (value is IEnumerable enumerable and not string)
        {
            int i = 0;
            foreach (var item in enumerable)
            {
                AssertNoRoslynObjects(item, seen, $"{path}[{i++}]");
            }
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (field.FieldType.IsPointer || field.FieldType.IsByRefLike)
            {
                continue;
            }

            AssertNoRoslynObjects(field.GetValue(value), seen, path + "." + field.Name);
        }
    }
}
