using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using McpGen.SourceGeneration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace McpGen.SourceGeneration.Tests;

/// <summary>Runs the generator over source text against the .NET 10 reference assemblies and McpGen's runtime.</summary>
internal static class GeneratorHarness
{
    private static readonly ImmutableArray<MetadataReference> s_references =
    [
        .. Basic.Reference.Assemblies.Net100.References.All,
        MetadataReference.CreateFromFile(typeof(McpServerAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(ModelContextProtocol.Protocol.CallToolResult).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions).Assembly.Location),
    ];

    public static CSharpParseOptions ParseOptions(LanguageVersion version = LanguageVersion.Latest, DocumentationMode documentation = DocumentationMode.Parse) =>
        new(version, documentation);

    public static CSharpCompilation Compile(IEnumerable<string> sources, CSharpParseOptions? options = null) =>
        CSharpCompilation.Create(
            "TestAssembly",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, options ?? ParseOptions(), path: $"Source{i}.cs")),
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(CSharpParseOptions? options = null) =>
        CSharpGeneratorDriver.Create(
            [new McpServerGenerator().AsSourceGenerator()],
            parseOptions: options ?? ParseOptions(),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the generated sources, its diagnostics and the compilation with the output.</summary>
    public static GeneratorResult Run(string source, CSharpParseOptions? options = null) => Run([source], options);

    public static GeneratorResult Run(IEnumerable<string> sources, CSharpParseOptions? options = null)
    {
        var compilation = Compile(sources, options);
        var driver = CreateDriver(options).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorResult(driver.GetRunResult(), output, diagnostics);
    }
}

internal sealed record GeneratorResult(GeneratorDriverRunResult RunResult, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public IReadOnlyList<GeneratedSourceResult> Sources => RunResult.Results.Single().GeneratedSources;

    /// <summary>Errors and warnings of the compilation that includes the generated code.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public void AssertCleanCompilation()
    {
        Assert.Empty(GeneratorDiagnostics);
        var problems = CompilationProblems;
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Select(p => p.ToString())));
    }
}
