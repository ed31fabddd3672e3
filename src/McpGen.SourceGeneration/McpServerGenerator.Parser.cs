using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using McpGen.SourceGeneration.Diagnostics;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpGen.SourceGeneration;

public sealed partial class McpServerGenerator
{
    /// <summary>The only code that reads symbols: turns attributed declarations into equatable specs.</summary>
    internal static partial class Parser
    {
        private const string ProgressType = "McpGen.McpProgress";
        private const string HeaderAttributeType = "McpGen.McpHeaderAttribute";
        private const string ScopeAttributeType = "McpGen.McpScopeAttribute";

        public static ParseResult<ToolSpec> ParseTool(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            Run<ToolSpec>(context, (method, location, diagnostics) => ParseTool(method, context.SemanticModel.Compilation, context.Attributes[0], location, diagnostics, cancellationToken));

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

        private static ToolSpec? ParseTool(IMethodSymbol method, Compilation compilation, AttributeData attribute, LocationInfo? location, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            var named = attribute.NamedArguments.ToDictionary(a => a.Key, a => a.Value);
            string name = NameOf(attribute, named, method);
            string subject = $"tool '{name}'";
            if (!Naming.IsValidToolName(name))
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.InvalidToolName, location, "tool", name));
            }

            var doc = DocComments.Get(method, cancellationToken);
            var types = new TypeModelBuilder(compilation, cancellationToken);
            var arguments = new List<SchemaArgument>();
            var headers = new List<HeaderParameterSpec>();
            var spec = ParseMethod(method, subject, "a tool", location, diagnostics, special: null, bindArgument: (parameter, parameterLocation) =>
            {
                var type = types.Build(parameter.Type, out var problem);
                problem ??= type is null ? "unsupported type" : types.InputProblem(type);
                if (type is null || problem is not null)
                {
                    diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedParameterType, parameterLocation, parameter.Name, subject, problem!));
                    return null;
                }

                bool required = !parameter.HasExplicitDefaultValue && !type.AcceptsNull;
                string? defaultLiteral = parameter.HasExplicitDefaultValue ? TypeModelBuilder.DefaultLiteral(parameter) : null;
                string? defaultJson = parameter.HasExplicitDefaultValue ? TypeModelBuilder.DefaultJson(parameter.ExplicitDefaultValue, type) : null;
                var validation = TypeModelBuilder.Validation(parameter);
                string? description = TypeModelBuilder.AttributeString(parameter, "System.ComponentModel.DescriptionAttribute") ?? DocComments.Param(doc, parameter.Name);
                string? headerName = HeaderParameter(parameter, type, parameterLocation, subject, headers, diagnostics);
                arguments.Add(new SchemaArgument(parameter.Name, type, description, required, defaultJson, validation, headerName));
                return new ParameterSpec(parameter.Name, ParameterSource.Argument, type, TypeModelBuilder.TypeName(parameter.Type), null, required, defaultLiteral, validation);
            }, allowToolContext: true, cancellationToken);

            // Return type.
            var returns = ParseReturn(method, types, out var returnProblem);
            if (returns is null)
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedReturnType, location, subject, returnProblem!));
            }

            if (spec is null || returns is null)
            {
                return null;
            }

            string? toolDescription = DescriptionOf(named, method, doc);
            string? title = named.TryGetValue("Title", out var t) ? t.Value as string : null;

            var objects = types.Objects.ToList();
            ObjectTypeSpec? Lookup(string key) => types.GetObject(key);
            string inputSchema = SchemaBuilder.ForArguments(arguments, Lookup);
            if (named.TryGetValue("InputSchema", out var schemaValue) && schemaValue.Value is string handWritten)
            {
                // A hand-written schema is advertised as written (minified); arguments still bind by parameter, so the
                // schema's properties and the parameters must be the same set.
                string? problem = CheckHandWrittenSchema(handWritten, arguments.Select(a => a.Name).ToList(), out string minified);
                if (problem is null && headers.Count > 0)
                {
                    problem = "a hand-written schema cannot be combined with [McpHeader]; write \"x-mcp-header\" in the schema and drop the attribute, or drop InputSchema";
                }

                if (problem is not null)
                {
                    diagnostics.Add(Diagnostic(DiagnosticIds.InvalidInputSchema, location, name, problem));
                    return null;
                }

                inputSchema = minified;
            }

            string? outputSchema = returns.Kind == ReturnKind.Structured ? SchemaBuilder.ForOutput(returns.Type!, returns.WrapInResult, Lookup) : null;

            return new ToolSpec(
                name,
                title,
                toolDescription,
                spec,
                returns,
                inputSchema,
                outputSchema,
                Hint(named, "ReadOnly"),
                Hint(named, "Destructive"),
                Hint(named, "Idempotent"),
                Hint(named, "OpenWorld"),
                objects.ToEquatableArray())
            {
                TaskSupport = (TaskSupport)Number(named, "TaskSupport"),
                TaskTimeToLiveMs = Number(named, "TaskTimeToLiveMs"),
                TaskPollIntervalMs = Number(named, "TaskPollIntervalMs"),
                TaskMaxAttempts = Number(named, "TaskMaxAttempts"),
                TaskTimeoutMs = Number(named, "TaskTimeoutMs"),
                StartsTaskInHandler = CallsRunAsTask(method, cancellationToken),
                HeaderParameters = headers.ToEquatableArray(),
            };
        }

        /// <summary>
        /// Reads <c>[McpHeader]</c> on a tool argument: the <c>Mcp-Param-*</c> suffix, or <see langword="null"/> when the
        /// parameter is not mirrored or cannot be (MCPG1013, with the rule it breaks).
        /// </summary>
        private static string? HeaderParameter(IParameterSymbol parameter, TypeRefSpec type, LocationInfo? location, string subject, List<HeaderParameterSpec> headers, List<DiagnosticInfo> diagnostics)
        {
            var attribute = parameter.GetAttributes().FirstOrDefault(a => a.AttributeClass is { } c && TypeModelBuilder.MetadataName(c) == HeaderAttributeType);
            if (attribute is null)
            {
                return null;
            }

            string headerName = attribute.ConstructorArguments is [{ Value: string explicitName }]
                ? explicitName
                : char.ToUpperInvariant(parameter.Name[0]) + parameter.Name.Substring(1);
            string? problem = Naming.HeaderTokenProblem(headerName)
                ?? HeaderTypeProblem(type)
                ?? (headers.FirstOrDefault(h => string.Equals(h.HeaderName, headerName, StringComparison.OrdinalIgnoreCase)) is { } taken
                    ? $"argument '{taken.ArgumentName}' already uses that name (header names are case-insensitive)"
                    : null);
            if (problem is not null)
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.InvalidHeaderParameter, location, parameter.Name, subject, headerName, problem));
                return null;
            }

            headers.Add(new HeaderParameterSpec(headerName, parameter.Name));
            return headerName;
        }

        /// <summary>Header values are strings, booleans or integers a JSON number holds exactly (the protocol's rule).</summary>
        private static string? HeaderTypeProblem(TypeRefSpec type)
        {
            var t = type.Kind == JsonShape.Nullable ? type.Element! : type;
            return t.Kind switch
            {
                JsonShape.String or JsonShape.Char or JsonShape.Enum or JsonShape.Guid or JsonShape.Uri or JsonShape.DateTime
                    or JsonShape.DateTimeOffset or JsonShape.DateOnly or JsonShape.TimeOnly or JsonShape.TimeSpan
                    or JsonShape.Boolean or JsonShape.Byte or JsonShape.SByte or JsonShape.Int16 or JsonShape.UInt16
                    or JsonShape.Int32 or JsonShape.UInt32 => null,
                JsonShape.Int64 or JsonShape.UInt64 => "64-bit integers can exceed what a JSON number holds exactly (2^53 - 1); use int",
                JsonShape.Single or JsonShape.Double or JsonShape.Decimal => "only strings, booleans and integers can be mirrored, not fractional numbers",
                _ => "only strings, booleans and integers can be mirrored, not objects, collections or any-JSON values",
            };
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

        private static string? CheckHandWrittenSchema(string schema, List<string> parameters, out string minified)
        {
            minified = string.Empty;
            var reader = JsonMinifier.TryParse(schema, out string? error);
            if (reader is null)
            {
                return "not valid JSON: " + error;
            }

            if (reader.RootType != "object")
            {
                return "the root must be an object schema (\"type\": \"object\")";
            }

            foreach (var parameter in parameters)
            {
                if (!reader.PropertyNames.Contains(parameter))
                {
                    return $"parameter '{parameter}' is not one of its properties";
                }
            }

            foreach (var property in reader.PropertyNames)
            {
                if (!parameters.Contains(property))
                {
                    return $"property '{property}' has no parameter of that name to bind to";
                }
            }

            minified = reader.Minified;
            return null;
        }

        /// <summary>A description: the attribute's <c>Description</c>, else <c>[Description]</c>, else the XML summary.</summary>
        private static string? DescriptionOf(Dictionary<string, TypedConstant> named, IMethodSymbol method, System.Xml.Linq.XElement? doc) =>
            named.TryGetValue("Description", out var d) && d.Value is string explicitDescription ? explicitDescription
            : TypeModelBuilder.AttributeString(method, "System.ComponentModel.DescriptionAttribute") ?? DocComments.Summary(doc);

        /// <summary>Whether the method's own body calls <c>RunAsTaskAsync</c> (a call made in a helper is found at run time, inside the task).</summary>
        private static bool CallsRunAsTask(IMethodSymbol method, CancellationToken cancellationToken) =>
            method.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken).DescendantNodes().Any(n =>
                n is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: "RunAsTaskAsync" } }));

        private static int Number(Dictionary<string, TypedConstant> named, string key) =>
            named.TryGetValue(key, out var value) && value.Value is int n ? n : 0;

        private static string? Hint(Dictionary<string, TypedConstant> named, string key) =>
            named.TryGetValue(key, out var value) && value.Value is bool b ? (b ? "true" : "false") : null;

        private static ReturnSpec? ParseReturn(IMethodSymbol method, TypeModelBuilder types, out string? problem)
        {
            problem = null;
            var type = method.ReturnType;
            bool isAsync = false;
            if (type is INamedTypeSymbol named)
            {
                string metadata = TypeModelBuilder.MetadataName(named.ConstructedFrom);
                if (metadata is "System.Threading.Tasks.Task" or "System.Threading.Tasks.ValueTask")
                {
                    return new ReturnSpec(ReturnKind.Void, true, null, false);
                }

                if (metadata is "System.Threading.Tasks.Task`1" or "System.Threading.Tasks.ValueTask`1")
                {
                    isAsync = true;
                    type = named.TypeArguments[0];
                }
            }

            if (type.SpecialType == SpecialType.System_Void)
            {
                return new ReturnSpec(ReturnKind.Void, isAsync, null, false);
            }

            if (type.SpecialType == SpecialType.System_String)
            {
                return new ReturnSpec(ReturnKind.Text, isAsync, null, false);
            }

            if (DerivesFrom(type, "ModelContextProtocol.Protocol.CallToolResult"))
            {
                return new ReturnSpec(ReturnKind.CallToolResult, isAsync, null, false);
            }

            if (DerivesFrom(type, "ModelContextProtocol.Protocol.ContentBlock"))
            {
                return new ReturnSpec(ReturnKind.Content, isAsync, null, false);
            }

            if (EnumerableOf(type, t => DerivesFrom(t, "ModelContextProtocol.Protocol.ContentBlock")))
            {
                return new ReturnSpec(ReturnKind.Contents, isAsync, null, false);
            }

            var model = types.Build(type, out problem);
            if (model is null)
            {
                return null;
            }

            problem = types.OutputProblem(model);
            if (problem is not null)
            {
                return null;
            }

            var kind = model.Kind == JsonShape.Nullable ? model.Element!.Kind : model.Kind;
            return kind switch
            {
                JsonShape.Object or JsonShape.Dictionary => new ReturnSpec(ReturnKind.Structured, isAsync, model, WrapInResult: model.AcceptsNull),
                JsonShape.Collection or JsonShape.Any => new ReturnSpec(ReturnKind.Structured, isAsync, model, WrapInResult: true),
                _ => new ReturnSpec(ReturnKind.Primitive, isAsync, model, false),
            };
        }

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

        public static ParseResult<ServerSpec> ParseServer(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var location = LocationInfo.From(type.Locations.FirstOrDefault());
            var diagnostics = new List<DiagnosticInfo>();

            var languageVersion = ((CSharpParseOptions)context.TargetNode.SyntaxTree.Options).LanguageVersion;
            if (languageVersion < LanguageVersion.CSharp11)
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.LanguageVersion, location, languageVersion.ToDisplayString()));
            }

            var containingTypes = new List<ContainingTypeSpec>();
            bool partial = true;
            for (var t = type; t is not null; t = t.ContainingType)
            {
                bool isPartial = t.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                    && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));
                partial &= isPartial && !t.IsGenericType;
                if (!SymbolEqualityComparer.Default.Equals(t, type))
                {
                    containingTypes.Insert(0, new ContainingTypeSpec(t.IsRecord ? (t.IsValueType ? "record struct" : "record") : t.IsValueType ? "struct" : "class", t.Name));
                }
            }

            if (!partial || type.IsStatic)
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.ServerNotPartial, location, type.Name));
            }

            if (diagnostics.Count > 0)
            {
                return new ParseResult<ServerSpec>(null, diagnostics.ToEquatableArray());
            }

            var attribute = context.Attributes[0];
            var named = attribute.NamedArguments.ToDictionary(a => a.Key, a => a.Value);
            string name = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string s && s.Length > 0 ? s : type.Name;
            string? Named(string key) => named.TryGetValue(key, out var value) ? value.Value as string : null;
            var types = named.TryGetValue("Types", out var typesValue) && !typesValue.IsNull
                ? typesValue.Values.Select(v => v.Value).OfType<INamedTypeSymbol>().Select(TypeModelBuilder.MetadataName).OrderBy(x => x, StringComparer.Ordinal).ToEquatableArray()
                : EquatableArray<string>.Empty;
            var doc = DocComments.Get(type, cancellationToken);
            string version = Named("Version") ?? AssemblyVersion(context.SemanticModel.Compilation) ?? "1.0.0";
            string? title = Named("Title");
            string? description = Named("Description") ?? DocComments.Summary(doc);
            string csharpNamespace = type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString();

            var icons = new List<IconSpec>();
            var remotes = new List<string>();
            foreach (var classAttribute in type.GetAttributes())
            {
                string? attributeName = classAttribute.AttributeClass?.ToDisplayString();
                string? first = classAttribute.ConstructorArguments.Length > 0 ? classAttribute.ConstructorArguments[0].Value as string : null;
                if (attributeName == "McpGen.McpIconAttribute" && first is not null)
                {
                    var iconNamed = classAttribute.NamedArguments.ToDictionary(a => a.Key, a => a.Value.Value as string);
                    icons.Add(new IconSpec(first, iconNamed.TryGetValue("MimeType", out var mime) ? mime : null, iconNamed.TryGetValue("Sizes", out var sizes) ? sizes : null, iconNamed.TryGetValue("Theme", out var theme) ? theme : null));
                }
                else if (attributeName == "McpGen.McpRemoteAttribute" && first is not null)
                {
                    remotes.Add(first);
                }
            }

            var problems = new List<CardProblem>();
            var card = ServerCardBuilder.Build(name, Named("Publisher"), csharpNamespace, version, title, description, Named("WebsiteUrl"), icons, remotes, problems);
            foreach (var (field, problem) in problems)
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.InvalidServerCard, location, type.Name, field, problem));
            }

            var server = new ServerSpec(
                csharpNamespace,
                type.Name,
                TypeModelBuilder.MetadataName(type).Replace('+', '.').Replace('`', '_'),
                containingTypes.ToEquatableArray(),
                name,
                version,
                title,
                description,
                Named("Instructions"),
                types,
                named.ContainsKey("Types") && !typesValue.IsNull,
                location)
            {
                WebsiteUrl = Named("WebsiteUrl"),
                Icons = icons.ToEquatableArray(),
                Card = card,
            };
            return new ParseResult<ServerSpec>(server, diagnostics.ToEquatableArray());
        }

        private static string? AssemblyVersion(Compilation compilation)
        {
            foreach (var attribute in compilation.Assembly.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == "System.Reflection.AssemblyInformationalVersionAttribute"
                    && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string version && version.Length > 0)
                {
                    int plus = version.IndexOf('+');
                    return plus > 0 ? version.Substring(0, plus) : version;
                }
            }

            return null;
        }

        private static DiagnosticInfo Diagnostic(string id, LocationInfo? location, params string[] arguments) =>
            new(id, location, arguments.ToEquatableArray());
    }
}
