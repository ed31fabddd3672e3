using System;
using System.Collections.Generic;
using System.Linq;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using static McpGen.SourceGeneration.Emitters.GlobalNames;

namespace McpGen.SourceGeneration.Emitters;

/// <summary>Completions: the handler of each argument (its <c>[McpCompletion]</c> method, else its enum or boolean values).</summary>
internal sealed class CompletionEmitter
{
    private readonly EmitContext _ctx;
    private readonly EquatableArray<CompletionSpec> _completions;
    private readonly Dictionary<MethodSpec, string> _names = new();

    /// <summary>Names each completion method once, however many arguments it completes.</summary>
    public CompletionEmitter(EmitContext ctx, EquatableArray<CompletionSpec> completions)
    {
        _ctx = ctx;
        _completions = completions;
        foreach (var completion in completions)
        {
            if (!_names.ContainsKey(completion.Method))
            {
                _names[completion.Method] = ctx.UniqueName("Complete_", completion.Method.MethodName);
            }
        }
    }

    /// <summary>Each completion method's handler, once per method.</summary>
    public void EmitHandlers(SourceWriter w)
    {
        foreach (var completion in _completions.GroupBy(c => c.Method).Select(g => g.First()))
        {
            w.WriteLine();
            EmitCompletion(w, completion, _names[completion.Method]);
        }
    }

    /// <summary>The completion handler of an argument: its [McpCompletion] method, else its enum or boolean values.</summary>
    public string? CompletionFor(TypeRefSpec type, Func<CompletionSpec, bool> target)
    {
        var method = _completions.FirstOrDefault(target);
        if (method is not null)
        {
            return _names[method.Method];
        }

        var inner = type.Kind == JsonShape.Nullable ? type.Element! : type;
        string[]? values = inner.Kind switch
        {
            JsonShape.Enum => inner.EnumMembers.Select(m => m.JsonName).Distinct().ToArray(),
            JsonShape.Boolean => ["true", "false"],
            _ => null,
        };
        if (values is null)
        {
            return null;
        }

        string name = inner.Kind == JsonShape.Enum ? Naming.Identifier(inner.TypeName.Replace("global::", string.Empty)) : "Boolean";
        _ctx.CompletionValues[name] = values;
        return "CompleteValues_" + name;
    }

    /// <summary>A completion handler: calls the method and turns its result into a <c>Completion</c>.</summary>
    private static void EmitCompletion(SourceWriter w, CompletionSpec completion, string name)
    {
        var method = completion.Method;
        w.WriteLine($"// Completion: {InvocationEmitter.Display(method)}");
        bool isAsync = completion.IsAsync || method.IsAsyncDisposable;
        w.OpenBlock($"private static {(isAsync ? "async " : string.Empty)}{ValueTask}<{CompletionType}> {name}(global::McpGen.McpCompletionRequest request)");
        string from = "global::McpGen.Generated.McpCompletions.From(result)";
        InvocationEmitter.EmitInvocation(w, method, "request", completion.IsAsync, hasResult: true, isAsync ? $"return {from};" : $"return new({from});");
        w.CloseBlock();
    }
}
