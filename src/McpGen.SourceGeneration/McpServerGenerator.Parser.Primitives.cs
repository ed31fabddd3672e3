using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using McpGen.SourceGeneration.Diagnostics;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using Microsoft.CodeAnalysis;

namespace McpGen.SourceGeneration;

// Resources, resource listings, prompts and completions.
public sealed partial class McpServerGenerator
{
    internal static partial class Parser
    {
        private const string StringBindableTypes = "arguments arrive as strings: use string, bool, char, a number, an enum, Guid, a date or time type, TimeSpan or Uri (or a nullable of one)";

        public static ParseResult<ResourceSpec> ParseResource(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            Run<ResourceSpec>(context, (method, location, diagnostics) => ParseResource(method, context.SemanticModel.Compilation, context.Attributes[0], location, diagnostics, cancellationToken));

        public static ParseResult<PromptSpec> ParsePrompt(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            Run<PromptSpec>(context, (method, location, diagnostics) => ParsePrompt(method, context.SemanticModel.Compilation, context.Attributes[0], location, diagnostics, cancellationToken));

        public static ParseResult<CompletionMethodSpec> ParseCompletions(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            Run<CompletionMethodSpec>(context, (method, location, diagnostics) => ParseCompletions(method, context.Attributes, location, diagnostics, cancellationToken));

        public static ParseResult<ResourceListSpec> ParseResourceList(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            Run<ResourceListSpec>(context, (method, location, diagnostics) => ParseResourceList(method, context.Attributes[0], location, diagnostics, cancellationToken));

        private static ResourceSpec? ParseResource(IMethodSymbol method, Compilation compilation, AttributeData attribute, LocationInfo? location, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            var named = attribute.NamedArguments.ToDictionary(a => a.Key, a => a.Value);
            string uri = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string u ? u : string.Empty;
            bool isTemplate = UriTemplateParser.IsTemplate(uri);
            string subject = (isTemplate ? "resource template '" : "resource '") + uri + "'";
            var parts = new List<TemplatePartSpec>();
            if (isTemplate)
            {
                parts = UriTemplateParser.Parse(uri, out var error) ?? [];
                if (error is not null)
                {
                    diagnostics.Add(Diagnostic(DiagnosticIds.InvalidResourceUri, location, uri, error));
                    return null;
                }
            }
            else if (!Uri.TryCreate(uri, UriKind.Absolute, out _))
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.InvalidResourceUri, location, uri, "a resource URI must be absolute, e.g. 'notes://today'"));
                return null;
            }

            var variables = parts.Where(p => p.Literal is null).SelectMany(p => p.Variables).ToList();
            var doc = DocComments.Get(method, cancellationToken);
            var types = new TypeModelBuilder(compilation, cancellationToken);
            var spec = ParseMethod(method, subject, "a resource", location, diagnostics, special: null, bindArgument: (parameter, parameterLocation) =>
            {
                if (!variables.Contains(parameter.Name))
                {
                    string list = variables.Count == 0 ? "it has none" : "its variables are " + string.Join(", ", variables);
                    diagnostics.Add(Diagnostic(DiagnosticIds.ParameterNotInUriTemplate, parameterLocation, parameter.Name, uri, list));
                    return null;
                }

                return BindStringArgument(parameter, parameterLocation, subject, types, doc, diagnostics);
            }, allowToolContext: false, cancellationToken);

            foreach (string variable in variables)
            {
                if (!method.Parameters.Any(p => p.Name == variable))
                {
                    diagnostics.Add(Diagnostic(DiagnosticIds.UnboundTemplateVariable, location, variable, uri));
                }
            }

            var (kind, isAsync, valueType, problem) = ParseResourceReturn(method.ReturnType, types);
            if (problem is not null)
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedReturnType, location, subject, problem));
                return null;
            }

            if (spec is null)
            {
                return null;
            }

            string? Named(string key) => named.TryGetValue(key, out var value) ? value.Value as string : null;
            return new ResourceSpec(
                uri,
                isTemplate,
                parts.ToEquatableArray(),
                variables.ToEquatableArray(),
                Named("Name") ?? Naming.ToolName(method.Name),
                Named("Title"),
                DescriptionOf(named, method, doc),
                Named("MimeType"),
                named.TryGetValue("TimeToLiveMs", out var ttl) && ttl.Value is long ms ? ms : -1,
                named.TryGetValue("CacheScope", out var scope) && scope.Value is int s ? (CacheScope)s : CacheScope.Unspecified,
                spec,
                kind,
                isAsync,
                valueType,
                types.Objects.ToEquatableArray());
        }

        private static ResourceReturn ParseResourceReturn(ITypeSymbol type, TypeModelBuilder types)
        {
            const string Expected = "return string, byte[], ReadOnlyMemory<byte>, Stream, a record or class (as JSON), ResourceContents, a collection of ResourceContents or ReadResourceResult, or a Task/ValueTask of one";
            var (inner, isAsync, isBareTask) = Unwrap(type);
            if (isBareTask || inner.SpecialType == SpecialType.System_Void)
            {
                return new(default, false, null, "a resource must return its contents; " + Expected);
            }

            if (inner.SpecialType == SpecialType.System_String)
            {
                return new(ResourceReturnKind.Text, isAsync, null, null);
            }

            if (inner is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte })
            {
                return new(ResourceReturnKind.Bytes, isAsync, null, null);
            }

            if (inner is INamedTypeSymbol { IsGenericType: true } memory
                && TypeModelBuilder.MetadataName(memory.ConstructedFrom) is "System.ReadOnlyMemory`1" or "System.Memory`1"
                && memory.TypeArguments[0].SpecialType == SpecialType.System_Byte)
            {
                return new(ResourceReturnKind.Memory, isAsync, null, null);
            }

            if (DerivesFrom(inner, "System.IO.Stream"))
            {
                return new(ResourceReturnKind.Stream, isAsync, null, null);
            }

            if (DerivesFrom(inner, "ModelContextProtocol.Protocol.ReadResourceResult"))
            {
                return new(ResourceReturnKind.ReadResult, isAsync, null, null);
            }

            if (DerivesFrom(inner, "ModelContextProtocol.Protocol.ResourceContents"))
            {
                return new(ResourceReturnKind.Contents, isAsync, null, null);
            }

            if (EnumerableOf(inner, t => DerivesFrom(t, "ModelContextProtocol.Protocol.ResourceContents")))
            {
                return new(ResourceReturnKind.ContentsList, isAsync, null, null);
            }

            var model = types.Build(inner, out var problem);
            if (model is null || (problem ??= types.OutputProblem(model)) is not null)
            {
                return new(default, false, null, (problem ?? "unsupported type") + "; " + Expected);
            }

            var kind = model.Kind == JsonShape.Nullable ? model.Element!.Kind : model.Kind;
            return kind is JsonShape.Object or JsonShape.Dictionary or JsonShape.Collection or JsonShape.Any
                ? new ResourceReturn(ResourceReturnKind.Json, isAsync, model, null)
                : new ResourceReturn(ResourceReturnKind.Primitive, isAsync, model, null);
        }

        private static PromptSpec? ParsePrompt(IMethodSymbol method, Compilation compilation, AttributeData attribute, LocationInfo? location, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            var named = attribute.NamedArguments.ToDictionary(a => a.Key, a => a.Value);
            string name = NameOf(attribute, named, method);
            string subject = $"prompt '{name}'";
            if (!Naming.IsValidToolName(name))
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.InvalidToolName, location, "prompt", name));
            }

            var doc = DocComments.Get(method, cancellationToken);
            var types = new TypeModelBuilder(compilation, cancellationToken);
            var spec = ParseMethod(method, subject, "a prompt", location, diagnostics, special: null,
                bindArgument: (parameter, parameterLocation) => BindStringArgument(parameter, parameterLocation, subject, types, doc, diagnostics),
                allowToolContext: false, cancellationToken);

            const string Expected = "return string, PromptMessage, a collection of PromptMessage, ContentBlock, a collection of ContentBlock or GetPromptResult, or a Task/ValueTask of one";
            var (inner, isAsync, isBareTask) = Unwrap(method.ReturnType);
            PromptReturnKind? kind =
                isBareTask || inner.SpecialType == SpecialType.System_Void ? null
                : inner.SpecialType == SpecialType.System_String ? PromptReturnKind.Text
                : DerivesFrom(inner, "ModelContextProtocol.Protocol.GetPromptResult") ? PromptReturnKind.Result
                : DerivesFrom(inner, "ModelContextProtocol.Protocol.PromptMessage") ? PromptReturnKind.Message
                : DerivesFrom(inner, "ModelContextProtocol.Protocol.ContentBlock") ? PromptReturnKind.Content
                : EnumerableOf(inner, t => DerivesFrom(t, "ModelContextProtocol.Protocol.PromptMessage")) ? PromptReturnKind.Messages
                : EnumerableOf(inner, t => DerivesFrom(t, "ModelContextProtocol.Protocol.ContentBlock")) ? PromptReturnKind.Contents
                : null;
            if (kind is null)
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedReturnType, location, subject, Expected));
                return null;
            }

            if (spec is null)
            {
                return null;
            }

            return new PromptSpec(name, named.TryGetValue("Title", out var t) ? t.Value as string : null, DescriptionOf(named, method, doc), spec, kind.Value, isAsync);
        }

        private static CompletionMethodSpec? ParseCompletions(IMethodSymbol method, System.Collections.Immutable.ImmutableArray<AttributeData> attributes, LocationInfo? location, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            string methodDisplay = method.ContainingType.Name + "." + method.Name;
            string subject = $"completion method '{methodDisplay}'";
            var targets = new List<(string? Prompt, string? Template, string Argument)>();
            foreach (var attribute in attributes)
            {
                var named = attribute.NamedArguments.ToDictionary(a => a.Key, a => a.Value);
                string? Named(string key) => named.TryGetValue(key, out var value) ? value.Value as string : null;
                string? prompt = Named("Prompt"), template = Named("ResourceTemplate"), argument = Named("Argument");
                if (string.IsNullOrEmpty(argument) || string.IsNullOrEmpty(prompt) == string.IsNullOrEmpty(template))
                {
                    diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedMethodShape, location, methodDisplay, "a completion", "set Argument and exactly one of Prompt and ResourceTemplate on [McpCompletion]"));
                    continue;
                }

                targets.Add((prompt, template, argument!));
            }

            var spec = ParseMethod(method, subject, "a completion", location, diagnostics,
                special: parameter =>
                {
                    if (parameter.Type.SpecialType == SpecialType.System_String)
                    {
                        return parameter.Name == "value"
                            ? new ParameterSpec(parameter.Name, ParameterSource.CompletionValue, null, "string", null, true, null, null)
                            : new ParameterSpec(parameter.Name, ParameterSource.ContextArgument, null, "string", null, false, null, null);
                    }

                    return parameter.Type is INamedTypeSymbol { IsGenericType: true } dictionary
                        && TypeModelBuilder.MetadataName(dictionary.ConstructedFrom) == "System.Collections.Generic.IReadOnlyDictionary`2"
                        && dictionary.TypeArguments.All(a => a.SpecialType == SpecialType.System_String)
                        ? new ParameterSpec(parameter.Name, ParameterSource.ContextArguments, null, TypeModelBuilder.TypeName(dictionary), null, true, null, null)
                        : null;
                },
                bindArgument: (parameter, parameterLocation) =>
                {
                    diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedParameterType, parameterLocation, parameter.Name, subject,
                        "completion methods take 'string value' (what was typed), other arguments by name as strings, an IReadOnlyDictionary<string, string> of them, a CancellationToken, McpRequestContext and services"));
                    return null;
                },
                allowToolContext: false, cancellationToken, servesRequest: false);

            var (inner, isAsync, isBareTask) = Unwrap(method.ReturnType);
            bool returnsCompletion = DerivesFrom(inner, "ModelContextProtocol.Protocol.Completion");
            if (isBareTask || (!returnsCompletion && (inner.SpecialType == SpecialType.System_String || !EnumerableOf(inner, t => t.SpecialType == SpecialType.System_String))))
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedReturnType, location, subject, "return IEnumerable<string> or Completion, or a Task/ValueTask of one"));
                return null;
            }

            if (spec is null)
            {
                return null;
            }

            return new CompletionMethodSpec(targets.Select(t => new CompletionSpec(t.Prompt, t.Template, t.Argument, spec, returnsCompletion, isAsync)).ToEquatableArray());
        }

        private static ResourceListSpec? ParseResourceList(IMethodSymbol method, AttributeData attribute, LocationInfo? location, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            string methodDisplay = method.ContainingType.Name + "." + method.Name;
            string subject = $"resource listing '{methodDisplay}'";
            var spec = ParseMethod(method, subject, "a resource listing", location, diagnostics, special: null,
                bindArgument: (parameter, parameterLocation) =>
                {
                    diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedParameterType, parameterLocation, parameter.Name, subject, "resource listings take only a CancellationToken, McpRequestContext and services"));
                    return null;
                },
                allowToolContext: false, cancellationToken, servesRequest: false);

            var (inner, isAsync, isBareTask) = Unwrap(method.ReturnType);
            bool isResource(ITypeSymbol t) => DerivesFrom(t, "ModelContextProtocol.Protocol.Resource");
            bool streamed = !isAsync && inner is INamedTypeSymbol { IsGenericType: true } stream
                && TypeModelBuilder.MetadataName(stream.ConstructedFrom) == "System.Collections.Generic.IAsyncEnumerable`1" && isResource(stream.TypeArguments[0]);
            if (isBareTask || (!streamed && !EnumerableOf(inner, isResource)))
            {
                diagnostics.Add(Diagnostic(DiagnosticIds.UnsupportedReturnType, location, subject, "return IEnumerable<Resource> or IAsyncEnumerable<Resource>, or a Task/ValueTask of an IEnumerable<Resource>"));
                return null;
            }

            if (spec is null)
            {
                return null;
            }

            var named = attribute.NamedArguments.ToDictionary(a => a.Key, a => a.Value);
            return new ResourceListSpec(
                spec,
                named.TryGetValue("TimeToLiveMs", out var ttl) && ttl.Value is long ms ? Math.Max(0, ms) : 0,
                named.TryGetValue("CacheScope", out var scope) && scope.Value is int s ? (CacheScope)s : CacheScope.Unspecified);
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

        /// <summary>How a resource method's return value becomes contents, or why it cannot.</summary>
        private readonly record struct ResourceReturn(ResourceReturnKind Kind, bool IsAsync, TypeRefSpec? Type, string? Problem);

        /// <summary>A type without its <c>Task</c>/<c>ValueTask</c>.</summary>
        /// <param name="IsBareTask">The type was a non-generic <c>Task</c> or <c>ValueTask</c>.</param>
        private readonly record struct UnwrappedType(ITypeSymbol Type, bool IsAsync, bool IsBareTask);
    }
}
