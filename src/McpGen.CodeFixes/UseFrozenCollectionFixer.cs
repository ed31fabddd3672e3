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

namespace McpGen.CodeFixes;

/// <summary>
/// MCPG5023: declares a static <c>HashSet&lt;T&gt;</c> or <c>Dictionary&lt;TKey, TValue&gt;</c> that is never changed as a
/// <c>FrozenSet&lt;T&gt;</c> or <c>FrozenDictionary&lt;TKey, TValue&gt;</c>, built from the same initializer with
/// <c>.ToFrozenSet(comparer)</c>/<c>.ToFrozenDictionary(comparer)</c>, keeping the comparer the collection was created with.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseFrozenCollectionFixer))]
[Shared]
public sealed class UseFrozenCollectionFixer : CodeFixProvider
{
    private const string EquivalenceKey = "McpGen.UseFrozenCollection";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UseFrozenCollection);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var declarator = root?.FindNode(context.Span, getInnermostNodeForTie: true).FirstAncestorOrSelf<VariableDeclaratorSyntax>();
        if (declarator is not { Parent: VariableDeclarationSyntax { Variables.Count: 1, Type: GenericNameSyntax type }, Initializer.Value: BaseObjectCreationExpressionSyntax }
            || type.Identifier.ValueText is not ("HashSet" or "Dictionary"))
        {
            return;
        }

        string frozen = type.Identifier.ValueText == "HashSet" ? "FrozenSet" : "FrozenDictionary";
        context.RegisterCodeFix(
            CodeAction.Create($"Declare as {frozen}", ct => FreezeAsync(context.Document, declarator, ct), EquivalenceKey),
            context.Diagnostics);
    }

    private static async Task<Document> FreezeAsync(Document document, VariableDeclaratorSyntax declarator, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || declarator.Parent is not VariableDeclarationSyntax { Type: GenericNameSyntax type } declaration
            || declarator.Initializer?.Value is not BaseObjectCreationExpressionSyntax creation)
        {
            return document;
        }

        bool set = type.Identifier.ValueText == "HashSet";

        // new(comparer) { ... } becomes new HashSet<string>(comparer) { ... }, since FrozenSet cannot be target-typed.
        ExpressionSyntax source = creation is ImplicitObjectCreationExpressionSyntax implicitCreation
            ? SyntaxFactory.ObjectCreationExpression(type.WithoutTrivia(), implicitCreation.ArgumentList, implicitCreation.Initializer)
            : creation.WithoutTrivia();

        // Keep the comparer: ToFrozenSet/ToFrozenDictionary would otherwise use the default one.
        var comparer = creation.ArgumentList?.Arguments.FirstOrDefault(a =>
            model.GetTypeInfo(a.Expression, cancellationToken).Type is { } argumentType
            && (argumentType.AllInterfaces.Any(i => i.Name == "IEqualityComparer" && i.IsGenericType) || argumentType is { Name: "IEqualityComparer", TypeKind: TypeKind.Interface }));
        var arguments = comparer is null
            ? SyntaxFactory.ArgumentList()
            : SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(comparer.Expression.WithoutTrivia())));
        var frozenValue = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ParenthesizedExpression(source), SyntaxFactory.IdentifierName(set ? "ToFrozenSet" : "ToFrozenDictionary")),
            arguments);

        var newType = SyntaxFactory.GenericName(SyntaxFactory.Identifier(set ? "FrozenSet" : "FrozenDictionary"), type.TypeArgumentList).WithTriviaFrom(type);
        var newDeclaration = declaration
            .WithType(newType)
            .WithVariables(SyntaxFactory.SingletonSeparatedList(declarator.WithInitializer(declarator.Initializer.WithValue(frozenValue.WithTriviaFrom(creation)))));
        var newRoot = root.ReplaceNode(declaration, newDeclaration);

        if (newRoot is CompilationUnitSyntax unit && !unit.Usings.Any(u => u.Name?.ToString() == "System.Collections.Frozen"))
        {
            newRoot = unit.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("System.Collections.Frozen")).WithTrailingTrivia(SyntaxFactory.LineFeed, SyntaxFactory.LineFeed));
        }

        return document.WithSyntaxRoot(newRoot);
    }
}
