using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace McpGen.Analyzers.Tests;

/// <summary>
/// Compiles test sources against the .NET 10 reference assemblies (no download) and McpGen, runs one analyzer and,
/// for fix tests, one fixer, including Fix All in document, project and solution.
/// </summary>
internal static class Verifier<TAnalyzer, TFixer>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFixer : CodeFixProvider, new()
{
    /// <summary>Usings every test source starts with, so snippets stay short.</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using McpGen;

        """;

    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>Applies the fix one diagnostic at a time and with Fix All; markup in <paramref name="fixedSource"/> marks what remains.</summary>
    public static Task FixAsync(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);

    private sealed class Test : CSharpCodeFixTest<TAnalyzer, TFixer, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.None;
            TestState.AdditionalReferences.AddRange(TestReferences.All);
        }

        protected override CompilationOptions CreateCompilationOptions() =>
            ((Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions)base.CreateCompilationOptions())
                .WithNullableContextOptions(Microsoft.CodeAnalysis.NullableContextOptions.Enable);
    }
}

/// <summary>References every test compilation gets: the framework and McpGen's runtime.</summary>
internal static class TestReferences
{
    /// <summary>No reference-assembly package: the framework comes from Basic.Reference.Assemblies, so tests never download.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    public static ImmutableArray<MetadataReference> All { get; } =
    [
        .. Basic.Reference.Assemblies.Net100.References.All,
        MetadataReference.CreateFromFile(typeof(McpGen.McpServerAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(McpGen.Client.McpClientAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(ModelContextProtocol.Protocol.CallToolResult).Assembly.Location),
    ];
}
