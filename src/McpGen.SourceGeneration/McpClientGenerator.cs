using System;
using McpGen.SourceGeneration.Diagnostics;
using McpGen.SourceGeneration.Emitters;
using McpGen.SourceGeneration.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace McpGen.SourceGeneration;

/// <summary>
/// Implements every <c>[McpClient]</c> partial interface: each method becomes a <c>tools/call</c>,
/// <c>resources/read</c> or <c>prompts/get</c> on the remote server, with arguments written and results read by
/// generated code (the same JSON readers and writers as the server side), no reflection.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class McpClientGenerator : IIncrementalGenerator
{
    private static readonly string s_version = typeof(McpClientGenerator).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var clients = context.SyntaxProvider
            .ForAttributeWithMetadataName(ClientParser.ClientAttribute, static (node, _) => node is InterfaceDeclarationSyntax, ClientParser.Parse)
            .WithTrackingName(TrackingNames.Clients);

        // Imports: an AdditionalFiles item with McpClientInterface metadata (the McpClientImport item of McpGen.targets)
        // is a saved tools/list answer that becomes the interface, its types and its implementation.
        var imports = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) =>
            {
                var options = pair.Right.GetOptions(pair.Left);
                if (!options.TryGetValue("build_metadata.AdditionalFiles.McpClientInterface", out string? interfaceName) || string.IsNullOrWhiteSpace(interfaceName))
                {
                    return null;
                }

                string text = pair.Left.GetText(cancellationToken)?.ToString() ?? string.Empty;
                return ToolListImporter.Import(pair.Left.Path, text, interfaceName.Trim());
            })
            .Where(static r => r is not null)
            .WithTrackingName(TrackingNames.ClientImports);
        clients = clients.Collect().Combine(imports.Collect())
            .SelectMany(static (pair, _) => pair.Left.AddRange(pair.Right!));

        context.RegisterSourceOutput(
            clients.Select(static (r, _) => r.Diagnostics).Where(static d => d.Count > 0).Combine(context.CompilationProvider),
            static (spc, input) =>
            {
                foreach (var diagnostic in input.Left)
                {
                    spc.ReportDiagnostic(diagnostic.ToDiagnostic(input.Right));
                }
            });

        context.RegisterSourceOutput(clients.Select(static (r, _) => r.Value).Where(static c => c is not null), static (spc, client) =>
        {
            string source;
            try
            {
                source = ClientEmitter.Emit(client!, s_version);
            }
            catch (Exception ex)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, null, client!.InterfaceName, ex.GetType().Name + ": " + ex.Message));
                return;
            }

            spc.AddSource(client!.HintName + ".McpClient.g.cs", SourceText.From(source, System.Text.Encoding.UTF8));
        });
    }
}
