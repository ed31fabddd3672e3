using System.Collections.Immutable;
using System.Linq;
using McpGen.SourceGeneration.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace McpGen.SourceGeneration.Analyzers;

/// <summary>
/// Cancellation in tool classes: async handlers without a token (MCPG6001), calls that could take the token in scope
/// but do not (MCPG6002), blocking waits (MCPG6004), task-capable tools that never look at their token (MCPG6005),
/// calls to async void methods and async void lambdas (MCPG6020), and tokens that never cancel passed explicitly while
/// the request's token is in scope (MCPG6021, Info).
/// Code outside tool classes that handlers call is MCPG6003 (<see cref="HandlerReachabilityAnalyzer"/>).
/// </summary>
/// <remarks>
/// A token is in scope when the innermost lambda, local function or method declares a <c>CancellationToken</c> or a
/// request context (<c>context.CancellationToken</c>). Calls that already pass any token are left alone by MCPG6002;
/// <c>CancellationToken.None</c> or <c>default</c> there is MCPG6021, a suggestion, outside <c>catch</c> and
/// <c>finally</c> blocks (where the request's token may already be cancelled and clean-up must run regardless).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CancellationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property of MCPG6004: Result, Wait, GetResult or Sleep; absent when there is no safe fix.</summary>
    public const string BlockingKindProperty = "BlockingKind";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.HandlerWithoutCancellationToken,
        DiagnosticDescriptors.CancellationTokenNotForwarded,
        DiagnosticDescriptors.BlockingWait,
        DiagnosticDescriptors.TaskToolIgnoresCancellation,
        DiagnosticDescriptors.AsyncVoidCalledFromHandler,
        DiagnosticDescriptors.CancellationTokenNoneWithTokenInScope);

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

            start.RegisterSymbolAction(c => AnalyzeHandler(c, symbols), SymbolKind.Method);
            start.RegisterOperationBlockStartAction(c => AnalyzeTaskTool(c, symbols));
            start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeResult(c, symbols), OperationKind.PropertyReference);
            start.RegisterOperationAction(c => AnalyzeAsyncVoidLambda(c, symbols), OperationKind.AnonymousFunction);
        });
    }

    /// <summary>MCPG6001 and the no-token half of MCPG6005.</summary>
    private static void AnalyzeHandler(SymbolAnalysisContext context, McpSymbols symbols)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (symbols.HandlerAttribute(method) is not { } attribute || HasToken(method, symbols))
        {
            return;
        }

        var location = method.Locations.FirstOrDefault();
        if (IsTaskCapable(attribute, symbols))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TaskToolIgnoresCancellation, location, method.Name, "takes no CancellationToken"));
            return;
        }

        if (method.IsAsync || IsAwaitable(method.ReturnType))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HandlerWithoutCancellationToken, location, HandlerKind(attribute), method.Name));
        }
    }

    /// <summary>MCPG6005: a task-capable tool whose token (or request context) is never referenced.</summary>
    private static void AnalyzeTaskTool(OperationBlockStartAnalysisContext context, McpSymbols symbols)
    {
        if (context.OwningSymbol is not IMethodSymbol method
            || symbols.HandlerAttribute(method) is not { } attribute
            || !IsTaskCapable(attribute, symbols)
            || !HasToken(method, symbols))
        {
            return;
        }

        var tokens = method.Parameters.Where(p => symbols.IsCancellationToken(p.Type) || symbols.IsRequestContext(p.Type)).ToImmutableArray();
        int observed = 0;
        context.RegisterOperationAction(
            c =>
            {
                if (tokens.Contains(((IParameterReferenceOperation)c.Operation).Parameter, SymbolEqualityComparer.Default))
                {
                    System.Threading.Interlocked.Exchange(ref observed, 1);
                }
            },
            OperationKind.ParameterReference);
        context.RegisterOperationBlockEndAction(c =>
        {
            if (observed == 0)
            {
                c.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TaskToolIgnoresCancellation, method.Locations.FirstOrDefault(), method.Name, $"never uses its CancellationToken '{tokens[0].Name}'"));
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, McpSymbols symbols)
    {
        if (!symbols.IsToolClass(context.ContainingSymbol.ContainingType))
        {
            return;
        }

        var invocation = (IInvocationOperation)context.Operation;
        if (Blocking(invocation, symbols) is { } blocking)
        {
            Report(context, invocation, blocking.Display, blocking.Kind, blocking.Advice, symbols);
            return;
        }

        var target = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).OriginalDefinition;
        if (target is { IsAsync: true, ReturnsVoid: true }
            && SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, context.Compilation.Assembly))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.AsyncVoidCalledFromHandler, invocation.Syntax.GetLocation(), $"'{target.ContainingType.Name}.{target.Name}'", "make it return Task and await the call"));
            return;
        }

        if (CancellationForwarding.TryFind(invocation, context.ContainingSymbol, symbols, out var properties, out var arguments))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CancellationTokenNotForwarded, invocation.Syntax.GetLocation(), properties, arguments));
            return;
        }

        if (CancellationForwarding.NeverCancelledArgument(invocation, symbols) is { } never
            && !InCatchOrFinally(invocation.Syntax)
            && CancellationForwarding.TokenInScope(invocation, context.ContainingSymbol, symbols) is { } token)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.CancellationTokenNoneWithTokenInScope,
                never.Value.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(CancellationForwarding.TokenProperty, token),
                never.Value.Syntax.ToString(),
                invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name,
                token));
        }
    }

    /// <summary>MCPG6020 for an async lambda that became a void-returning delegate (<c>list.ForEach(async x => ...)</c>).</summary>
    private static void AnalyzeAsyncVoidLambda(OperationAnalysisContext context, McpSymbols symbols)
    {
        var lambda = (IAnonymousFunctionOperation)context.Operation;
        if (lambda.Symbol is not { IsAsync: true, ReturnsVoid: true }
            || lambda.Parent is not IDelegateCreationOperation { Type: { } delegateType }
            || !symbols.IsToolClass(context.ContainingSymbol.ContainingType))
        {
            return;
        }

        var location = lambda.Syntax switch
        {
            AnonymousFunctionExpressionSyntax { AsyncKeyword: var keyword } when keyword.Span.Length > 0 => keyword.GetLocation(),
            _ => lambda.Syntax.GetLocation(),
        };
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.AsyncVoidCalledFromHandler,
            location,
            $"The lambda passed as an '{delegateType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}'",
            "pass it where a Func returning Task is taken, or await the work in a loop"));
    }

    /// <summary>In a <c>catch</c> or <c>finally</c> block of the innermost function, where the request's token may already be cancelled.</summary>
    private static bool InCatchOrFinally(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case CatchClauseSyntax or FinallyClauseSyntax:
                    return true;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>MCPG6004 for <c>task.Result</c>.</summary>
    private static void AnalyzeResult(OperationAnalysisContext context, McpSymbols symbols)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (reference.Property.Name == "Result"
            && reference.Property.ContainingType.OriginalDefinition is { } type
            && MutableTypes.MetadataName(type) is "System.Threading.Tasks.Task`1" or "System.Threading.Tasks.ValueTask`1"
            && symbols.IsToolClass(context.ContainingSymbol.ContainingType))
        {
            Report(context, reference, ".Result", "Result", null, symbols);
        }
    }

    private static (string Display, string? Kind, string? Advice)? Blocking(IInvocationOperation invocation, McpSymbols symbols)
    {
        var method = invocation.TargetMethod;
        string type = MutableTypes.MetadataName(method.ContainingType.OriginalDefinition);
        switch (type, method.Name)
        {
            case ("System.Threading.Tasks.Task", "Wait") when !method.IsStatic:
                return (".Wait()", invocation.Arguments.Length == 0 && invocation.Parent is IExpressionStatementOperation ? "Wait" : null, null);
            case ("System.Threading.Tasks.Task", "WaitAll"):
                return ("Task.WaitAll", null, "await Task.WhenAll instead");
            case ("System.Threading.Tasks.Task", "WaitAny"):
                return ("Task.WaitAny", null, "await Task.WhenAny instead");
            case ("System.Threading.Thread", "Sleep"):
                return ("Thread.Sleep", "Sleep", null);
            case (_, "GetResult") when method.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices" && method.ContainingType.Name.EndsWith("Awaiter", System.StringComparison.Ordinal):
                bool simple = invocation.Instance is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Arguments.Length: 0 };
                return (".GetAwaiter().GetResult()", simple ? "GetResult" : null, null);
            default:
                return null;
        }
    }

    private static void Report(OperationAnalysisContext context, IOperation operation, string display, string? kind, string? advice, McpSymbols symbols)
    {
        bool canAwait = CanAwait(operation, context.ContainingSymbol);
        advice ??= kind == "Sleep"
            ? canAwait ? "await Task.Delay with the request's token instead" : "make the method async and await Task.Delay with the request's token"
            : canAwait ? "await it instead" : "make the method async and await it";
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (kind is not null && canAwait)
        {
            properties = properties.Add(BlockingKindProperty, kind);
            if (CancellationForwarding.TokenInScope(operation, context.ContainingSymbol, symbols) is { } token)
            {
                properties = properties.Add(CancellationForwarding.TokenProperty, token);
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BlockingWait, operation.Syntax.GetLocation(), properties, display, advice));
    }

    /// <summary>Whether <c>await</c> may replace the wait: the innermost function is async and the code is not in a lock.</summary>
    private static bool CanAwait(IOperation operation, ISymbol containingSymbol)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILockOperation:
                    return false;
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol.IsAsync;
                case ILocalFunctionOperation local:
                    return local.Symbol.IsAsync;
            }
        }

        return containingSymbol is IMethodSymbol { IsAsync: true } method && method.Locations.FirstOrDefault()?.SourceTree is not null
            && operation.Syntax.Ancestors().OfType<QueryExpressionSyntax>().FirstOrDefault() is null;
    }

    private static bool HasToken(IMethodSymbol method, McpSymbols symbols) =>
        method.Parameters.Any(p => symbols.IsCancellationToken(p.Type) || symbols.IsRequestContext(p.Type));

    private static bool IsTaskCapable(AttributeData attribute, McpSymbols symbols) =>
        SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.ToolAttribute)
        && attribute.NamedArguments.Any(a => a.Key == "TaskSupport" && a.Value.Value is int value && value != 0);

    public static bool IsAwaitable(ITypeSymbol type) =>
        type is INamedTypeSymbol named
        && MutableTypes.MetadataName(named.OriginalDefinition) is "System.Threading.Tasks.Task" or "System.Threading.Tasks.Task`1"
            or "System.Threading.Tasks.ValueTask" or "System.Threading.Tasks.ValueTask`1" or "System.Collections.Generic.IAsyncEnumerable`1";

    private static string HandlerKind(AttributeData attribute) => attribute.AttributeClass?.Name switch
    {
        "McpToolAttribute" => "tool",
        "McpPromptAttribute" => "prompt",
        "McpResourceAttribute" => "resource",
        "McpCompletionAttribute" => "completion method",
        _ => "resource listing",
    };
}
