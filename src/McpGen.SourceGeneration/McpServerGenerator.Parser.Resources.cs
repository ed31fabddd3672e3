using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using McpGen.SourceGeneration.Diagnostics;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using Microsoft.CodeAnalysis;

namespace McpGen.SourceGeneration;

// Resources: [McpResource] methods (resources and resource templates) and [McpResourceList] methods.
public sealed partial class McpServerGenerator
{
    internal static partial class Parser
    {
        public static ParseResult<ResourceSpec> ParseResource(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            Run<ResourceSpec>(context, (method, location, diagnostics) => ParseResource(method, context.SemanticModel.Compilation, context.Attributes[0], location, diagnostics, cancellationToken));

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

        public static ParseResult<ResourceListSpec> ParseResourceList(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            Run<ResourceListSpec>(context, (method, location, diagnostics) => ParseResourceList(method, context.Attributes[0], location, diagnostics, cancellationToken));

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

        /// <summary>How a resource method's return value becomes contents, or why it cannot.</summary>
        private readonly record struct ResourceReturn(ResourceReturnKind Kind, bool IsAsync, TypeRefSpec? Type, string? Problem);
    }
}
