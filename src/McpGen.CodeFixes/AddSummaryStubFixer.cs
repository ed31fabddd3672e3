using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using McpGen.SourceGeneration.Analyzers;
using McpGen.SourceGeneration.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace McpGen.CodeFixes;

/// <summary>
/// MCPG1012: writes an XML documentation stub (<c>&lt;summary&gt;</c> and a <c>&lt;param&gt;</c> per argument) above
/// the method, worded from its name, for the author to complete. McpGen reads it as the description the model sees.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddSummaryStubFixer))]
[Shared]
public sealed class AddSummaryStubFixer : CodeFixProvider
{
    private const string EquivalenceKey = "McpGen.AddSummaryStub";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MissingDescription);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method
                || method.GetLeadingTrivia().Any(t => t.HasStructure && t.GetStructure() is DocumentationCommentTriviaSyntax))
            {
                continue; // an existing comment without <summary> is the author's to complete; a second one would be ignored
            }

            diagnostic.Properties.TryGetValue(ToolDeclarationAnalyzer.UndescribedParametersProperty, out string? parameters);
            context.RegisterCodeFix(
                CodeAction.Create("Add an XML <summary> (the description the model sees)", ct => AddAsync(context.Document, method, parameters, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> AddAsync(Document document, MethodDeclarationSyntax method, string? parameters, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        int start = method.GetFirstToken().SpanStart;
        string indent = FixerHelpers.Indentation(text, start);
        string newLine = FixerHelpers.NewLine(text);
        var stub = new StringBuilder();
        stub.Append("/// <summary>").Append(FixerHelpers.Words(method.Identifier.ValueText)).Append(".</summary>").Append(newLine);
        foreach (string parameter in (parameters ?? string.Empty).Split(',').Where(p => p.Length > 0))
        {
            stub.Append(indent).Append("/// <param name=\"").Append(parameter).Append("\">").Append("The ").Append(FixerHelpers.Words(parameter).ToLowerInvariant()).Append(".</param>").Append(newLine);
        }

        stub.Append(indent);
        return document.WithText(text.WithChanges(new TextChange(new TextSpan(start, 0), stub.ToString())));
    }
}
