using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using McpGen.SourceGeneration.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpGen.Analyzers.Tests;

/// <summary>
/// Realistic snippets in <c>Corpus/</c>, each run through every McpGen analyzer. Snippets in <c>Clean/</c> must raise
/// nothing (the false-positive guard); snippets in <c>Flagged/</c> mark each expected diagnostic with a trailing
/// <c>// expect: MCPGnnnn</c> on the line where it is reported, and must raise exactly those.
/// </summary>
public sealed partial class CorpusTests
{
    private static readonly string s_root = Path.Combine(AppContext.BaseDirectory, "Corpus");

    private static readonly ImmutableArray<DiagnosticAnalyzer> s_analyzers =
    [
        new ServerStateAnalyzer(),
        new CancellationAnalyzer(),
        new HandlerReachabilityAnalyzer(),
        new ToolDeclarationAnalyzer(),
    ];

    public static TheoryData<string> Snippets()
    {
        var data = new TheoryData<string>();
        foreach (string name in Names())
        {
            data.Add(name);
        }

        return data;
    }

    private static List<string> Names() =>
        Directory.EnumerateFiles(s_root, "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(s_root, file).Replace('\\', '/'))
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void Corpus_has_at_least_sixty_snippets_both_clean_and_flagged()
    {
        var names = Names();
        Assert.True(names.Count >= 60, $"the corpus has {names.Count} snippets");
        Assert.True(names.Count(n => n.StartsWith("Clean/", StringComparison.Ordinal)) >= 30);
        Assert.True(names.Count(n => n.StartsWith("Flagged/", StringComparison.Ordinal)) >= 20);
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public async Task Snippet_raises_exactly_the_expected_diagnostics(string name)
    {
        string source = await File.ReadAllTextAsync(Path.Combine(s_root, name));
        var expected = Expectations(source);
        if (name.StartsWith("Clean/", StringComparison.Ordinal))
        {
            Assert.True(expected.Count == 0, "clean snippets carry no expectations");
        }
        else
        {
            Assert.True(expected.Count > 0, "flagged snippets mark what they expect");
        }

        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Parse), path: name);
        var compilation = CSharpCompilation.Create(
            "Corpus",
            [tree],
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the snippet must compile:\n" + string.Join("\n", errors));

        // Hidden diagnostics are IDE suggestions (MCPG5023's "declare it frozen"), not findings: a clean file may have them.
        var diagnostics = (await compilation.WithAnalyzers(s_analyzers).GetAnalyzerDiagnosticsAsync()).Where(d => d.Severity != DiagnosticSeverity.Hidden).ToList();
        var actual = diagnostics
            .Select(d => $"{d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();
        var messages = string.Join("\n", diagnostics.Select(d => d.ToString()));
        Assert.True(expected.SequenceEqual(actual), $"expected:\n{string.Join("\n", expected)}\nactual:\n{messages}");
    }

    /// <summary>"line: id" for every <c>// expect: MCPGnnnn, MCPGnnnn</c> marker.</summary>
    private static List<string> Expectations(string source)
    {
        var result = new List<string>();
        string[] lines = source.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var match = ExpectMarker().Match(lines[i]);
            if (match.Success)
            {
                result.AddRange(match.Groups[1].Value.Split(',').Select(id => $"{i + 1}: {id.Trim()}"));
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    [GeneratedRegex(@"//\s*expect:\s*(MCPG\d{4}(?:\s*,\s*MCPG\d{4})*)")]
    private static partial Regex ExpectMarker();
}
