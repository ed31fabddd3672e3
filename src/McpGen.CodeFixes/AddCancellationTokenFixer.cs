using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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

/// <summary>MCPG6001: adds a <c>CancellationToken cancellationToken</c> parameter to an async handler.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddCancellationTokenFixer))]
[Shared]
public sealed class AddCancellationTokenFixer : CodeFixProvider
{
    private const string EquivalenceKey = "McpGen.AddCancellationToken";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.HandlerWithoutCancellationToken);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Add a CancellationToken parameter", ct => AddAsync(context.Document, method, ct), EquivalenceKey),
            context.Diagnostics);
    }

    private static async Task<Document> AddAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var names = method.ParameterList.Parameters.Select(p => p.Identifier.ValueText).ToImmutableHashSet();
        string name = "cancellationToken";
        for (int i = 1; names.Contains(name); i++)
        {
            name = "cancellationToken" + i;
        }

        // Optional parameters must stay last, so the token is optional too when any parameter is.
        var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
            .WithType(SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken")
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)
                .WithTrailingTrivia(SyntaxFactory.Space));
        if (method.ParameterList.Parameters.Any(p => p.Default is not null))
        {
            parameter = parameter.WithDefault(SyntaxFactory.EqualsValueClause(SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression)));
        }

        var updated = method.WithParameterList(method.ParameterList.AddParameters(parameter).WithAdditionalAnnotations(Formatter.Annotation));
        return document.WithSyntaxRoot(root!.ReplaceNode(method, updated));
    }
}
