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

namespace McpGen.CodeFixes;

/// <summary>
/// MCPG6002: passes the token in scope to the call, by position or by name as the analyzer said. MCPG6021: replaces the
/// <c>CancellationToken.None</c> or <c>default</c> argument with the token in scope.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ForwardCancellationTokenFixer))]
[Shared]
public sealed class ForwardCancellationTokenFixer : CodeFixProvider
{
    private const string EquivalenceKey = "McpGen.ForwardCancellationToken";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticIds.CancellationTokenNotForwarded,
        DiagnosticIds.CancellationTokenNoneWithTokenInScope);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(CancellationForwarding.TokenProperty, out string? token) || token is null)
            {
                continue;
            }

            if (diagnostic.Id == DiagnosticIds.CancellationTokenNoneWithTokenInScope)
            {
                if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<ArgumentSyntax>() is { } argument)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create($"Pass '{token}'", ct => ReplaceAsync(context.Document, argument.Expression, token, ct), EquivalenceKey + ".ReplaceNone"),
                        diagnostic);
                }

                continue;
            }

            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation)
            {
                continue;
            }

            diagnostic.Properties.TryGetValue(CancellationForwarding.ParameterNameProperty, out string? parameterName);
            bool named = diagnostic.Properties.TryGetValue(CancellationForwarding.UseNamedArgumentProperty, out string? value) && value == "true";
            context.RegisterCodeFix(
                CodeAction.Create($"Forward '{token}'", ct => ForwardAsync(context.Document, invocation, token, named ? parameterName : null, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax expression, string token, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var replacement = SyntaxFactory.ParseExpression(token).WithTriviaFrom(expression);
        return document.WithSyntaxRoot(root!.ReplaceNode(expression, replacement));
    }

    private static async Task<Document> ForwardAsync(Document document, InvocationExpressionSyntax invocation, string token, string? parameterName, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var argument = SyntaxFactory.Argument(SyntaxFactory.ParseExpression(token));
        if (parameterName is not null)
        {
            argument = argument.WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(parameterName)));
        }

        var updated = invocation.WithArgumentList(invocation.ArgumentList.AddArguments(argument)).WithAdditionalAnnotations(Formatter.Annotation);
        return document.WithSyntaxRoot(root!.ReplaceNode(invocation, updated));
    }
}
