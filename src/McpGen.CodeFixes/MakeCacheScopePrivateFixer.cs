using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using McpGen.SourceGeneration.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpGen.CodeFixes;

/// <summary>MCPG8001: changes the attribute's <c>CacheScope = McpCacheScope.Public</c> to <c>McpCacheScope.Private</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeCacheScopePrivateFixer))]
[Shared]
public sealed class MakeCacheScopePrivateFixer : CodeFixProvider
{
    private const string EquivalenceKey = "McpGen.MakeCacheScopePrivate";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PublicResultReadsIdentity);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var method = root?.FindNode(context.Span, getInnermostNodeForTie: true).FirstAncestorOrSelf<MethodDeclarationSyntax>();
        var argument = method?.AttributeLists.SelectMany(l => l.Attributes)
            .SelectMany(a => a.ArgumentList?.Arguments ?? default)
            .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "CacheScope" && a.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Public" });
        if (root is null || argument?.Expression is not MemberAccessExpressionSyntax access)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Make the result private (CacheScope = McpCacheScope.Private)",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(access, access.WithName(SyntaxFactory.IdentifierName("Private").WithTriviaFrom(access.Name))))),
                EquivalenceKey),
            context.Diagnostics);
    }
}
