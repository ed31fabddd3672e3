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

// Servers: [McpServer] classes, their identity and server card.
public sealed partial class McpServerGenerator
{
    internal static partial class Parser
    {
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
    }
}
