using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using static McpGen.SourceGeneration.Emitters.CSharp;

namespace McpGen.SourceGeneration.Emitters;

/// <summary>Resource listings (<c>[McpResourceList]</c>): their descriptors and handlers.</summary>
internal sealed class ResourceListEmitter
{
    private readonly EquatableArray<ResourceListSpec> _lists;
    private readonly Dictionary<ResourceListSpec, string> _names = new();

    /// <summary>Names each listing's handler (<c>List_*</c>), unique within the file.</summary>
    public ResourceListEmitter(EmitContext ctx, EquatableArray<ResourceListSpec> lists)
    {
        _lists = lists;
        foreach (var list in lists)
        {
            _names[list] = ctx.UniqueName("List_", list.Method.MethodName);
        }
    }

    public bool IsEmpty => _lists.Count == 0;

    /// <summary>The <c>ResourceLists</c> member of the definition.</summary>
    public void EmitDescriptors(SourceWriter w)
    {
        if (_lists.Count > 0)
        {
            w.WriteLine("ResourceLists = new global::McpGen.McpResourceListDescriptor[]");
            w.OpenBlock();
            foreach (var list in _lists)
            {
                var members = new List<string>();
                if (list.TimeToLiveMs > 0)
                {
                    members.Add($"TimeToLive = global::System.TimeSpan.FromMilliseconds({list.TimeToLiveMs.ToString(CultureInfo.InvariantCulture)})");
                }

                if (list.CacheScope != Model.CacheScope.Unspecified)
                {
                    members.Add("CacheScope = " + DescriptorMembers.CacheScopeExpression(list.CacheScope));
                }

                if (list.Method.UsesServices)
                {
                    members.Add("UsesServices = true");
                }

                if (list.Method.RequiredScopes.Count > 0)
                {
                    members.Add($"RequiredScopes = new string[] {{ {string.Join(", ", list.Method.RequiredScopes.Select(Literal))} }}");
                }

                w.WriteLine(members.Count == 0 ? $"new({_names[list]})," : $"new({_names[list]}) {{ {string.Join(", ", members)} }},");
            }

            w.CloseBlock(",");
        }
    }

    /// <summary>Each listing's handler: an async stream of the resources the method returns.</summary>
    public void EmitHandlers(SourceWriter w)
    {
        foreach (var list in _lists)
        {
            w.WriteLine();
            EmitResourceList(w, list, _names[list]);
        }
    }

    /// <summary>A listing handler.</summary>
    private static void EmitResourceList(SourceWriter w, ResourceListSpec list, string name)
    {
        var method = list.Method;
        w.WriteLine($"// Resource listing: {InvocationEmitter.Display(method)}");
        w.OpenBlock($"private static async global::System.Collections.Generic.IAsyncEnumerable<global::ModelContextProtocol.Protocol.Resource> {name}(global::McpGen.McpRequestContext context)");
        InvocationEmitter.EmitInvocation(w, method, "context", awaitCall: false, hasResult: true, $$"""
            await foreach (var item in global::McpGen.Generated.McpResourceLists.Enumerate(global::McpGen.Generated.McpResourceLists.From(result), context.CancellationToken))
            {
                yield return item;
            }
            """);
        w.CloseBlock();
    }
}
