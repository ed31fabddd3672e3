using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using static McpGen.SourceGeneration.Emitters.CSharp;
using static McpGen.SourceGeneration.Emitters.GlobalNames;

namespace McpGen.SourceGeneration.Emitters;

/// <summary>Tools: their descriptors, argument binders and invokers.</summary>
internal sealed class ToolEmitter
{
    private readonly EmitContext _ctx;
    private readonly EquatableArray<ToolSpec> _tools;
    private readonly Dictionary<ToolSpec, string> _names = new();

    /// <summary>
    /// Names each tool's members, unique within the file: <c>Invoke_{name}</c>, and <c>Bind_{name}</c> when the tool
    /// has arguments.
    /// </summary>
    public ToolEmitter(EmitContext ctx, EquatableArray<ToolSpec> tools)
    {
        _ctx = ctx;
        _tools = tools;
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            string name = Naming.Identifier(tool.Name);
            string unique = name;
            for (int i = 2; !used.Add(unique); i++)
            {
                unique = name + "_" + i.ToString(CultureInfo.InvariantCulture);
            }

            _names[tool] = unique;
            ctx.UsedNames.Add("Invoke_" + unique);
            if (tool.Method.Parameters.Any(p => p.Source == ParameterSource.Argument))
            {
                ctx.UsedNames.Add("Bind_" + unique);
            }
        }
    }

    /// <summary>The tool descriptors of the definition.</summary>
    public void EmitDescriptors(SourceWriter w)
    {
        foreach (var tool in _tools)
        {
            EmitDescriptor(w, tool, _names[tool]);
        }
    }

    /// <summary>Each tool's binder and invoker.</summary>
    public void EmitHandlers(SourceWriter w)
    {
        foreach (var tool in _tools)
        {
            w.WriteLine();
            EmitTool(w, tool, _names[tool]);
        }
    }

    /// <summary>A tool descriptor: name, input schema and invoker, then its optional members.</summary>
    private static void EmitDescriptor(SourceWriter w, ToolSpec tool, string methodName)
    {
        w.WriteLine($"new({Literal(tool.Name)}, {Literal(tool.InputSchema)}u8, Invoke_{methodName})");
        w.OpenBlock();
        if (tool.Title is not null)
        {
            w.WriteLine($"Title = {Literal(tool.Title)},");
        }

        if (tool.Description is not null)
        {
            w.WriteLine($"Description = {Literal(tool.Description)},");
        }

        if (tool.OutputSchema is not null)
        {
            w.WriteLine($"OutputSchema = {Literal(tool.OutputSchema)}u8.ToArray(),");
        }

        var hints = new List<string>();
        void Hint(string name, string? value)
        {
            if (value is not null)
            {
                hints.Add(name + " = " + value);
            }
        }

        if (tool.Method.UsesServices)
        {
            w.WriteLine("UsesServices = true,");
        }

        if (!tool.Method.SeesContext && !tool.StartsTaskInHandler)
        {
            w.WriteLine("ContextStaysInternal = true,");
        }

        DescriptorMembers.RequiredScopes(w, tool.Method);

        Hint("ReadOnly", tool.ReadOnlyHint);
        Hint("Destructive", tool.DestructiveHint);
        Hint("Idempotent", tool.IdempotentHint);
        Hint("OpenWorld", tool.OpenWorldHint);
        if (hints.Count > 0)
        {
            w.WriteLine($"Annotations = new global::McpGen.McpToolAnnotations {{ {string.Join(", ", hints)} }},");
        }

        if (tool.HeaderParameters.Count > 0)
        {
            var headers = tool.HeaderParameters.Select(h => $"new global::McpGen.McpHeaderParameter({Literal(h.HeaderName)}, {Literal(h.ArgumentName)})");
            w.WriteLine($"HeaderParameters = new global::McpGen.McpHeaderParameter[] {{ {string.Join(", ", headers)} }},");
        }

        if (tool.TaskSupport != TaskSupport.Forbidden)
        {
            w.WriteLine($"TaskSupport = (global::McpGen.McpTaskSupport){((int)tool.TaskSupport).ToString(CultureInfo.InvariantCulture)},");
            if (tool.StartsTaskInHandler)
            {
                w.WriteLine("StartsTaskInHandler = true,");
            }

            var policy = new List<string>();
            void Policy(string name, int value, string unit)
            {
                if (value > 0)
                {
                    policy.Add($"{name} = {unit}({value.ToString(CultureInfo.InvariantCulture)})");
                }
            }

            Policy("TimeToLive", tool.TaskTimeToLiveMs, "global::System.TimeSpan.FromMilliseconds");
            Policy("PollInterval", tool.TaskPollIntervalMs, "global::System.TimeSpan.FromMilliseconds");
            Policy("MaxAttempts", tool.TaskMaxAttempts, string.Empty);
            Policy("Timeout", tool.TaskTimeoutMs, "global::System.TimeSpan.FromMilliseconds");
            if (policy.Count > 0)
            {
                w.WriteLine($"TaskPolicy = new global::McpGen.McpTaskPolicy {{ {string.Join(", ", policy)} }},");
            }
        }

        w.CloseBlock(",");
    }

    /// <summary>A tool's binder (when it has arguments) and invoker.</summary>
    private void EmitTool(SourceWriter w, ToolSpec tool, string methodName)
    {
        var method = tool.Method;
        var arguments = InvocationEmitter.Arguments(method);
        w.WriteLine($"// Tool '{tool.Name}': {InvocationEmitter.Display(method)}");
        if (arguments.Count > 0)
        {
            ArgumentBinderEmitter.EmitToolBinder(_ctx, w, methodName, arguments);
            w.WriteLine();
        }

        // Invoker: bind (or, without arguments, reject any), create the tool class if needed, call, write the result.
        bool isAsync = tool.Return.IsAsync || method.IsAsyncDisposable;
        w.OpenBlock($"private static {(isAsync ? "async " : string.Empty)}{ValueTask} Invoke_{methodName}(global::McpGen.McpToolCall call)");
        w.WriteLine(arguments.Count == 0
            ? ArgumentBinderEmitter.NoArgumentsCall(_ctx)
            : $"Bind_{methodName}(call{string.Concat(arguments.Select(a => ", out var a_" + a.Name))});");
        InvocationEmitter.EmitInvocation(w, method, "call", tool.Return.IsAsync, tool.Return.Kind != ReturnKind.Void, ResultWriterEmitter.ToolResult(_ctx, tool.Return));
        if (!isAsync)
        {
            w.WriteLine("return default;");
        }

        w.CloseBlock();
    }
}
