using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen.SourceGeneration.Analyzers;
using McpGen.SourceGeneration.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace McpGen.CodeFixes;

/// <summary>
/// MCPG7001: adds McpGen's attribute next to the official SDK's, carrying what both define. The SDK's name becomes
/// McpGen's explicit name, so clients see the same tool; title, hints and MIME type are copied as written. The SDK's
/// attribute stays until the registration moves to McpGen (<c>WithMcpGen&lt;TServer&gt;()</c> or <c>MapMcp</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddMcpGenAttributeFixer))]
[Shared]
public sealed class AddMcpGenAttributeFixer : CodeFixProvider
{
    private const string EquivalenceKey = "McpGen.AddMcpGenAttribute";

    // The SDK's named arguments McpGen's attributes take under the same name, and the one that becomes the first argument.
    private static readonly Dictionary<string, (string Positional, string[] Copied)> s_mapping = new()
    {
        ["McpTool"] = ("Name", ["Title", "ReadOnly", "Destructive", "Idempotent", "OpenWorld"]),
        ["McpPrompt"] = ("Name", ["Title"]),
        ["McpResource"] = ("UriTemplate", ["Name", "Title", "MimeType"]),
    };

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SdkAttributeOnly);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<AttributeSyntax>() is not { } sdkAttribute
                || sdkAttribute.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method
                || !diagnostic.Properties.TryGetValue(SdkMigrationAnalyzer.McpGenAttributeProperty, out var name) || name is null
                || !s_mapping.TryGetValue(name, out var mapping))
            {
                continue;
            }

            // A resource without a URI template has nothing McpGen could serve it at; the fix is not offered.
            if (name == "McpResource" && Argument(sdkAttribute, mapping.Positional) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Add McpGen's [{name}]", ct => AddAsync(context.Document, method, sdkAttribute, name, mapping, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> AddAsync(Document document, MethodDeclarationSyntax method, AttributeSyntax sdkAttribute, string name, (string Positional, string[] Copied) mapping, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var arguments = new List<AttributeArgumentSyntax>();
        if (Argument(sdkAttribute, mapping.Positional) is { } positional)
        {
            arguments.Add(SyntaxFactory.AttributeArgument(positional.Expression));
        }

        foreach (string copied in mapping.Copied)
        {
            if (Argument(sdkAttribute, copied) is { } argument)
            {
                arguments.Add(SyntaxFactory.AttributeArgument(
                    SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName(copied)), nameColon: null, argument.Expression));
            }
        }

        var attribute = SyntaxFactory.Attribute(
            SyntaxFactory.IdentifierName(name),
            arguments.Count == 0 ? null : SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(arguments)));
        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute));

        // Right after the SDK's attribute list, on its own line.
        var sdkList = (AttributeListSyntax)sdkAttribute.Parent!;
        int index = method.AttributeLists.IndexOf(sdkList);
        var updated = method.WithAttributeLists(method.AttributeLists.Insert(index + 1, list.WithAdditionalAnnotations(Formatter.Annotation)));
        return document.WithSyntaxRoot(WithMcpGenUsing(root!.ReplaceNode(method, updated)));
    }

    /// <summary>Adds <c>using McpGen;</c>, in order, when the file does not have it.</summary>
    private static SyntaxNode WithMcpGenUsing(SyntaxNode root)
    {
        if (root is not CompilationUnitSyntax unit || unit.Usings.Any(u => u.Name?.ToString() == "McpGen"))
        {
            return root;
        }

        // The file's own line ending.
        var endOfLine = unit.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("McpGen")).NormalizeWhitespace()
            .WithTrailingTrivia(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.LineFeed);
        // After the System namespaces (dotnet_sort_system_directives_first) and the ones that sort before it.
        int index = unit.Usings.Count;
        for (int i = 0; i < unit.Usings.Count; i++)
        {
            var existing = unit.Usings[i];
            string name = existing.Name?.ToString() ?? "";
            if (existing.StaticKeyword != default || existing.Alias is not null
                || (!name.StartsWith("System", System.StringComparison.Ordinal) && string.CompareOrdinal(name, "McpGen") > 0))
            {
                index = i;
                break;
            }
        }

        if (index == 0 && unit.Usings.Count > 0)
        {
            // Keep the file's leading trivia (a header comment) in front of the first using.
            var first = unit.Usings[0];
            directive = directive.WithLeadingTrivia(first.GetLeadingTrivia());
            unit = unit.ReplaceNode(first, first.WithLeadingTrivia());
        }

        return unit.WithUsings(unit.Usings.Insert(index, directive));
    }

    private static AttributeArgumentSyntax? Argument(AttributeSyntax attribute, string name) =>
        attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
}
