using System;
using System.Collections.Generic;
using System.Linq;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using static McpGen.SourceGeneration.Emitters.CSharp;
using static McpGen.SourceGeneration.Emitters.GlobalNames;

namespace McpGen.SourceGeneration.Emitters;

/// <summary>JSON writers: statements that write a value, and the <c>Write_*</c> and <c>NameOf_*</c> helpers.</summary>
internal static class JsonWriterEmitter
{
    /// <summary>A statement that writes <paramref name="expr"/> of <paramref name="type"/> to <c>writer</c>.</summary>
    internal static string WriteStatement(EmitContext ctx, TypeRefSpec type, string expr) => type.Kind switch
    {
        JsonShape.String => $"{WriteHelpers}.String(writer, {expr});",
        JsonShape.Boolean => $"writer.WriteBooleanValue({expr});",
        JsonShape.Byte or JsonShape.SByte or JsonShape.Int16 or JsonShape.UInt16 or JsonShape.Int32 => $"writer.WriteNumberValue((int){expr});",
        JsonShape.UInt32 or JsonShape.Int64 or JsonShape.UInt64 or JsonShape.Decimal => $"writer.WriteNumberValue({expr});",
        JsonShape.Single or JsonShape.Double or JsonShape.Char or JsonShape.DateOnly or JsonShape.TimeOnly or JsonShape.TimeSpan or JsonShape.Uri => $"{WriteHelpers}.{type.Kind}(writer, {expr});",
        JsonShape.DateTime or JsonShape.DateTimeOffset or JsonShape.Guid => $"writer.WriteStringValue({expr});",
        JsonShape.Any => $"{expr}.WriteTo(writer);",
        _ => $"{ctx.WriterMethod(type)}(writer, {expr});",
    };

    /// <summary>A <c>Write_*</c> helper: nullables, enums, collections, dictionaries, JSON elements and objects.</summary>
    internal static void EmitWriter(EmitContext ctx, SourceWriter w, string name, TypeRefSpec type)
    {
        switch (type.Kind)
        {
            case JsonShape.Nullable:
                w.OpenBlock($"private static void {name}({Writer} writer, {type.TypeName} value)");
                w.OpenBlock("if (value is { } item)");
                w.WriteLine(WriteStatement(ctx, type.Element!, "item"));
                w.CloseBlock();
                w.OpenBlock("else");
                w.WriteLine("writer.WriteNullValue();");
                w.CloseBlock();
                w.CloseBlock();
                break;

            case JsonShape.Enum:
                w.OpenBlock($"private static void {name}({Writer} writer, {type.TypeName} value)");
                w.WriteLine($"writer.WriteStringValue({ctx.EnumNameMethod(type)}(value));");
                w.CloseBlock();
                break;

            case JsonShape.Collection:
                w.OpenBlock($"private static void {name}({Writer} writer, global::System.Collections.Generic.IEnumerable<{type.Element!.DeclaredName}>? value)");
                w.OpenBlock("if (value is null)");
                w.WriteLine("writer.WriteNullValue();");
                w.WriteLine("return;");
                w.CloseBlock();
                w.WriteLine("writer.WriteStartArray();");
                w.OpenBlock("foreach (var item in value)");
                w.WriteLine(WriteStatement(ctx, type.Element!, "item"));
                w.CloseBlock();
                w.WriteLine("writer.WriteEndArray();");
                w.CloseBlock();
                break;

            case JsonShape.Dictionary:
                w.OpenBlock($"private static void {name}({Writer} writer, global::System.Collections.Generic.IEnumerable<global::System.Collections.Generic.KeyValuePair<string, {type.Element!.DeclaredName}>>? value)");
                w.OpenBlock("if (value is null)");
                w.WriteLine("writer.WriteNullValue();");
                w.WriteLine("return;");
                w.CloseBlock();
                w.WriteLine("writer.WriteStartObject();");
                w.OpenBlock("foreach (var entry in value)");
                w.WriteLine("writer.WritePropertyName(entry.Key);");
                w.WriteLine(WriteStatement(ctx, type.Element!, "entry.Value"));
                w.CloseBlock();
                w.WriteLine("writer.WriteEndObject();");
                w.CloseBlock();
                break;

            case JsonShape.Any:
                w.WriteLine($"private static void {name}({Writer} writer, global::System.Text.Json.JsonElement value) => value.WriteTo(writer);");
                break;

            case JsonShape.Object:
            {
                var spec = ctx.Objects[type.ObjectKey!];
                w.OpenBlock($"private static void {name}({Writer} writer, {spec.TypeName}{(spec.IsValueType ? string.Empty : "?")} value)");
                if (!spec.IsValueType)
                {
                    w.OpenBlock("if (value is null)");
                    w.WriteLine("writer.WriteNullValue();");
                    w.WriteLine("return;");
                    w.CloseBlock();
                }

                w.WriteLine("writer.WriteStartObject();");
                foreach (var p in spec.Properties.Where(p => p.CanRead))
                {
                    w.WriteLine($"writer.WritePropertyName({Literal(p.JsonName)}u8);");
                    w.WriteLine(WriteStatement(ctx, p.Type, "value." + Id(p.Name)));
                }

                w.WriteLine("writer.WriteEndObject();");
                w.CloseBlock();
                break;
            }
        }
    }

    /// <summary>A <c>NameOf_*</c> helper: an enum value's JSON name.</summary>
    internal static void EmitEnumName(SourceWriter w, string name, TypeRefSpec type)
    {
        w.OpenBlock($"private static string {name}({type.TypeName} value) => value switch");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in type.EnumMembers)
        {
            if (seen.Add(member.Value))
            {
                w.WriteLine($"{type.TypeName}.{Id(member.Name)} => {Literal(member.JsonName)},");
            }
        }

        w.WriteLine($"_ => ((long)value).ToString({InvariantNumbers}),");
        w.CloseBlock(";");
    }
}
