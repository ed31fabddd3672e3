using System.Collections.Generic;
using System.Linq;
using System.Threading;
using McpGen.SourceGeneration.Diagnostics;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpGen.SourceGeneration;

// Elicitation forms: every McpInput.Elicit<T> call site names a form type; its requested schema and reader are
// generated once per type and registered from a module initializer, so the runtime never reflects over T.
public sealed partial class McpServerGenerator
{
    /// <summary>Cheap syntax test: <c>x.Elicit&lt;T&gt;(…)</c>. Only these reach the semantic model.</summary>
    private static bool IsElicitCall(SyntaxNode node, CancellationToken cancellationToken) =>
        node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: GenericNameSyntax { Identifier.ValueText: "Elicit", TypeArgumentList.Arguments.Count: 1 } } };

    private static ParseResult<FormSpec> ParseForm(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        if (context.SemanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol { Name: "Elicit", TypeArguments.Length: 1 } method
            || method.ContainingType is not { } containing
            || TypeModelBuilder.MetadataName(containing) != "McpGen.McpInput")
        {
            return new ParseResult<FormSpec>(null, default);
        }

        var type = method.TypeArguments[0];
        if (type is ITypeParameterSymbol || type.TypeKind == Microsoft.CodeAnalysis.TypeKind.Error)
        {
            // A generic caller's T is known only at run time, where Elicit explains that no form was generated.
            return new ParseResult<FormSpec>(null, default);
        }

        var location = LocationInfo.From(((MemberAccessExpressionSyntax)invocation.Expression).Name.GetLocation());
        var types = new TypeModelBuilder(context.SemanticModel.Compilation, cancellationToken);
        var model = types.Build(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), out string? problem);
        string? schema = null;
        if (model is { Kind: JsonShape.Object } && types.GetObject(model.ObjectKey!) is { } spec)
        {
            schema = SchemaBuilder.ForForm(spec, out problem);
        }
        else
        {
            problem ??= "a form is a record, class or struct whose public properties are its fields";
        }

        if (schema is not null && !context.SemanticModel.Compilation.IsSymbolAccessibleWithin(type, context.SemanticModel.Compilation.Assembly))
        {
            problem = "generated code must reach it: make it public or internal, in public or internal types";
            schema = null;
        }

        if (schema is null)
        {
            var diagnostic = new DiagnosticInfo(DiagnosticIds.UnsupportedFormType, location, new[] { type.ToDisplayString(), problem! }.ToEquatableArray());
            return new ParseResult<FormSpec>(null, new[] { diagnostic }.ToEquatableArray());
        }

        return new ParseResult<FormSpec>(new FormSpec(model!.ObjectKey!, model, schema, types.Objects.ToEquatableArray()), default);
    }

    /// <summary>One spec per form type, in a deterministic order.</summary>
    private static EquatableArray<FormSpec> DistinctForms(IEnumerable<FormSpec> forms) =>
        forms.GroupBy(f => f.Key).Select(g => g.First()).OrderBy(f => f.Key, System.StringComparer.Ordinal).ToEquatableArray();
}
