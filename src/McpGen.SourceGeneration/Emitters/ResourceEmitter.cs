using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using static McpGen.SourceGeneration.Emitters.CSharp;
using static McpGen.SourceGeneration.Emitters.GlobalNames;

namespace McpGen.SourceGeneration.Emitters;

/// <summary>Resources and resource templates: their descriptors, matchers, URI binders and read handlers.</summary>
internal sealed class ResourceEmitter
{
    private readonly EmitContext _ctx;
    private readonly EquatableArray<ResourceSpec> _resources;
    private readonly Dictionary<ResourceSpec, string> _names = new();

    /// <summary>Names each resource's members (<c>Match_*</c>, <c>BindUri_*</c>, <c>Read_*</c>), unique within the file.</summary>
    public ResourceEmitter(EmitContext ctx, EquatableArray<ResourceSpec> resources)
    {
        _ctx = ctx;
        _resources = resources;
        foreach (var resource in resources)
        {
            _names[resource] = ctx.UniqueName(string.Empty, resource.Name);
        }
    }

    public bool IsEmpty => _resources.Count == 0;

    /// <summary>The <c>Resources</c> and <c>ResourceTemplates</c> members of the definition.</summary>
    public void EmitDescriptors(SourceWriter w, CompletionEmitter completer)
    {
        EmitResources(w, "Resources", _resources.Where(r => !r.IsTemplate).ToList(), completer);
        EmitResources(w, "ResourceTemplates", _resources.Where(r => r.IsTemplate).ToList(), completer);
    }

    /// <summary>Each resource's matcher (templates), URI binder (when it has arguments) and read handler.</summary>
    public void EmitHandlers(SourceWriter w)
    {
        foreach (var resource in _resources)
        {
            w.WriteLine();
            EmitResource(w, resource, _names[resource]);
        }
    }

    /// <summary>One descriptor array of the definition: resources, or resource templates.</summary>
    private void EmitResources(SourceWriter w, string property, List<ResourceSpec> resources, CompletionEmitter completer)
    {
        if (resources.Count == 0)
        {
            return;
        }

        w.WriteLine($"{property} = new global::McpGen.McpResourceDescriptor[]");
        w.OpenBlock();
        foreach (var resource in resources)
        {
            string id = _names[resource];
            w.WriteLine(resource.IsTemplate
                ? $"new({Literal(resource.Uri)}, {Literal(resource.Name)}, static uri => Match_{id}(uri{string.Concat(resource.Variables.Select(_ => ", out _"))}), Read_{id})"
                : $"new({Literal(resource.Uri)}, {Literal(resource.Name)}, Read_{id})");
            w.OpenBlock();
            DescriptorMembers.Optional(w, "Title", resource.Title);
            DescriptorMembers.Optional(w, "Description", resource.Description);
            DescriptorMembers.Optional(w, "MimeType", resource.MimeType ?? DefaultMimeType(resource.ReturnKind));
            if (resource.TimeToLiveMs >= 0)
            {
                w.WriteLine($"TimeToLive = global::System.TimeSpan.FromMilliseconds({resource.TimeToLiveMs.ToString(CultureInfo.InvariantCulture)}),");
            }

            if (resource.CacheScope != Model.CacheScope.Unspecified)
            {
                w.WriteLine($"CacheScope = {DescriptorMembers.CacheScopeExpression(resource.CacheScope)},");
            }

            if (resource.Method.UsesServices)
            {
                w.WriteLine("UsesServices = true,");
            }

            DescriptorMembers.RequiredScopes(w, resource.Method);

            if (resource.IsTemplate)
            {
                w.WriteLine($"Variables = new string[] {{ {string.Join(", ", resource.Variables.Select(Literal))} }},");
                var completions = new List<string>();
                foreach (string variable in resource.Variables)
                {
                    var parameter = resource.Method.Parameters.FirstOrDefault(p => p.Source == ParameterSource.Argument && p.Name == variable);
                    if (parameter is not null && completer.CompletionFor(parameter.Type!, c => c.ResourceTemplate == resource.Uri && c.Argument == variable) is { } completion)
                    {
                        completions.Add($"[{Literal(variable)}] = {completion},");
                    }
                }

                if (completions.Count > 0)
                {
                    w.WriteLine("Completions = new global::System.Collections.Generic.Dictionary<string, global::McpGen.McpCompletionHandler>(global::System.StringComparer.Ordinal)");
                    w.OpenBlock();
                    foreach (string completion in completions)
                    {
                        w.WriteLine(completion);
                    }

                    w.CloseBlock(",");
                }
            }

            w.CloseBlock(",");
        }

        w.CloseBlock(",");
    }

    /// <summary>A resource's matcher (templates), URI binder (when it has arguments) and read handler.</summary>
    private void EmitResource(SourceWriter w, ResourceSpec resource, string id)
    {
        var method = resource.Method;
        var arguments = InvocationEmitter.Arguments(method);
        w.WriteLine($"// {(resource.IsTemplate ? "Resource template" : "Resource")} '{resource.Uri}': {InvocationEmitter.Display(method)}");
        if (resource.IsTemplate)
        {
            UriTemplateMatcherEmitter.Emit(w, resource, id);
            w.WriteLine();
        }

        if (arguments.Count > 0)
        {
            ArgumentBinderEmitter.EmitUriBinder(_ctx, w, resource, id, arguments);
            w.WriteLine();
        }

        bool stream = resource.ReturnKind == ResourceReturnKind.Stream;
        bool isAsync = resource.IsAsync || stream || method.IsAsyncDisposable;
        w.OpenBlock($"private static {(isAsync ? "async " : string.Empty)}{ValueTask} Read_{id}(global::McpGen.McpResourceRead read)");
        if (arguments.Count > 0)
        {
            w.WriteLine($"BindUri_{id}(read{string.Concat(arguments.Select(a => ", out var a_" + a.Name))});");
        }

        string write = ResultWriterEmitter.ResourceResult(_ctx, resource);
        InvocationEmitter.EmitInvocation(w, method, "read", resource.IsAsync, hasResult: true, write);
        if (!isAsync)
        {
            w.WriteLine("return default;");
        }

        w.CloseBlock();
    }

    /// <summary>The MIME type implied by the return type, when the attribute sets none.</summary>
    private static string? DefaultMimeType(ResourceReturnKind kind) => kind switch
    {
        ResourceReturnKind.Text or ResourceReturnKind.Primitive => "text/plain",
        ResourceReturnKind.Json => "application/json",
        ResourceReturnKind.Bytes or ResourceReturnKind.Memory or ResourceReturnKind.Stream => "application/octet-stream",
        _ => null,
    };
}
