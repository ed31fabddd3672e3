using System.Collections.Immutable;
using McpGen.SourceGeneration.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace McpGen.SourceGeneration.Analyzers;

/// <summary>
/// MCPG7001: a method the official SDK serves by reflection ([McpServerTool], [McpServerPrompt], [McpServerResource])
/// without McpGen's counterpart. The code fix adds McpGen's attribute next to the SDK's, carrying its name and hints,
/// so a class can move to generated handlers one method at a time.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SdkMigrationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: McpGen's attribute to add (<c>McpTool</c>, <c>McpPrompt</c> or <c>McpResource</c>).</summary>
    public const string McpGenAttributeProperty = "McpGenAttribute";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.SdkAttributeOnly);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var compilation = start.Compilation;
            var pairs = ImmutableArray.CreateBuilder<(INamedTypeSymbol Sdk, INamedTypeSymbol McpGen, string Name)>();
            Add("ModelContextProtocol.Server.McpServerToolAttribute", "McpGen.McpToolAttribute", "McpTool");
            Add("ModelContextProtocol.Server.McpServerPromptAttribute", "McpGen.McpPromptAttribute", "McpPrompt");
            Add("ModelContextProtocol.Server.McpServerResourceAttribute", "McpGen.McpResourceAttribute", "McpResource");
            if (pairs.Count == 0)
            {
                return;
            }

            var known = pairs.ToImmutable();
            start.RegisterSymbolAction(c => Analyze(c, known), SymbolKind.Method);

            void Add(string sdk, string mcpGen, string name)
            {
                if (compilation.GetTypeByMetadataName(sdk) is { } s && compilation.GetTypeByMetadataName(mcpGen) is { } m)
                {
                    pairs.Add((s, m, name));
                }
            }
        });
    }

    private static void Analyze(SymbolAnalysisContext context, ImmutableArray<(INamedTypeSymbol Sdk, INamedTypeSymbol McpGen, string Name)> pairs)
    {
        var method = (IMethodSymbol)context.Symbol;
        var attributes = method.GetAttributes();
        foreach (var (sdk, mcpGen, name) in pairs)
        {
            AttributeData? sdkAttribute = null;
            bool hasMcpGen = false;
            foreach (var attribute in attributes)
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, sdk))
                {
                    sdkAttribute = attribute;
                }
                else if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, mcpGen))
                {
                    hasMcpGen = true;
                }
            }

            if (sdkAttribute?.ApplicationSyntaxReference is { } syntax && !hasMcpGen)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.SdkAttributeOnly,
                    Location.Create(syntax.SyntaxTree, syntax.Span),
                    ImmutableDictionary<string, string?>.Empty.Add(McpGenAttributeProperty, name),
                    method.Name, sdk.Name.Substring(0, sdk.Name.Length - "Attribute".Length), name));
            }
        }
    }
}
