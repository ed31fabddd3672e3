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
        MetadataReference.CreateFromFile(typeof(McpGen.Client.McpClientAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(ModelContextProtocol.Protocol.CallToolResult).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions).Assembly.Location),
    ];

    public static CSharpParseOptions ParseOptions(LanguageVersion version = LanguageVersion.Latest, DocumentationMode documentation = DocumentationMode.Parse) =>
        new(version, documentation);

    public static CSharpCompilation Compile(IEnumerable<string> sources, CSharpParseOptions? options = null, OutputKind kind = OutputKind.DynamicallyLinkedLibrary) =>
        CSharpCompilation.Create(
            "TestAssembly",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, options ?? ParseOptions(), path: $"Source{i}.cs")),
            s_references,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>Runs the generator over a program with top-level statements.</summary>
    public static GeneratorResult RunProgram(string source)
    {
        var compilation = Compile([source], kind: OutputKind.ConsoleApplication);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorResult(driver.GetRunResult(), output, diagnostics);
    }

    public static GeneratorDriver CreateDriver(CSharpParseOptions? options = null, IReadOnlyDictionary<string, string>? buildProperties = null) =>
        CSharpGeneratorDriver.Create(
            // The server generator first: tests that read one generator's tracked steps take Results[0].
            [new McpServerGenerator().AsSourceGenerator(), new McpClientGenerator().AsSourceGenerator()],
            parseOptions: options ?? ParseOptions(),
            optionsProvider: buildProperties is null ? null : new BuildProperties(buildProperties),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator as a build with these MSBuild properties (<c>build_property.*</c> global options) would.</summary>
    public static GeneratorResult RunWithBuildProperties(string source, IReadOnlyDictionary<string, string> buildProperties)
    {
        var compilation = Compile([source]);
        var driver = CreateDriver(null, buildProperties).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorResult(driver.GetRunResult(), output, diagnostics);
    }

    private sealed class BuildProperties(IReadOnlyDictionary<string, string> properties) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        private static readonly Options s_empty = new(new Dictionary<string, string>());

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions { get; } =
            new Options(properties.ToDictionary(p => "build_property." + p.Key, p => p.Value));

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_empty;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => s_empty;

        internal sealed class Options(Dictionary<string, string> values) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            // [NotNullWhen(true)] is omitted: PolySharp's copy in the generator assembly clashes with the runtime's here.
#pragma warning disable CS8765
            public override bool TryGetValue(string key, out string? value) => values.TryGetValue(key, out value);
#pragma warning restore CS8765
        }
    }

    /// <summary>Runs the generator with <paramref name="json"/> added as an <c>McpClientImport</c> of <paramref name="interfaceName"/>.</summary>
    public static GeneratorResult RunImport(string json, string interfaceName, string path = "/project/remote.tools.json")
    {
        var compilation = Compile(["namespace Placeholder { }"]);
        var file = new InMemoryText(path, json);
        var driver = CSharpGeneratorDriver.Create(
            [new McpServerGenerator().AsSourceGenerator(), new McpClientGenerator().AsSourceGenerator()],
            additionalTexts: [file],
            parseOptions: ParseOptions(),
            optionsProvider: new ImportOptions(file, interfaceName))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorResult(driver.GetRunResult(), output, diagnostics);
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(System.Threading.CancellationToken cancellationToken = default) =>
            Microsoft.CodeAnalysis.Text.SourceText.From(text);
    }

    private sealed class ImportOptions(AdditionalText file, string interfaceName) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        private static readonly BuildProperties.Options s_empty = new(new Dictionary<string, string>());

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions => s_empty;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_empty;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            ReferenceEquals(textFile, file)
                ? new BuildProperties.Options(new Dictionary<string, string> { ["build_metadata.AdditionalFiles.McpClientInterface"] = interfaceName })
                : s_empty;
    }

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
    public IReadOnlyList<GeneratedSourceResult> Sources => RunResult.Results.SelectMany(r => r.GeneratedSources).ToList();

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
