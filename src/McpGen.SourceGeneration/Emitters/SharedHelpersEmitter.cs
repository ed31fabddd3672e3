using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using McpGen.SourceGeneration.Helpers;
using static McpGen.SourceGeneration.Emitters.CSharp;

namespace McpGen.SourceGeneration.Emitters;

/// <summary>The helpers at the end of a generated file, as the other emitters requested them.</summary>
internal static class SharedHelpersEmitter
{
    /// <summary>Emits the reader and writer helpers requested so far; emitting one may request more.</summary>
    internal static void Emit(EmitContext ctx, SourceWriter w)
    {
        if (ctx.RejectsArguments)
        {
            w.WriteLine();
            ArgumentBinderEmitter.EmitNoArguments(w);
        }

        var done = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var next = ctx.Readers.FirstOrDefault(r => !done.Contains(r.Key));
            if (next.Key is not null)
            {
                done.Add(next.Key);
                w.WriteLine();
                JsonReaderEmitter.EmitReader(ctx, w, next.Key, next.Value);
                continue;
            }

            var nextWriter = ctx.Writers.FirstOrDefault(r => !done.Contains(r.Key));
            if (nextWriter.Key is not null)
            {
                done.Add(nextWriter.Key);
                w.WriteLine();
                JsonWriterEmitter.EmitWriter(ctx, w, nextWriter.Key, nextWriter.Value);
                continue;
            }

            var nextName = ctx.EnumNames.FirstOrDefault(r => !done.Contains(r.Key));
            if (nextName.Key is not null)
            {
                done.Add(nextName.Key);
                w.WriteLine();
                JsonWriterEmitter.EmitEnumName(w, nextName.Key, nextName.Value);
                continue;
            }

            var nextParser = ctx.EnumParsers.FirstOrDefault(r => !done.Contains(r.Key));
            if (nextParser.Key is not null)
            {
                done.Add(nextParser.Key);
                w.WriteLine();
                StringConversionEmitter.EmitEnumParser(w, nextParser.Key, nextParser.Value);
                continue;
            }

            break;
        }

        for (int i = 0; i < ctx.Patterns.Count; i++)
        {
            w.WriteLine();
            w.WriteLine($"private static readonly global::System.Text.RegularExpressions.Regex Pattern{i.ToString(CultureInfo.InvariantCulture)} = new({Literal(ctx.Patterns[i])}, global::System.Text.RegularExpressions.RegexOptions.CultureInvariant);");
        }

        foreach (var values in ctx.CompletionValues)
        {
            w.WriteLine();
            w.WriteLine($"private static readonly string[] Values_{values.Key} = {{ {string.Join(", ", values.Value.Select(Literal))} }};");
            w.WriteLine();
            w.WriteLine($"private static global::System.Threading.Tasks.ValueTask<global::ModelContextProtocol.Protocol.Completion> CompleteValues_{values.Key}(global::McpGen.McpCompletionRequest request) => global::McpGen.Generated.McpCompletions.StartingWith(Values_{values.Key}, request.Value);");
        }

        foreach (var key in ctx.DefaultInstances.OrderBy(k => k, StringComparer.Ordinal))
        {
            var spec = ctx.Objects[key];
            w.WriteLine();
            var requiredMembers = spec.Properties.Where(p => p.IsRequiredMember).Select(p => Id(p.Name) + " = default!").ToList();
            string initializer = requiredMembers.Count == 0 ? "()" : "() { " + string.Join(", ", requiredMembers) + " }";
            w.WriteLine($"private static readonly {spec.TypeName} Defaults_{Naming.Identifier(key)} = new {spec.TypeName}{initializer};");
        }
    }
}
