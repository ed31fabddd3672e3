using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace McpGen.SourceGeneration.Tests;

/// <summary>Each diagnostic fires at the right place, and the tool it concerns is not emitted.</summary>
public sealed class DiagnosticTests
{
    private const string Server = "using McpGen; using System; using System.Threading.Tasks; [McpServer(\"s\")] public partial class S; ";

    private static Diagnostic Single(string source, string id, CSharpParseOptions? options = null)
    {
        var result = GeneratorHarness.Run(source, options);
        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal($"https://github.com/mcpgen/mcpgen/blob/main/docs/diagnostics/{id}.md", diagnostic.Descriptor.HelpLinkUri);
        Assert.True(diagnostic.Location.IsInSource);
        return diagnostic;
    }

    [Fact]
    public void MCPG0001_old_language_version()
    {
        var d = Single(Server + "public static class T { [McpTool] public static int A() => 1; }", "MCPG0001", GeneratorHarness.ParseOptions(LanguageVersion.CSharp10));
        Assert.Contains("C# 10", d.GetMessage());
    }

    [Fact]
    public void MCPG1001_server_not_partial()
    {
        var d = Single("using McpGen; [McpServer(\"s\")] public class NotPartial { }", "MCPG1001");
        Assert.Contains("'NotPartial'", d.GetMessage());
        Assert.Equal("NotPartial", d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan));
    }

    [Fact]
    public void MCPG1001_containing_class_not_partial()
    {
        Single("using McpGen; public class Outer { [McpServer(\"s\")] public partial class Inner; }", "MCPG1001");
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("this_name_is_far_too_long_to_be_a_tool_name_because_it_has_more_than_64_characters")]
    public void MCPG1002_invalid_tool_name(string name)
    {
        var d = Single(Server + $"public static class T {{ [McpTool(\"{name}\")] public static int A() => 1; }}", "MCPG1002");
        Assert.Contains($"'{name}'", d.GetMessage());
    }

    [Fact]
    public void MCPG1003_duplicate_tool_name_keeps_the_first()
    {
        var result = GeneratorHarness.Run(Server + "public static class A { [McpTool] public static int Same() => 1; } public static class B { [McpTool(\"same\")] public static int Other() => 2; }");
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("MCPG1003", d.Id);
        Assert.Contains("'same'", d.GetMessage());
        Assert.Empty(result.CompilationProblems);
        var text = result.Sources.Single().SourceText.ToString();
        Assert.Contains("global::A.Same()", text);
        Assert.DoesNotContain("global::B.Other()", text);
    }

    [Theory]
    [InlineData("object value", "'object' has no JSON shape")]
    [InlineData("byte[] data", "byte[] is not supported")]
    [InlineData("int[,] grid", "multi-dimensional arrays")]
    [InlineData("System.Collections.Generic.Dictionary<int, string> map", "string keys")]
    [InlineData("System.Tuple<int, int> pair", "framework type")]
    [InlineData("NoCtor value", "several constructors")]
    [InlineData("BadProp value", "property 'Value' of 'BadProp'")]
    public void MCPG1004_unsupported_parameter(string parameter, string reason)
    {
        var d = Single(Server + """
            public sealed class NoCtor { public NoCtor(int a) { } public NoCtor(string b) { } public int A { get; set; } }
            public sealed class BadProp { public object Value { get; set; } = new(); }
            public static class T { [McpTool] public static int A(
            """ + parameter + ") => 1; }", "MCPG1004");
        Assert.Contains(reason, d.GetMessage());
    }

    [Fact]
    public void MCPG1005_unsupported_return_type()
    {
        var d = Single(Server + "public static class T { [McpTool] public static object A() => 1; }", "MCPG1005");
        Assert.Contains("tool 'a'", d.GetMessage());
    }

    [Theory]
    [InlineData("[McpTool] public static int A<TX>() => 1;", "generic")]
    [InlineData("[McpTool] public static async void A() { await Task.Yield(); }", "async void")]
    [InlineData("[McpTool] public static int A(ref int x) => x;", "ref, out, in")]
    [InlineData("[McpTool] public static int A(out int x) { x = 1; return x; }", "ref, out, in")]
    [InlineData("[McpTool] public static int A(params int[] x) => 1;", "params")]
    public void MCPG1006_unsupported_method_shape(string method, string reason)
    {
        var d = Single(Server + "public static class T { " + method + " }", "MCPG1006");
        Assert.Contains(reason, d.GetMessage());
    }

    [Fact]
    public void MCPG1007_instance_tool_on_an_abstract_class()
    {
        Single(Server + "public abstract class T { [McpTool] public int A() => 1; }", "MCPG1007");
    }

    [Theory]
    [InlineData("public static class T { [McpTool] private static int A() => 1; }")]
    [InlineData("public static class O { private static class T { [McpTool] public static int A() => 1; } }")]
    public void MCPG1008_inaccessible_tool(string source)
    {
        Single(Server + source, "MCPG1008");
    }

    [Fact]
    public void A_valid_tool_next_to_an_invalid_one_is_still_served()
    {
        var result = GeneratorHarness.Run(Server + "public static class T { [McpTool] public static int Good() => 1; [McpTool] public static int Bad(object o) => 1; }");
        Assert.Equal("MCPG1004", Assert.Single(result.GeneratorDiagnostics).Id);
        Assert.Empty(result.CompilationProblems);
        Assert.Contains("\"good\"", result.Sources.Single().SourceText.ToString());
    }

    [Fact]
    public void Every_descriptor_has_a_docs_page_and_a_release_tracking_row()
    {
        string root = RepoRoot();
        string unshipped = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "src", "McpGen.SourceGeneration", "AnalyzerReleases.Unshipped.md"));
        var ids = typeof(Diagnostics.DiagnosticIds).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            Assert.True(System.IO.File.Exists(System.IO.Path.Combine(root, "docs", "diagnostics", id + ".md")), $"docs/diagnostics/{id}.md is missing");
            Assert.Contains(id + " |", unshipped);
            Assert.Equal(id, Diagnostics.DiagnosticDescriptors.ById(id).Id);
        }
    }

    internal static string RepoRoot()
    {
        var dir = new System.IO.DirectoryInfo(System.AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "McpGen.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new System.InvalidOperationException("McpGen.sln not found above the test directory.");
    }
}
