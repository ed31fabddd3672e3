using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Simplification;

namespace McpGen.CodeFixes;

/// <summary>
/// MCPG6020, where it is mechanical: the <c>async void</c> method becomes <c>async Task</c> and every call to it is
/// awaited. Offered only when the method is declared in the same document, overrides and implements nothing, and every
/// use of it in the solution is a call statement in that document where <c>await</c> is allowed (an async function,
/// not in a <c>lock</c>); anything else (a method group, a call in synchronous code) would change meaning or break the
/// build. Async void lambdas have no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitAsyncVoidFixer))]
[Shared]
public sealed class AwaitAsyncVoidFixer : CodeFixProvider
{
    private const string EquivalenceKey = "McpGen.AwaitAsyncVoid";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.AsyncVoidCalledFromHandler);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
                || invocation.Span != diagnostic.Location.SourceSpan
                || model.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol called)
            {
                continue;
            }

            var method = (called.ReducedFrom ?? called).OriginalDefinition;
            if (!method.IsAsync || !method.ReturnsVoid || method.IsOverride || method.IsAbstract || method.IsVirtual
                || method.ExplicitInterfaceImplementations.Length > 0 || ImplementsInterfaceMember(method)
                || method.DeclaringSyntaxReferences.Length != 1)
            {
                continue;
            }

            var declaration = method.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken);
            if (declaration is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax) || declaration.SyntaxTree != root.SyntaxTree)
            {
                continue;
            }

            var calls = new List<InvocationExpressionSyntax>();
            bool mechanical = true;
            var references = await SymbolFinder.FindReferencesAsync(method, context.Document.Project.Solution, context.CancellationToken).ConfigureAwait(false);
            foreach (var location in references.SelectMany(r => r.Locations))
            {
                if (location.Document.Id != context.Document.Id
                    || CallStatement(root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true)) is not { } call
                    || !CanAwait(call))
                {
                    mechanical = false;
                    break;
                }

                calls.Add(call);
            }

            if (!mechanical || calls.Count == 0)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Make '{method.Name}' return Task and await it", ct => FixAsync(context.Document, declaration, calls, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, SyntaxNode declaration, List<InvocationExpressionSyntax> calls, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var task = SyntaxFactory.ParseTypeName("System.Threading.Tasks.Task").WithAdditionalAnnotations(Simplifier.Annotation);
        var updated = root!.ReplaceNodes(
            calls.Cast<SyntaxNode>().Append(declaration),
            (_, rewritten) => rewritten switch
            {
                InvocationExpressionSyntax call => SyntaxFactory.AwaitExpression(
                        SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithLeadingTrivia(call.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.Space),
                        call.WithoutLeadingTrivia()),
                MethodDeclarationSyntax method => method.WithReturnType(task.WithTriviaFrom(method.ReturnType)),
                LocalFunctionStatementSyntax local => local.WithReturnType(task.WithTriviaFrom(local.ReturnType)),
                _ => rewritten,
            });
        return document.WithSyntaxRoot(updated);
    }

    /// <summary>The call statement <c>M(...);</c> or <c>x.M(...);</c> whose method name is <paramref name="name"/>, if that is how it is used.</summary>
    private static InvocationExpressionSyntax? CallStatement(SyntaxNode name)
    {
        var expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
        return expression.Parent is InvocationExpressionSyntax { Parent: ExpressionStatementSyntax } call && call.Expression == expression ? call : null;
    }

    /// <summary>Whether <c>await</c> is allowed at <paramref name="node"/>: the innermost function is async and there is no <c>lock</c> in between.</summary>
    private static bool CanAwait(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case LockStatementSyntax or QueryExpressionSyntax:
                    return false;
                case AnonymousFunctionExpressionSyntax function:
                    return function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    private static bool ImplementsInterfaceMember(IMethodSymbol method) =>
        method.ContainingType is { } type
        && type.AllInterfaces.SelectMany(i => i.GetMembers(method.Name)).Any(m => SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(m), method));
}
