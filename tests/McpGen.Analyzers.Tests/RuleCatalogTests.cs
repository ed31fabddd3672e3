using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using McpGen.CodeFixes;
using McpGen.SourceGeneration.Analyzers;
using McpGen.SourceGeneration.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpGen.Analyzers.Tests;

/// <summary>
/// Every rule, whoever reports it (generator or analyzer), has its help link, its docs page, its release-tracking row,
/// its row in the diagnostics index and an id in a documented range; every Info rule has a code fix; every fixer is
/// exported and supports Fix All (Meziantou's RuleHelpUri test, extended).
/// </summary>
public sealed class RuleCatalogTests
{
    private static readonly string s_repository = FindRepository();

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in Descriptors())
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    private static List<DiagnosticDescriptor> Descriptors() =>
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

    private static List<DiagnosticAnalyzer> Analyzers() =>
        typeof(ServerStateAnalyzer).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToList();

    private static List<CodeFixProvider> Fixers() =>
        typeof(MarkProcessLocalFixer).Assembly.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToList();

    [Fact]
    public void Every_id_constant_has_one_descriptor_and_ids_are_unique()
    {
        var constants = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.Equal(constants, Descriptors().Select(d => d.Id).ToList());
        Assert.Equal(constants.Count, constants.Distinct().Count());
    }

    [Fact]
    public void Analyzers_report_only_catalogued_descriptors()
    {
        var catalogue = Descriptors().ToDictionary(d => d.Id);
        var analyzers = Analyzers();
        Assert.Equal(6, analyzers.Count);
        foreach (var descriptor in analyzers.SelectMany(a => a.SupportedDiagnostics))
        {
            Assert.Same(catalogue[descriptor.Id], descriptor);
        }
    }

    [Fact]
    public void Fixers_are_exported_support_fix_all_and_fix_catalogued_ids()
    {
        var ids = Descriptors().Select(d => d.Id).ToHashSet();
        var fixers = Fixers();
        Assert.Equal(9, fixers.Count);
        foreach (var fixer in fixers)
        {
            Assert.NotNull(fixer.GetType().GetCustomAttribute<ExportCodeFixProviderAttribute>());
            Assert.Same(WellKnownFixAllProviders.BatchFixer, fixer.GetFixAllProvider());
            Assert.All(fixer.FixableDiagnosticIds, id => Assert.Contains(id, ids));
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Rule_has_help_link_docs_page_release_row_index_row_and_range(string id)
    {
        var descriptor = Descriptors().Single(d => d.Id == id);
        Assert.Equal($"https://github.com/mcpgen/mcpgen/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);

        string page = Path.Combine(s_repository, "docs", "diagnostics", id + ".md");
        Assert.True(File.Exists(page), $"{page} is missing");
        string text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {descriptor.Title}\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"- **Message:** `{descriptor.MessageFormat}`", text, StringComparison.Ordinal);
        foreach (string section in new[] { "## Cause", "## Rule description", "## How to fix", "## When to suppress" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }

        Assert.Contains($"**Severity:** {descriptor.DefaultSeverity}", text, StringComparison.Ordinal);

        string releases = File.ReadAllText(Path.Combine(s_repository, "src", "McpGen.SourceGeneration", "AnalyzerReleases.Unshipped.md"))
            + File.ReadAllText(Path.Combine(s_repository, "src", "McpGen.SourceGeneration", "AnalyzerReleases.Shipped.md"));
        Assert.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", releases, StringComparison.Ordinal);

        string index = File.ReadAllText(Path.Combine(s_repository, "docs", "diagnostics", "README.md"));
        Assert.Contains($"| [{id}]({id}.md) | ", index, StringComparison.Ordinal);
        Assert.Contains($"| MCPG{id[4]}xxx |", index, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Info_rules_come_with_a_code_fix(string id)
    {
        var descriptor = Descriptors().Single(d => d.Id == id);
        if (descriptor.DefaultSeverity == DiagnosticSeverity.Info)
        {
            Assert.Contains(Fixers(), f => f.FixableDiagnosticIds.Contains(id));
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Compilation_end_rules_are_tagged_and_have_no_fix(string id)
    {
        var descriptor = Descriptors().Single(d => d.Id == id);
        bool compilationEnd = descriptor.CustomTags.Contains("CompilationEnd");
        bool reportedAtEnd = Analyzers().OfType<HandlerReachabilityAnalyzer>().Single().SupportedDiagnostics.Any(d => d.Id == id);
        Assert.Equal(reportedAtEnd, compilationEnd);
        if (compilationEnd)
        {
            Assert.DoesNotContain(Fixers(), f => f.FixableDiagnosticIds.Contains(id));
        }
    }

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "McpGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("McpGen.sln not found above " + AppContext.BaseDirectory);
    }
}
