using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using McpGen.SourceGeneration.Diagnostics;
using McpGen.SourceGeneration.Emitters;
using McpGen.SourceGeneration.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace McpGen.SourceGeneration;

/// <summary>
/// Generates, for every <c>[McpServer]</c> partial class, its compiled definition: tool, resource, prompt and completion
/// descriptors with JSON schemas and URI template matchers computed at compile time, reflection-free argument binders
/// and result writers, and stdio entry points.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class McpServerGenerator : IIncrementalGenerator
{
    private static readonly string s_version = typeof(McpServerGenerator).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // One spec per attributed method, schemas and matchers included: the expensive work is done per method, so
        // editing one method re-parses only it, and an edit that leaves its spec equal (a method body) stops there.
        var tools = context.SyntaxProvider
            .ForAttributeWithMetadataName("McpGen.McpToolAttribute", IsMethod, Parser.ParseTool)
            .WithTrackingName(TrackingNames.Tools);
        var resources = context.SyntaxProvider
            .ForAttributeWithMetadataName("McpGen.McpResourceAttribute", IsMethod, Parser.ParseResource)
            .WithTrackingName(TrackingNames.Resources);
        var prompts = context.SyntaxProvider
            .ForAttributeWithMetadataName("McpGen.McpPromptAttribute", IsMethod, Parser.ParsePrompt)
            .WithTrackingName(TrackingNames.Prompts);
        var completions = context.SyntaxProvider
            .ForAttributeWithMetadataName("McpGen.McpCompletionAttribute", IsMethod, Parser.ParseCompletions)
            .WithTrackingName(TrackingNames.Completions);
        var resourceLists = context.SyntaxProvider
            .ForAttributeWithMetadataName("McpGen.McpResourceListAttribute", IsMethod, Parser.ParseResourceList)
            .WithTrackingName(TrackingNames.ResourceLists);

        // One spec per [McpServer] class: identity only.
        var servers = context.SyntaxProvider
            .ForAttributeWithMetadataName("McpGen.McpServerAttribute", static (node, _) => node is ClassDeclarationSyntax, Parser.ParseServer)
            .WithTrackingName(TrackingNames.Servers);

        // Diagnostics travel on their own outputs so source outputs are driven by model equality alone. Only when there
        // is something to report is the compilation consulted, to turn cached locations back into source locations
        // (clickable in the IDE and suppressible with #pragma).
        var compilation = context.CompilationProvider;
        void Report<T>(IncrementalValuesProvider<ParseResult<T>> results)
            where T : class =>
            context.RegisterSourceOutput(results.Select(static (r, _) => r.Diagnostics).Where(static d => d.Count > 0).Combine(compilation), ReportDiagnostics);
        Report(tools);
        Report(resources);
        Report(prompts);
        Report(completions);
        Report(resourceLists);
        Report(servers);

        // Elicitation forms, one file for the assembly; emitted only when some call site asks for one.
        var forms = context.SyntaxProvider
            .CreateSyntaxProvider(IsElicitCall, ParseForm)
            .WithTrackingName(TrackingNames.Forms);
        Report(forms);
        var formSet = forms
            .Select(static (r, _) => r.Value)
            .Where(static f => f is not null)
            .Collect()
            .Select(static (all, _) => DistinctForms(all!));
        context.RegisterSourceOutput(formSet, static (spc, set) =>
        {
            if (set.Count > 0)
            {
                spc.AddSource("McpGen.Forms.g.cs", SourceText.From(FormEmitter.Emit(set, s_version), System.Text.Encoding.UTF8));
            }
        });

        // All valid primitives, each kind in a deterministic order. Combined with each server, this is what
        // invalidates a server's output when any primitive of the assembly changes shape.
        var allPrimitives = Sorted(tools, static t => t.Name + "\n" + t.Method.ContainingTypeKey)
            .Combine(Sorted(resources, static r => r.Uri + "\n" + r.Method.ContainingTypeKey))
            .Combine(Sorted(prompts, static p => p.Name + "\n" + p.Method.ContainingTypeKey))
            .Combine(Sorted(completions, static c => c.Completions.Count > 0 ? c.Completions[0].Method.ContainingTypeKey + "." + c.Completions[0].Method.MethodName : string.Empty))
            .Combine(Sorted(resourceLists, static l => l.Method.ContainingTypeKey + "." + l.Method.MethodName))
            .Select(static (all, _) => new PrimitivesSpec(
                all.Left.Left.Left.Left,
                all.Left.Left.Left.Right,
                all.Left.Left.Right,
                all.Left.Right.SelectMany(c => c.Completions).ToEquatableArray(),
                all.Right))
            .WithTrackingName(TrackingNames.AllPrimitives);

        // Source locations only serve diagnostics: an edit that shifts a later method (a longer body above it) must not
        // regenerate the server, so code is generated from location-free models and server-level diagnostics
        // (duplicates, completion targets) come from a parallel, diagnostics-only branch.
        var validServers = servers.Select(static (r, _) => r.Value).Where(static s => s is not null);
        var models = validServers
            .Combine(allPrimitives.Select(static (p, _) => p.WithoutLocations()))
            .Select(static (pair, _) => BuildModel(pair.Left!, pair.Right))
            .WithTrackingName(TrackingNames.ServerModels);
        var serverDiagnostics = validServers
            .Combine(allPrimitives)
            .Select(static (pair, _) => BuildModel(pair.Left!, pair.Right).Diagnostics);

        context.RegisterSourceOutput(serverDiagnostics.Where(static d => d.Count > 0).Combine(compilation), ReportDiagnostics);
        context.RegisterSourceOutput(models, static (spc, model) =>
        {
            string source;
            try
            {
                source = ServerDefinitionEmitter.Emit(model.Server, model.Primitives, s_version);
            }
            catch (Exception ex)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, model.Server.Location?.ToLocation(), model.Server.ClassName, ex.GetType().Name + ": " + ex.Message));
                return;
            }

            spc.AddSource(model.Server.HintName + ".McpServer.g.cs", SourceText.From(source, System.Text.Encoding.UTF8));
        });

        // Manifests (server.json, client configuration) are written by the built application itself, only in builds
        // that ask for them (McpGenWriteManifests=true): other builds get no module initializer at all.
        var writeManifests = context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
            options.GlobalOptions.TryGetValue("build_property.McpGenWriteManifests", out string? value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase));
        var serverTypes = validServers
            .Select(static (server, _) => ServerDefinitionEmitter.FullTypeName(server!))
            .Collect()
            .Select(static (names, _) => names.OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray());
        context.RegisterSourceOutput(serverTypes.Combine(writeManifests), static (spc, pair) =>
        {
            if (pair.Right && pair.Left.Count > 0)
            {
                spc.AddSource("McpGen.Manifests.g.cs", SourceText.From(ManifestEmitter.Emit(pair.Left, s_version), System.Text.Encoding.UTF8));
            }
        });
    }

    private static bool IsMethod(SyntaxNode node, System.Threading.CancellationToken cancellationToken) => node is MethodDeclarationSyntax;

    private static IncrementalValueProvider<EquatableArray<T>> Sorted<T>(IncrementalValuesProvider<ParseResult<T>> results, Func<T, string> key)
        where T : class, IEquatable<T> =>
        results
            .Select(static (r, _) => r.Value)
            .Where(static v => v is not null)
            .Collect()
            .Select((list, _) => list.Select(v => v!).OrderBy(key, StringComparer.Ordinal).ToEquatableArray());

    /// <summary>
    /// The primitives of one server: those of its <c>Types</c> (or all), without duplicates; completions must name a
    /// prompt argument or template variable the server has.
    /// </summary>
    internal static ServerModel BuildModel(ServerSpec server, PrimitivesSpec all)
    {
        var diagnostics = new List<DiagnosticInfo>();
        bool Belongs(MethodSpec method) => !server.RestrictsTypes || server.Types.Items.Contains(method.ContainingTypeKey);
        List<T> Unique<T>(IEnumerable<T> items, Func<T, MethodSpec> method, Func<T, string> key, Func<T, string> what)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var result = new List<T>();
            foreach (var item in items)
            {
                if (!Belongs(method(item)))
                {
                    continue;
                }

                if (!seen.Add(key(item)))
                {
                    diagnostics.Add(new DiagnosticInfo(DiagnosticIds.DuplicateToolName, method(item).Location, new[] { server.Name, what(item), key(item) }.ToEquatableArray()));
                    continue;
                }

                result.Add(item);
            }

            return result;
        }

        var tools = Unique(all.Tools, t => t.Method, t => t.Name, _ => "tool named");
        var resources = Unique(all.Resources, r => r.Method, r => r.Uri, r => r.IsTemplate ? "resource template" : "resource with the URI");
        var prompts = Unique(all.Prompts, p => p.Method, p => p.Name, _ => "prompt named");
        var completions = Unique(all.Completions, c => c.Method, c => (c.Prompt is not null ? "prompt '" + c.Prompt : "resource template '" + c.ResourceTemplate) + "' argument '" + c.Argument + "'", _ => "completion method for");
        var valid = new List<CompletionSpec>();
        foreach (var completion in completions)
        {
            bool found = completion.Prompt is not null
                ? prompts.Any(p => p.Name == completion.Prompt && p.Method.Parameters.Any(a => a.Source == ParameterSource.Argument && a.Name == completion.Argument))
                : resources.Any(r => r.IsTemplate && r.Uri == completion.ResourceTemplate && r.Variables.Items.Contains(completion.Argument));
            if (!found)
            {
                string target = completion.Prompt is not null
                    ? $"argument '{completion.Argument}' of prompt '{completion.Prompt}'"
                    : $"variable '{completion.Argument}' of resource template '{completion.ResourceTemplate}'";
                diagnostics.Add(new DiagnosticInfo(DiagnosticIds.CompletionTargetNotFound, completion.Method.Location,
                    new[] { completion.Method.ContainingTypeName.Replace("global::", string.Empty) + "." + completion.Method.MethodName, target, server.Name }.ToEquatableArray()));
                continue;
            }

            valid.Add(completion);
        }

        var primitives = new PrimitivesSpec(
            tools.ToEquatableArray(),
            resources.ToEquatableArray(),
            prompts.ToEquatableArray(),
            valid.ToEquatableArray(),
            all.ResourceLists.Where(l => Belongs(l.Method)).ToEquatableArray());
        return new ServerModel(server, primitives, diagnostics.ToEquatableArray());
    }

    private static void ReportDiagnostics(SourceProductionContext context, (EquatableArray<DiagnosticInfo> Diagnostics, Compilation Compilation) input)
    {
        foreach (var diagnostic in input.Diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic(input.Compilation));
        }
    }
}

/// <summary>A server with the primitives that belong to it; what one generated file is made from.</summary>
internal sealed record ServerModel(ServerSpec Server, PrimitivesSpec Primitives, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Names of the tracked pipeline steps, for incremental-caching tests.</summary>
internal static class TrackingNames
{
    public const string Tools = nameof(Tools);
    public const string Servers = nameof(Servers);
    public const string Resources = nameof(Resources);
    public const string Prompts = nameof(Prompts);
    public const string Completions = nameof(Completions);
    public const string ResourceLists = nameof(ResourceLists);
    public const string AllPrimitives = nameof(AllPrimitives);
    public const string ServerModels = nameof(ServerModels);
    public const string Forms = nameof(Forms);
    public const string Clients = nameof(Clients);
    public const string ClientImports = nameof(ClientImports);
}
