using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using McpGen.SourceGeneration.Diagnostics;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace McpGen.SourceGeneration;

public sealed partial class McpServerGenerator
{
    /// <summary>The only code that reads symbols: turns attributed declarations into equatable specs.</summary>
    internal static partial class Parser
    {
        private const string ProgressType = "McpGen.McpProgress";
        private const string HeaderAttributeType = "McpGen.McpHeaderAttribute";
        private const string ScopeAttributeType = "McpGen.McpScopeAttribute";
        private const string StringBindableTypes = "arguments arrive as strings: use string, bool, char, a number, an enum, Guid, a date or time type, TimeSpan or Uri (or a nullable of one)";

        /// <summary>Runs one parse, turning generator bugs into a diagnostic; the spec is kept only when no error was reported.</summary>
        private static ParseResult<T> Run<T>(GeneratorAttributeSyntaxContext context, Func<IMethodSymbol, LocationInfo?, List<DiagnosticInfo>, T?> parse)
            where T : class
        {
            var method = (IMethodSymbol)context.TargetSymbol;
            var diagnostics = new List<DiagnosticInfo>();
            var location = LocationInfo.From(method.Locations.FirstOrDefault());
            try
            {
                var value = parse(method, location, diagnostics);
                return new ParseResult<T>(diagnostics.Any(d => DiagnosticDescriptors.IsError(d.Id)) ? null : value, diagnostics.ToEquatableArray());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.InternalError, location, method.Name, ex.GetType().Name + ": " + ex.Message));
                return new ParseResult<T>(null, diagnostics.ToEquatableArray());
            }
        }

        /// <summary>
        /// What every attributed method shares: its shape, accessibility, parameters and how its class is created.
        /// <paramref name="special"/> may claim a parameter before the standard sources (services, cancellation…) are
        /// tried; parameters that come from the request are bound by <paramref name="bindArgument"/>.
        /// </summary>
        /// <returns>The spec, or <see langword="null"/> when it cannot be called (diagnostics say why).</returns>
        private static MethodSpec? ParseMethod(
            IMethodSymbol method,
            string subject,
            string what,
            LocationInfo? location,
            List<DiagnosticInfo> diagnostics,
            Func<IParameterSymbol, ParameterSpec?>? special,
            Func<IParameterSymbol, LocationInfo?, ParameterSpec?> bindArgument,
            bool allowToolContext,
            CancellationToken cancellationToken,
            bool servesRequest = true)
        {
            int errors = diagnostics.Count;
            string methodDisplay = method.ContainingType.Name + "." + method.Name;
            var containing = method.ContainingType;
            if (method.IsGenericMethod || containing.IsGenericType)
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedMethodShape, location, methodDisplay, what, "generic methods and methods of generic classes are not supported"));
            }

            if (method.IsAsync && method.ReturnsVoid)
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedMethodShape, location, methodDisplay, what, "'async void' cannot be awaited; return Task or ValueTask"));
            }

            if (method.MethodKind != MethodKind.Ordinary)
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedMethodShape, location, methodDisplay, what, "only ordinary methods can be served"));
            }

            if (!IsAccessible(method))
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.ToolNotAccessible, location, methodDisplay, subject));
            }

            var parameters = new List<ParameterSpec>();
            string? firstToken = null;
            foreach (var parameter in method.Parameters)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var parameterLocation = LocationInfo.From(parameter.Locations.FirstOrDefault()) ?? location;
                if (parameter.RefKind != RefKind.None || parameter.Type.TypeKind == Microsoft.CodeAnalysis.TypeKind.Pointer || parameter.IsParams)
                {
                    diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedMethodShape, parameterLocation, methodDisplay, what, $"parameter '{parameter.Name}' is ref, out, in, params or a pointer"));
                    continue;
                }

                if (special?.Invoke(parameter) is { } claimed)
                {
                    parameters.Add(claimed);
                    continue;
                }

                var source = Classify(parameter);
                if ((source != ParameterSource.Argument || !allowToolContext) && TypeModelBuilder.HasAttribute(parameter, HeaderAttributeType))
                {
                    // Only tools/call has Mcp-Param-* headers, and only arguments are in the body they mirror.
                    diagnostics.Add(Diagnostic(DiagnosticIds.InvalidHeaderParameter, parameterLocation, parameter.Name, subject,
                        TypeModelBuilder.AttributeString(parameter, HeaderAttributeType) ?? parameter.Name,
                        allowToolContext ? "only arguments can be mirrored; this parameter is supplied by McpGen" : "only tool arguments can be mirrored (headers mirror tools/call)"));
                }

                if (source == ParameterSource.CancellationToken)
                {
                    if (firstToken is not null)
                    {
                        // Both would receive the same request token: a second one is a mistake, never a second source.
                        diagnostics.Add(Diagnostic(DiagnosticIds.MultipleCancellationTokens, parameterLocation, methodDisplay, firstToken + "', '" + parameter.Name));
                        continue;
                    }

                    firstToken = parameter.Name;
                }

                if (source == ParameterSource.Argument)
                {
                    if (bindArgument(parameter, parameterLocation) is { } argument)
                    {
                        parameters.Add(argument);
                    }

                    continue;
                }

                if (!servesRequest && source == ParameterSource.Input)
                {
                    diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedParameterType, parameterLocation, parameter.Name, subject, "only tools, prompts and resource reads ask the client for input"));
                    continue;
                }

                if (!servesRequest && source == ParameterSource.Progress)
                {
                    diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedParameterType, parameterLocation, parameter.Name, subject, "only tools, prompts and resource reads report progress"));
                    continue;
                }

                if (!allowToolContext && source == ParameterSource.RequestContext && TypeModelBuilder.MetadataName((INamedTypeSymbol)parameter.Type) == "McpGen.McpToolCall")
                {
                    diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedParameterType, parameterLocation, parameter.Name, subject, "McpToolCall exists only in tools; declare McpRequestContext"));
                    continue;
                }

                parameters.Add(new ParameterSpec(parameter.Name, source, null, TypeModelBuilder.TypeName(parameter.Type), ServiceKey(parameter), !parameter.HasExplicitDefaultValue, null, null));
            }

            // Instance methods: the class is created per call from services.
            var constructorServices = new List<string>();
            if (!method.IsStatic)
            {
                if (containing.IsAbstract || containing.IsStatic || containing.TypeKind != Microsoft.CodeAnalysis.TypeKind.Class)
                {
                    diagnostics.Add(Diagnostic(DiagnosticIds.ToolClassNotConstructible, location, containing.Name, subject, "it must be a non-abstract class (or make the method static)"));
                }
                else
                {
                    var constructor = containing.InstanceConstructors
                        .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal)
                        .OrderByDescending(c => c.Parameters.Length)
                        .FirstOrDefault();
                    if (constructor is null)
                    {
                        diagnostics.Add(Diagnostic(DiagnosticIds.ToolClassNotConstructible, location, containing.Name, subject, "it has no public or internal constructor"));
                    }
                    else
                    {
                        foreach (var p in constructor.Parameters)
                        {
                            if (p.RefKind != RefKind.None)
                            {
                                diagnostics.Add(Diagnostic(DiagnosticIds.ToolClassNotConstructible, location, containing.Name, subject, $"constructor parameter '{p.Name}' is ref, out or in"));
                            }

                            constructorServices.Add(TypeModelBuilder.TypeName(p.Type));
                        }
                    }
                }
            }

            if (diagnostics.Skip(errors).Any(d => DiagnosticDescriptors.IsError(d.Id)))
            {
                return null;
            }

            return new MethodSpec(
                TypeModelBuilder.TypeName(containing),
                TypeModelBuilder.MetadataName(containing),
                method.Name,
                method.IsStatic,
                constructorServices.ToEquatableArray(),
                Implements(containing, "System.IDisposable"),
                Implements(containing, "System.IAsyncDisposable"),
                parameters.ToEquatableArray(),
                location)
            {
                RequiredScopes = RequiredScopes(method, subject, location, diagnostics).ToEquatableArray(),
            };
        }

        /// <summary>The scopes of <c>[McpScope]</c> on the class, then the method; an invalid one is MCPG1014.</summary>
        private static List<string> RequiredScopes(IMethodSymbol method, string subject, LocationInfo? location, List<DiagnosticInfo> diagnostics)
        {
            var scopes = new List<string>();
            foreach (var symbol in new ISymbol[] { method.ContainingType, method })
            {
                foreach (var attribute in symbol.GetAttributes())
                {
                    if (attribute.AttributeClass is not { } c || TypeModelBuilder.MetadataName(c) != ScopeAttributeType || attribute.ConstructorArguments.Length != 1)
                    {
                        continue;
                    }

                    var values = attribute.ConstructorArguments[0];
                    var items = values.Kind == TypedConstantKind.Array ? values.Values : System.Collections.Immutable.ImmutableArray.Create(values);
                    if (items.Length == 0)
                    {
                        diagnostics.Add(Diagnostic(DiagnosticIds.InvalidScope, location, subject, "", "[McpScope] names no scope"));
                    }

                    foreach (var item in items)
                    {
                        string scope = item.Value as string ?? "";
                        if (Naming.ScopeTokenProblem(scope) is { } problem)
                        {
                            diagnostics.Add(Diagnostic(DiagnosticIds.InvalidScope, location, subject, scope, problem));
                        }
                        else if (!scopes.Contains(scope))
                        {
                            scopes.Add(scope);
                        }
                    }
                }
            }

            return scopes;
        }

        /// <summary>The name of a tool or prompt: <c>Name</c>, else the constructor argument, else the method name in snake_case.</summary>
        private static string NameOf(AttributeData attribute, Dictionary<string, TypedConstant> named, IMethodSymbol method) =>
            named.TryGetValue("Name", out var n) && n.Value is string explicitName ? explicitName
            : attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string ctorName ? ctorName
            : Naming.ToolName(method.Name);

        /// <summary>A description: the attribute's <c>Description</c>, else <c>[Description]</c>, else the XML summary.</summary>
        private static string? DescriptionOf(Dictionary<string, TypedConstant> named, IMethodSymbol method, System.Xml.Linq.XElement? doc) =>
            named.TryGetValue("Description", out var d) && d.Value is string explicitDescription ? explicitDescription
            : TypeModelBuilder.AttributeString(method, "System.ComponentModel.DescriptionAttribute") ?? DocComments.Summary(doc);

        private static ParameterSource Classify(IParameterSymbol parameter)
        {
            var type = parameter.Type;
            string metadata = type is INamedTypeSymbol named ? TypeModelBuilder.MetadataName(named) : string.Empty;
            if (metadata == "System.Threading.CancellationToken")
            {
                return ParameterSource.CancellationToken;
            }

            if (metadata is "McpGen.McpRequestContext" or "McpGen.McpToolCall")
            {
                return ParameterSource.RequestContext;
            }

            if (metadata == "McpGen.McpInput")
            {
                return ParameterSource.Input;
            }

            if (metadata == "System.IServiceProvider")
            {
                return ParameterSource.ServiceProvider;
            }

            if (type is INamedTypeSymbol { IsGenericType: true } generic
                && TypeModelBuilder.MetadataName(generic.ConstructedFrom) == "System.IProgress`1"
                && generic.TypeArguments[0] is INamedTypeSymbol progress && TypeModelBuilder.MetadataName(progress) == ProgressType)
            {
                return ParameterSource.Progress;
            }

            if (parameter.GetAttributes().Any(a => a.AttributeClass?.Name is "FromServicesAttribute" or "FromKeyedServicesAttribute"))
            {
                return ParameterSource.Service;
            }

            // Interfaces and abstract classes have no JSON shape: they are services — except the collection interfaces.
            if ((type.TypeKind == Microsoft.CodeAnalysis.TypeKind.Interface || (type.IsAbstract && type.TypeKind == Microsoft.CodeAnalysis.TypeKind.Class))
                && !IsCollectionInterface(type))
            {
                return ParameterSource.Service;
            }

            return ParameterSource.Argument;
        }

        private static string? ServiceKey(IParameterSymbol parameter)
        {
            var keyed = parameter.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == "FromKeyedServicesAttribute");
            if (keyed is { ConstructorArguments.Length: 1 })
            {
                var value = keyed.ConstructorArguments[0].Value;
                return value switch
                {
                    string s => SymbolDisplay.FormatLiteral(s, quote: true),
                    null => "null",
                    _ => SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false),
                };
            }

            return null;
        }

        /// <summary>A prompt argument or template variable: a string converted to the parameter's type.</summary>
        private static ParameterSpec? BindStringArgument(IParameterSymbol parameter, LocationInfo? location, string subject, TypeModelBuilder types, System.Xml.Linq.XElement? doc, List<DiagnosticInfo> diagnostics)
        {
            var type = types.Build(parameter.Type, out _);
            if (type is null || !IsStringBindable(type.Kind == JsonShape.Nullable ? type.Element!.Kind : type.Kind))
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedParameterType, location, parameter.Name, subject, StringBindableTypes));
                return null;
            }

            bool required = !parameter.HasExplicitDefaultValue && !type.AcceptsNull;
            return new ParameterSpec(
                parameter.Name,
                ParameterSource.Argument,
                type,
                TypeModelBuilder.TypeName(parameter.Type),
                null,
                required,
                parameter.HasExplicitDefaultValue ? TypeModelBuilder.DefaultLiteral(parameter) : null,
                TypeModelBuilder.Validation(parameter),
                TypeModelBuilder.AttributeString(parameter, "System.ComponentModel.DescriptionAttribute") ?? DocComments.Param(doc, parameter.Name));
        }

        private static bool IsStringBindable(JsonShape kind) => kind is not (JsonShape.Any or JsonShape.Nullable or JsonShape.Collection or JsonShape.Dictionary or JsonShape.Object);

        /// <summary>Removes <c>Task</c>/<c>ValueTask</c>: the awaited type, whether it was wrapped, and whether it was a bare <c>Task</c>.</summary>
        private static UnwrappedType Unwrap(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol named)
            {
                string metadata = TypeModelBuilder.MetadataName(named.ConstructedFrom);
                if (metadata is "System.Threading.Tasks.Task" or "System.Threading.Tasks.ValueTask")
                {
                    return new(type, true, true);
                }

                if (metadata is "System.Threading.Tasks.Task`1" or "System.Threading.Tasks.ValueTask`1")
                {
                    return new(named.TypeArguments[0], true, false);
                }
            }

            return new(type, false, false);
        }

        /// <summary>Whether the type is, or implements, <c>IEnumerable&lt;T&gt;</c> of an element accepted by <paramref name="element"/>.</summary>
        private static bool EnumerableOf(ITypeSymbol type, Func<ITypeSymbol, bool> element)
        {
            if (type is IArrayTypeSymbol array)
            {
                return element(array.ElementType);
            }

            IEnumerable<ITypeSymbol> candidates = type is INamedTypeSymbol { TypeKind: Microsoft.CodeAnalysis.TypeKind.Interface } self
                ? new ITypeSymbol[] { self }.Concat(self.AllInterfaces)
                : type.AllInterfaces;
            return candidates.OfType<INamedTypeSymbol>().Any(i =>
                i.IsGenericType && TypeModelBuilder.MetadataName(i.ConstructedFrom) == "System.Collections.Generic.IEnumerable`1" && element(i.TypeArguments[0]));
        }

        private static bool IsCollectionInterface(ITypeSymbol type) =>
            type is INamedTypeSymbol { IsGenericType: true } named && TypeModelBuilder.MetadataName(named.ConstructedFrom) is
                "System.Collections.Generic.IList`1" or "System.Collections.Generic.ICollection`1" or "System.Collections.Generic.IEnumerable`1"
                or "System.Collections.Generic.IReadOnlyList`1" or "System.Collections.Generic.IReadOnlyCollection`1"
                or "System.Collections.Generic.ISet`1" or "System.Collections.Generic.IReadOnlySet`1"
                or "System.Collections.Generic.IDictionary`2" or "System.Collections.Generic.IReadOnlyDictionary`2";

        private static bool DerivesFrom(ITypeSymbol type, string metadataName)
        {
            for (var t = type as INamedTypeSymbol; t is not null; t = t.BaseType)
            {
                if (TypeModelBuilder.MetadataName(t) == metadataName)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Implements(INamedTypeSymbol type, string metadataName) =>
            type.AllInterfaces.Any(i => TypeModelBuilder.MetadataName(i) == metadataName);

        private static bool IsAccessible(IMethodSymbol method)
        {
            if (method.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
            {
                return false;
            }

            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
                {
                    return false;
                }
            }

            return true;
        }

        private static DiagnosticInfo Diagnostic(string id, LocationInfo? location, params string[] arguments) =>
            new(id, location, arguments.ToEquatableArray());

        /// <summary>A type without its <c>Task</c>/<c>ValueTask</c>.</summary>
        /// <param name="IsBareTask">The type was a non-generic <c>Task</c> or <c>ValueTask</c>.</param>
        private readonly record struct UnwrappedType(ITypeSymbol Type, bool IsAsync, bool IsBareTask);
    }
}
