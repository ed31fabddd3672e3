using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using McpGen.SourceGeneration.Diagnostics;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpGen.SourceGeneration;

// Tools: [McpTool] methods, their arguments, return values, headers and task policy.
public sealed partial class McpServerGenerator
{
    internal static partial class Parser
    {
        public static ParseResult<ToolSpec> ParseTool(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
            Run<ToolSpec>(context, (method, location, diagnostics) => ParseTool(method, context.SemanticModel.Compilation, context.Attributes[0], location, diagnostics, cancellationToken));

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
        internal static string? HeaderParameter(IParameterSymbol parameter, TypeRefSpec type, LocationInfo? location, string subject, List<HeaderParameterSpec> headers, List<DiagnosticInfo> diagnostics)
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
    }
}
