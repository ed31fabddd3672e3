using System.Linq;
using Microsoft.CodeAnalysis;

namespace McpGen.SourceGeneration.Model;

/// <summary>Every valid primitive of the compilation, each kind in a deterministic order.</summary>
internal sealed record PrimitivesSpec(
    EquatableArray<ToolSpec> Tools,
    EquatableArray<ResourceSpec> Resources,
    EquatableArray<PromptSpec> Prompts,
    EquatableArray<CompletionSpec> Completions,
    EquatableArray<ResourceListSpec> ResourceLists)
{
    /// <summary>The same primitives without source locations, which only diagnostics need.</summary>
    public PrimitivesSpec WithoutLocations()
    {
        static MethodSpec Strip(MethodSpec method) => method with { Location = null };
        return new PrimitivesSpec(
            Tools.Select(t => t with { Method = Strip(t.Method) }).ToEquatableArray(),
            Resources.Select(r => r with { Method = Strip(r.Method) }).ToEquatableArray(),
            Prompts.Select(p => p with { Method = Strip(p.Method) }).ToEquatableArray(),
            Completions.Select(c => c with { Method = Strip(c.Method) }).ToEquatableArray(),
            ResourceLists.Select(l => l with { Method = Strip(l.Method) }).ToEquatableArray());
    }
}
