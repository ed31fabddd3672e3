using System.Collections.Immutable;
using System.Linq;
using McpGen.SourceGeneration.Diagnostics;
using McpGen.SourceGeneration.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpGen.SourceGeneration.Analyzers;

/// <summary>
/// Declaration rules that do not stop generation: contradictory hints (MCPG1010) and tools, prompts and resources the
/// model would see without a description (MCPG1012). The rules that do stop it are reported by the generator itself,
/// at the same locations.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ToolDeclarationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property of MCPG1012: the parameters that also lack a description, comma-separated.</summary>
    public const string UndescribedParametersProperty = "UndescribedParameters";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ReadOnlyAndDestructive,
        DiagnosticDescriptors.MissingDescription);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (McpSymbols.Create(start.Compilation) is not { } symbols)
            {
                return;
            }

            var description = start.Compilation.GetTypeByMetadataName("System.ComponentModel.DescriptionAttribute");
            start.RegisterSymbolAction(c => Analyze(c, symbols, description), SymbolKind.Method);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, McpSymbols symbols, INamedTypeSymbol? descriptionAttribute)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (symbols.HandlerAttribute(method) is not { AttributeClass.Name: var attributeName } attribute)
        {
            return;
        }

        string? kind = attributeName switch
        {
            "McpToolAttribute" => "tool",
            "McpPromptAttribute" => "prompt",
            "McpResourceAttribute" => "resource",
            _ => null,
        };
        if (kind is null)
        {
            return;
        }

        var named = attribute.NamedArguments.ToImmutableDictionary(a => a.Key, a => a.Value);
        if (kind == "tool" && IsTrue(named, "ReadOnly") && IsTrue(named, "Destructive"))
        {
            var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? method.Locations.FirstOrDefault();
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ReadOnlyAndDestructive, location, NameOf(attribute, named, method)));
        }

        bool HasDescriptionAttribute(ISymbol symbol) =>
            symbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, descriptionAttribute) && a.ConstructorArguments.FirstOrDefault().Value is string { Length: > 0 });

        var doc = DocComments.Get(method, context.CancellationToken);
        bool described = (named.TryGetValue("Description", out var text) && text.Value is string { Length: > 0 })
            || HasDescriptionAttribute(method)
            || !string.IsNullOrWhiteSpace(DocComments.Summary(doc));
        if (described)
        {
            return;
        }

        // The fix writes a <param> stub for every parameter without one: the model sees the arguments' text, and a
        // comment that documents only some parameters raises CS1573 in projects that generate documentation files.
        var undescribed = method.Parameters
            .Where(p => !HasDescriptionAttribute(p) && string.IsNullOrWhiteSpace(DocComments.Param(doc, p.Name)))
            .Select(p => p.Name);
        var properties = ImmutableDictionary<string, string?>.Empty.Add(UndescribedParametersProperty, string.Join(",", undescribed));
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingDescription, method.Locations.FirstOrDefault(), properties, kind, NameOf(attribute, named, method)));
    }

    private static bool IsTrue(ImmutableDictionary<string, TypedConstant> named, string key) =>
        named.TryGetValue(key, out var value) && value.Value is true;

    private static string NameOf(AttributeData attribute, ImmutableDictionary<string, TypedConstant> named, IMethodSymbol method)
    {
        if (named.TryGetValue("Name", out var explicitName) && explicitName.Value is string name)
        {
            return name;
        }

        return attribute.ConstructorArguments.FirstOrDefault().Value as string ?? Naming.ToolName(method.Name);
    }
}
