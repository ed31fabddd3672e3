using System.Collections.Generic;
using System.Linq;
using System.Threading;
using McpGen.SourceGeneration.Diagnostics;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using Microsoft.CodeAnalysis;

namespace McpGen.SourceGeneration;

// Prompts: [McpPrompt] methods.
public sealed partial class McpServerGenerator
{
    internal static partial class Parser
    {
        public static ParseResult<PromptSpec> ParsePrompt(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            Run<PromptSpec>(context, (method, location, diagnostics) => ParsePrompt(method, context.SemanticModel.Compilation, context.Attributes[0], location, diagnostics, cancellationToken));

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
    }
}
