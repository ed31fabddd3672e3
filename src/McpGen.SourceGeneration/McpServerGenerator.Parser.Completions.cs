using System.Collections.Generic;
using System.Linq;
using System.Threading;
using McpGen.SourceGeneration.Diagnostics;
using McpGen.SourceGeneration.Model;
using Microsoft.CodeAnalysis;

namespace McpGen.SourceGeneration;

// Completions: [McpCompletion] methods.
public sealed partial class McpServerGenerator
{
    internal static partial class Parser
    {
        public static ParseResult<CompletionMethodSpec> ParseCompletions(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            Run<CompletionMethodSpec>(context, (method, location, diagnostics) => ParseCompletions(method, context.Attributes, location, diagnostics, cancellationToken));

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
    }
}
