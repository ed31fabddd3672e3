using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using McpGen.SourceGeneration.Diagnostics;
using McpGen.SourceGeneration.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace McpGen.SourceGeneration;

/// <summary>
/// Generates, for every <c>[McpServer]</c> partial class, its compiled definition: tool descriptors with JSON schemas
/// computed at compile time, reflection-free argument binders and result writers, and stdio entry points.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class McpServerGenerator : IIncrementalGenerator
{
    private static readonly string s_version = typeof(McpServerGenerator).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // One spec per [McpTool] method, schemas included: the expensive work is done per method, so editing one tool
        // re-parses only that tool, and an edit that leaves the spec equal (a method body) stops here.
        var tools = context.SyntaxProvider
            .ForAttributeWithMetadataName("McpGen.McpToolAttribute", static (node, _) => node is MethodDeclarationSyntax, Parser.ParseTool)
            .WithTrackingName(TrackingNames.Tools);

        // One spec per [McpServer] class: identity only.
        var servers = context.SyntaxProvider
            .ForAttributeWithMetadataName("McpGen.McpServerAttribute", static (node, _) => node is ClassDeclarationSyntax, Parser.ParseServer)
            .WithTrackingName(TrackingNames.Servers);

        // Diagnostics travel on their own outputs so source outputs are driven by model equality alone. Only when there
        // is something to report is the compilation consulted, to turn cached locations back into source locations
        // (clickable in the IDE and suppressible with #pragma).
        var compilation = context.CompilationProvider;
        context.RegisterSourceOutput(tools.Select(static (r, _) => r.Diagnostics).Where(static d => d.Count > 0).Combine(compilation), ReportDiagnostics);
        context.RegisterSourceOutput(servers.Select(static (r, _) => r.Diagnostics).Where(static d => d.Count > 0).Combine(compilation), ReportDiagnostics);

        // All valid tools, in a deterministic order. Combined with each server, this is what invalidates a server's
        // output when any tool of the assembly changes shape.
        var allTools = tools
            .Select(static (r, _) => r.Tool)
            .Where(static t => t is not null)
            .Collect()
            .Select(static (list, _) => list.Select(t => t!).OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.ContainingTypeKey, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.AllTools);

        var models = servers
            .Select(static (r, _) => r.Server)
            .Where(static s => s is not null)
            .Combine(allTools)
            .Select(static (pair, _) => BuildModel(pair.Left!, pair.Right))
            .WithTrackingName(TrackingNames.ServerModels);

        context.RegisterSourceOutput(models.Select(static (m, _) => m.Diagnostics).Where(static d => d.Count > 0).Combine(compilation), ReportDiagnostics);
        context.RegisterSourceOutput(models, static (spc, model) =>
        {
            string source;
            try
            {
                source = Emitter.Emit(model.Server, model.Tools, s_version);
            }
            catch (Exception ex)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, model.Server.Location?.ToLocation(), model.Server.ClassName, ex.GetType().Name + ": " + ex.Message));
                return;
            }

            spc.AddSource(model.Server.HintName + ".McpServer.g.cs", SourceText.From(source, System.Text.Encoding.UTF8));
        });
    }

    /// <summary>The tools of one server: those of its <c>ToolTypes</c> (or all), without duplicates.</summary>
    internal static ServerModel BuildModel(ServerSpec server, EquatableArray<ToolSpec> tools)
    {
        var selected = new List<ToolSpec>();
        var diagnostics = new List<DiagnosticInfo>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            if (server.RestrictsToolTypes && !server.ToolTypes.Items.Contains(tool.ContainingTypeKey))
            {
                continue;
            }

            if (!names.Add(tool.Name))
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticIds.DuplicateToolName, tool.Location, new[] { server.Name, tool.Name }.ToEquatableArray()));
                continue;
            }

            selected.Add(tool);
        }

        return new ServerModel(server, selected.ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    private static void ReportDiagnostics(SourceProductionContext context, (EquatableArray<DiagnosticInfo> Diagnostics, Compilation Compilation) input)
    {
        foreach (var diagnostic in input.Diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic(input.Compilation));
        }
    }
}

/// <summary>A server with the tools that belong to it; what one generated file is made from.</summary>
internal sealed record ServerModel(ServerSpec Server, EquatableArray<ToolSpec> Tools, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Names of the tracked pipeline steps, for incremental-caching tests.</summary>
internal static class TrackingNames
{
    public const string Tools = nameof(Tools);
    public const string Servers = nameof(Servers);
    public const string AllTools = nameof(AllTools);
    public const string ServerModels = nameof(ServerModels);
}
