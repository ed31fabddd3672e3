using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace McpGen.SourceGeneration.Analyzers;

/// <summary>
/// The CA2016 question, asked of one invocation: a <see cref="System.Threading.CancellationToken"/> is in scope, the
/// call passes none, and the method takes one (an omitted optional parameter) or has an overload that does (same
/// parameters plus a trailing token). The answer is what the fixer needs, so it never re-derives it.
/// </summary>
internal static class CancellationForwarding
{
    /// <summary>Diagnostic property: the expression to pass (<c>cancellationToken</c>, <c>context.CancellationToken</c>).</summary>
    public const string TokenProperty = "Token";

    /// <summary>Diagnostic property: the parameter the token binds to, for a named argument.</summary>
    public const string ParameterNameProperty = "ParameterName";

    /// <summary>Diagnostic property: "true" when the token must be passed by name (an optional parameter before it is omitted).</summary>
    public const string UseNamedArgumentProperty = "UseNamedArgument";

    public static bool TryFind(IInvocationOperation invocation, ISymbol containingSymbol, McpSymbols symbols, out ImmutableDictionary<string, string?> properties, out object[] messageArguments)
    {
        properties = ImmutableDictionary<string, string?>.Empty;
        messageArguments = [];
        var method = invocation.TargetMethod;
        if (invocation.Arguments.Any(a => a.ArgumentKind != ArgumentKind.DefaultValue && symbols.IsCancellationToken(a.Value.Type)))
        {
            return false;
        }

        bool omitsOptional = invocation.Arguments.Any(a => a.ArgumentKind == ArgumentKind.DefaultValue);
        bool usesNames = invocation.Syntax is InvocationExpressionSyntax { ArgumentList: var list } && list.Arguments.Any(a => a.NameColon is not null);
        string? parameterName = null;
        string? description = null;
        bool named = false;
        var omittedToken = invocation.Arguments.FirstOrDefault(a => a.ArgumentKind == ArgumentKind.DefaultValue && a.Parameter is not null && symbols.IsCancellationToken(a.Parameter.Type));
        if (omittedToken is not null)
        {
            parameterName = omittedToken.Parameter!.Name;
            description = "takes a CancellationToken";
            named = usesNames || invocation.Arguments.Any(a => a.ArgumentKind == ArgumentKind.DefaultValue && a.Parameter!.Ordinal < omittedToken.Parameter.Ordinal);
        }
        else if (invocation.Arguments.All(a => a.ArgumentKind != ArgumentKind.ParamArray) && OverloadWithToken(method, containingSymbol, symbols) is { } overload)
        {
            parameterName = overload.Parameters[overload.Parameters.Length - 1].Name;
            description = "has an overload that takes a CancellationToken";
            named = usesNames || omitsOptional;
        }

        if (parameterName is null || TokenInScope(invocation, containingSymbol, symbols) is not { } token
            || ReceivesTokenThroughWithCancellation(invocation))
        {
            return false;
        }

        properties = ImmutableDictionary<string, string?>.Empty
            .Add(TokenProperty, token)
            .Add(ParameterNameProperty, parameterName)
            .Add(UseNamedArgumentProperty, named ? "true" : "false");
        messageArguments = [token, method.ContainingType.Name + "." + method.Name, description!];
        return true;
    }

    /// <summary>
    /// The argument that explicitly passes a token that never cancels (<c>CancellationToken.None</c>, <c>default</c>,
    /// <c>default(CancellationToken)</c>, <c>new CancellationToken()</c> or <c>new CancellationToken(false)</c>), if any.
    /// </summary>
    public static IArgumentOperation? NeverCancelledArgument(IInvocationOperation invocation, McpSymbols symbols)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.Explicit || !symbols.IsCancellationToken(argument.Value.Type))
            {
                continue;
            }

            var value = argument.Value;
            while (value is IConversionOperation { IsImplicit: true } conversion)
            {
                value = conversion.Operand;
            }

            if (value.Type is not null && !symbols.IsCancellationToken(value.Type))
            {
                continue;
            }

            bool never = value switch
            {
                IDefaultValueOperation => true,
                IPropertyReferenceOperation { Property: { Name: "None", IsStatic: true } property } => symbols.IsCancellationToken(property.ContainingType),
                IObjectCreationOperation { Arguments.Length: 0 } => true,
                IObjectCreationOperation { Arguments: [{ Value.ConstantValue: { HasValue: true, Value: false } }] } => true,
                _ => false,
            };
            if (never)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the async stream the invocation returns gets its token from <c>WithCancellation</c>, the documented way to
    /// cancel an <c>IAsyncEnumerable</c> (it reaches an <c>[EnumeratorCancellation]</c> parameter): directly, through
    /// <c>ConfigureAwait</c> or stream operators, or through a local that is only ever enumerated that way.
    /// </summary>
    private static bool ReceivesTokenThroughWithCancellation(IInvocationOperation invocation)
    {
        if (!IsAsyncStream(invocation.Type))
        {
            return false;
        }

        var parent = SkipImplicitConversions(invocation).Parent;
        if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            var root = (IOperation)declarator;
            while (root.Parent is not null and not IAnonymousFunctionOperation and not ILocalFunctionOperation)
            {
                root = root.Parent;
            }

            bool any = false;
            foreach (var reference in root.Descendants().OfType<ILocalReferenceOperation>())
            {
                if (SymbolEqualityComparer.Default.Equals(reference.Local, declarator.Symbol))
                {
                    if (!ChainEndsInWithCancellation(reference))
                    {
                        return false;
                    }

                    any = true;
                }
            }

            return any;
        }

        return ChainEndsInWithCancellation(invocation);
    }

    /// <summary>
    /// Whether <paramref name="stream"/> is the receiver of <c>WithCancellation</c>, possibly after <c>ConfigureAwait</c>
    /// or stream operators (<c>Where</c>, <c>Select</c>, <c>Take</c>), which hand the enumerator's token to their source.
    /// </summary>
    private static bool ChainEndsInWithCancellation(IOperation stream)
    {
        var current = stream;
        for (int depth = 0; depth < 8; depth++)
        {
            current = SkipImplicitConversions(current);
            var next = current.Parent switch
            {
                IInvocationOperation call when call.Instance == current => call,
                IArgumentOperation { Parent: IInvocationOperation call, Parameter.Ordinal: 0 } when call.TargetMethod.IsExtensionMethod => call,
                _ => null,
            };
            switch (next?.TargetMethod.Name)
            {
                case "WithCancellation" when IsAsyncStream(next.TargetMethod.ReturnType):
                    return true;
                case not null when IsAsyncStream(next.TargetMethod.ReturnType):
                    current = next; // ConfigureAwait, or an operator such as Where or Take that passes the enumerator's token on
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    private static IOperation SkipImplicitConversions(IOperation operation)
    {
        while (operation.Parent is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion;
        }

        return operation;
    }

    /// <summary>An <c>IAsyncEnumerable&lt;T&gt;</c>, a type implementing it, or the result of its <c>ConfigureAwait</c>.</summary>
    private static bool IsAsyncStream(ITypeSymbol? type) =>
        type is INamedTypeSymbol named
        && (MutableTypes.MetadataName(named.OriginalDefinition) is "System.Collections.Generic.IAsyncEnumerable`1" or "System.Runtime.CompilerServices.ConfiguredCancelableAsyncEnumerable`1"
            || named.AllInterfaces.Any(i => MutableTypes.MetadataName(i.OriginalDefinition) == "System.Collections.Generic.IAsyncEnumerable`1"));

    /// <summary>
    /// The token the code at <paramref name="operation"/> can pass: a <c>CancellationToken</c> parameter of the innermost
    /// lambda, local function or method that has one, else the token of a request-context parameter.
    /// </summary>
    public static string? TokenInScope(IOperation operation, ISymbol containingSymbol, McpSymbols symbols)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            IMethodSymbol? function = current switch
            {
                IAnonymousFunctionOperation lambda => lambda.Symbol,
                ILocalFunctionOperation local => local.Symbol,
                _ => null,
            };
            if (function is null)
            {
                continue;
            }

            if (TokenOf(function, symbols) is { } token)
            {
                return token;
            }

            if (function.IsStatic)
            {
                return null; // a static lambda or local function cannot capture the enclosing method's token
            }
        }

        return containingSymbol is IMethodSymbol method ? TokenOf(method, symbols) : null;
    }

    private static string? TokenOf(IMethodSymbol method, McpSymbols symbols)
    {
        foreach (var parameter in method.Parameters)
        {
            if (symbols.IsCancellationToken(parameter.Type))
            {
                return parameter.Name;
            }
        }

        foreach (var parameter in method.Parameters)
        {
            if (symbols.IsRequestContext(parameter.Type))
            {
                return parameter.Name + ".CancellationToken";
            }
        }

        return null;
    }

    private static IMethodSymbol? OverloadWithToken(IMethodSymbol method, ISymbol containingSymbol, McpSymbols symbols)
    {
        var original = (method.ReducedFrom ?? method).OriginalDefinition;
        foreach (var candidate in original.ContainingType.GetMembers(original.Name).OfType<IMethodSymbol>())
        {
            if (candidate.IsStatic != original.IsStatic
                || candidate.Parameters.Length != original.Parameters.Length + 1
                || candidate.TypeParameters.Length != original.TypeParameters.Length
                || !symbols.IsCancellationToken(candidate.Parameters[candidate.Parameters.Length - 1].Type)
                || candidate.GetAttributes().Any(a => a.AttributeClass?.Name == "ObsoleteAttribute")
                || !symbols.Compilation.IsSymbolAccessibleWithin(candidate, containingSymbol.ContainingType ?? (ISymbol)symbols.Compilation.Assembly))
            {
                continue;
            }

            bool same = true;
            for (int i = 0; i < original.Parameters.Length && same; i++)
            {
                same = original.Parameters[i].RefKind == candidate.Parameters[i].RefKind
                    && original.Parameters[i].Type.ToDisplayString() == candidate.Parameters[i].Type.ToDisplayString();
            }

            if (same)
            {
                return candidate;
            }
        }

        return null;
    }
}
