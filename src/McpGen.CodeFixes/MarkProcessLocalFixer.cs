using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using McpGen.SourceGeneration.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace McpGen.CodeFixes;

/// <summary>
/// MCPG5001–MCPG5005: declares the state deliberately per process with <c>[McpProcessLocal("TODO: …")]</c>. The
/// placeholder reason keeps MCPG5007 reporting until someone writes the real reason, so the opt-out cannot slip
/// through review unexplained.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkProcessLocalFixer))]
[Shared]
public sealed class MarkProcessLocalFixer : CodeFixProvider
{
    /// <summary>The reason the fix writes; MCPG5007 reports it until it is replaced.</summary>
    public const string PlaceholderReason = "TODO: explain why per-process state is correct here";

    private const string EquivalenceKey = "McpGen.MarkProcessLocal";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticIds.MutableStaticState,
        DiagnosticIds.InstanceFieldWrittenOutsideConstructor,
        DiagnosticIds.StaticEvent,
        DiagnosticIds.ThreadOrFlowLocalStore,
        DiagnosticIds.ProcessLocalCache,
        DiagnosticIds.PerInstanceThrottle,
        DiagnosticIds.PerUserDataInProcessCache);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var node = root?.FindNode(context.Span, getInnermostNodeForTie: true);

        // The declaration the attribute goes on: the parameter, field, property or event; for a use (HttpContext.Session), the member using it.
        SyntaxNode? target = node?.FirstAncestorOrSelf<SyntaxNode>(n => n is ParameterSyntax or BaseFieldDeclarationSyntax or PropertyDeclarationSyntax or EventDeclarationSyntax or BaseMethodDeclarationSyntax);
        if (target is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Declare as deliberately per-process state ([McpProcessLocal])", ct => MarkAsync(context.Document, target, ct), EquivalenceKey),
            context.Diagnostics);
    }

    private static async Task<Document> MarkAsync(Document document, SyntaxNode target, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var attribute = SyntaxFactory.Attribute(
            SyntaxFactory.ParseName("global::McpGen.McpProcessLocal").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
            SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.AttributeArgument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(PlaceholderReason))))));
        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute));
        SyntaxNode updated = target switch
        {
            ParameterSyntax parameter => parameter.WithAttributeLists(parameter.AttributeLists.Add(list.WithTrailingTrivia(SyntaxFactory.Space))).WithLeadingTrivia(parameter.GetLeadingTrivia()),
            MemberDeclarationSyntax member => AddAttribute(member, list),
            _ => target,
        };
        return document.WithSyntaxRoot(root!.ReplaceNode(target, updated.WithAdditionalAnnotations(Formatter.Annotation)));
    }

    /// <summary>Puts the attribute on its own line above the member, keeping the member's comments above it.</summary>
    private static SyntaxNode AddAttribute(MemberDeclarationSyntax member, AttributeListSyntax list)
    {
        var leading = member.GetLeadingTrivia();
        var bare = member.WithoutLeadingTrivia();
        var lists = bare.AttributeLists.Insert(0, list.WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed));
        return bare.WithAttributeLists(lists).WithLeadingTrivia(leading);
    }
}
