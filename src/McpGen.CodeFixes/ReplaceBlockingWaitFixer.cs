using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using McpGen.SourceGeneration.Analyzers;
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
/// MCPG6004, where it is safe (the code is in an async function and not in a <c>lock</c>): <c>t.Result</c> and
/// <c>t.GetAwaiter().GetResult()</c> become <c>await t</c>, <c>t.Wait();</c> becomes <c>await t;</c>, and
/// <c>Thread.Sleep(d)</c> becomes <c>await Task.Delay(d, token)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceBlockingWaitFixer))]
[Shared]
public sealed class ReplaceBlockingWaitFixer : CodeFixProvider
{
    private const string EquivalenceKey = "McpGen.AwaitInsteadOfBlocking";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.BlockingWait);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(CancellationAnalyzer.BlockingKindProperty, out string? kind) || kind is null
                || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax node)
            {
                continue;
            }

            diagnostic.Properties.TryGetValue(CancellationForwarding.TokenProperty, out string? token);
            if (Replacement(node, kind, token) is not { } replacement)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(kind == "Sleep" ? "Await Task.Delay instead" : "Await instead of blocking", ct => ReplaceAsync(context.Document, node, replacement, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static ExpressionSyntax? Replacement(ExpressionSyntax node, string kind, string? token)
    {
        ExpressionSyntax? awaited = (kind, node) switch
        {
            ("Result", MemberAccessExpressionSyntax access) => access.Expression,
            ("Wait", InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }) => access.Expression,
            ("GetResult", InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax getAwaiter } } }) => getAwaiter.Expression,
            ("Sleep", InvocationExpressionSyntax sleep) => SyntaxFactory.InvocationExpression(
                    SyntaxFactory.ParseExpression("global::System.Threading.Tasks.Task.Delay").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
                    token is null ? sleep.ArgumentList : sleep.ArgumentList.AddArguments(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(token)))),
            _ => null,
        };
        if (awaited is null)
        {
            return null;
        }

        ExpressionSyntax result = SyntaxFactory.AwaitExpression(awaited.WithoutTrivia());

        // 'await t' binds looser than member access, so '(await t).Length' keeps its meaning.
        if (node.Parent is MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or ConditionalAccessExpressionSyntax or InvocationExpressionSyntax or PostfixUnaryExpressionSyntax)
        {
            result = SyntaxFactory.ParenthesizedExpression(result);
        }

        return result.WithTriviaFrom(node).WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax node, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return document.WithSyntaxRoot(root!.ReplaceNode(node, replacement));
    }
}
