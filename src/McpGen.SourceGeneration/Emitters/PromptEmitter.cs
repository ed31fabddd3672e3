using System.Collections.Generic;
using System.Linq;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using static McpGen.SourceGeneration.Emitters.CSharp;
using static McpGen.SourceGeneration.Emitters.GlobalNames;

namespace McpGen.SourceGeneration.Emitters;

/// <summary>Prompts: their descriptors, argument binders and get handlers.</summary>
internal sealed class PromptEmitter
{
    private readonly EmitContext _ctx;
    private readonly EquatableArray<PromptSpec> _prompts;
    private readonly Dictionary<PromptSpec, string> _names = new();

    /// <summary>Names each prompt's members (<c>BindPrompt_*</c>, <c>Get_*</c>), unique within the file.</summary>
    public PromptEmitter(EmitContext ctx, EquatableArray<PromptSpec> prompts)
    {
        _ctx = ctx;
        _prompts = prompts;
        foreach (var prompt in prompts)
        {
            _names[prompt] = ctx.UniqueName(string.Empty, prompt.Name);
        }
    }

    public bool IsEmpty => _prompts.Count == 0;

    /// <summary>The <c>Prompts</c> member of the definition.</summary>
    public void EmitDescriptors(SourceWriter w, CompletionEmitter completer)
    {
        if (_prompts.Count > 0)
        {
            w.WriteLine("Prompts = new global::McpGen.McpPromptDescriptor[]");
            w.OpenBlock();
            foreach (var prompt in _prompts)
            {
                string id = _names[prompt];
                w.WriteLine($"new({Literal(prompt.Name)}, Get_{id})");
                w.OpenBlock();
                DescriptorMembers.Optional(w, "Title", prompt.Title);
                DescriptorMembers.Optional(w, "Description", prompt.Description);
                var arguments = InvocationEmitter.Arguments(prompt.Method);
                if (arguments.Count > 0)
                {
                    w.WriteLine("Arguments = new global::McpGen.McpPromptArgument[]");
                    w.OpenBlock();
                    foreach (var argument in arguments)
                    {
                        var members = new List<string>();
                        if (argument.Description is not null)
                        {
                            members.Add("Description = " + Literal(argument.Description));
                        }

                        if (argument.Required)
                        {
                            members.Add("Required = true");
                        }

                        if (completer.CompletionFor(argument.Type!, c => c.Prompt == prompt.Name && c.Argument == argument.Name) is { } completion)
                        {
                            members.Add("Completion = " + completion);
                        }

                        w.WriteLine(members.Count == 0
                            ? $"new({Literal(argument.Name)}),"
                            : $"new({Literal(argument.Name)}) {{ {string.Join(", ", members)} }},");
                    }

                    w.CloseBlock(",");
                }

                if (prompt.Method.UsesServices)
                {
                    w.WriteLine("UsesServices = true,");
                }

                DescriptorMembers.RequiredScopes(w, prompt.Method);

                w.CloseBlock(",");
            }

            w.CloseBlock(",");
        }
    }

    /// <summary>Each prompt's binder and get handler.</summary>
    public void EmitHandlers(SourceWriter w)
    {
        foreach (var prompt in _prompts)
        {
            w.WriteLine();
            EmitPrompt(w, prompt, _names[prompt]);
        }
    }

    /// <summary>A prompt's binder and get handler.</summary>
    private void EmitPrompt(SourceWriter w, PromptSpec prompt, string id)
    {
        var method = prompt.Method;
        var arguments = InvocationEmitter.Arguments(method);
        w.WriteLine($"// Prompt '{prompt.Name}': {InvocationEmitter.Display(method)}");
        ArgumentBinderEmitter.EmitPromptBinder(_ctx, w, id, arguments);
        w.WriteLine();

        bool isAsync = prompt.IsAsync || method.IsAsyncDisposable;
        w.OpenBlock($"private static {(isAsync ? "async " : string.Empty)}{ValueTask} Get_{id}(global::McpGen.McpPromptGet get)");
        w.WriteLine($"BindPrompt_{id}(get{string.Concat(arguments.Select(a => ", out var a_" + a.Name))});");
        string write = ResultWriterEmitter.PromptResult(prompt);
        InvocationEmitter.EmitInvocation(w, method, "get", prompt.IsAsync, hasResult: true, write);
        if (!isAsync)
        {
            w.WriteLine("return default;");
        }

        w.CloseBlock();
    }
}
