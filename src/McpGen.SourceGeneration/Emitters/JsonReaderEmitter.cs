using System.Collections.Generic;
using System.Linq;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using static McpGen.SourceGeneration.Emitters.CSharp;
using static McpGen.SourceGeneration.Emitters.GlobalNames;

namespace McpGen.SourceGeneration.Emitters;

/// <summary>JSON readers: expressions that read a value at the reader's token, and the <c>Read_*</c> helpers for enums, collections, dictionaries and objects.</summary>
internal static class JsonReaderEmitter
{
    /// <summary>An expression that reads a value of <paramref name="type"/> at the reader's current token.</summary>
    internal static string ReadExpression(EmitContext ctx, TypeRefSpec type)
    {
        string core = type.Kind switch
        {
            JsonShape.Nullable => ReadExpression(ctx, type.Element!),
            JsonShape.Enum or JsonShape.Collection or JsonShape.Dictionary or JsonShape.Object => ctx.ReaderMethod(type) + "(ref reader)",
            _ => $"{Read}.{type.Kind}(ref reader)",
        };
        return type.AcceptsNull ? $"reader.TokenType == {TokenType}.Null ? default({type.DeclaredName}) : {core}" : core;
    }

    /// <summary>A <c>Read_*</c> helper: enums, collections, dictionaries and objects.</summary>
    internal static void EmitReader(EmitContext ctx, SourceWriter w, string name, TypeRefSpec type)
    {
        switch (type.Kind)
        {
            case JsonShape.Enum:
                w.OpenBlock($"private static {type.TypeName} {name}(ref {Reader} reader)");
                w.OpenBlock($"if (reader.TokenType == {TokenType}.String)");
                foreach (var member in type.EnumMembers)
                {
                    w.WriteLine($"if (reader.ValueTextEquals({Literal(member.JsonName)}u8)) return {type.TypeName}.{Id(member.Name)};");
                }

                w.CloseBlock();
                w.WriteLine($"throw {Read}.UnknownEnumValue(ref reader, {Literal(string.Join(", ", type.EnumMembers.Select(m => "'" + m.JsonName + "'")))});");
                w.CloseBlock();
                break;

            case JsonShape.Collection:
            {
                var element = type.Element!;
                string list = $"global::System.Collections.Generic.{(type.Collection == CollectionKind.HashSet ? "HashSet" : "List")}<{element.DeclaredName}>";
                string returnType = type.Collection == CollectionKind.Array ? element.DeclaredName + "[]" : list;
                w.OpenBlock($"private static {returnType} {name}(ref {Reader} reader)");
                w.WriteLine($"{Read}.StartArray(ref reader);");
                w.WriteLine($"var items = new {list}();");
                w.WriteLine("int index = 0;");
                w.OpenBlock("try");
                w.OpenBlock($"while (reader.Read() && reader.TokenType != {TokenType}.EndArray)");
                w.WriteLine($"items.Add({ReadExpression(ctx, element)});");
                w.WriteLine("index++;");
                w.CloseBlock();
                w.CloseBlock();
                w.OpenBlock($"catch ({McpArgumentException} e)");
                w.WriteLine("throw e.AtIndex(index);");
                w.CloseBlock();
                w.WriteLine(type.Collection == CollectionKind.Array ? "return items.ToArray();" : "return items;");
                w.CloseBlock();
                break;
            }

            case JsonShape.Dictionary:
            {
                string dictionary = $"global::System.Collections.Generic.Dictionary<string, {type.Element!.DeclaredName}>";
                w.OpenBlock($"private static {dictionary} {name}(ref {Reader} reader)");
                w.WriteLine($"{Read}.StartObject(ref reader);");
                w.WriteLine($"var items = new {dictionary}();");
                w.WriteLine("string? key = null;");
                w.OpenBlock("try");
                w.OpenBlock($"while (reader.Read() && reader.TokenType == {TokenType}.PropertyName)");
                w.WriteLine("key = reader.GetString()!;");
                w.WriteLine("reader.Read();");
                w.WriteLine($"items[key] = {ReadExpression(ctx, type.Element!)};");
                w.CloseBlock();
                w.CloseBlock();
                w.OpenBlock($"catch ({McpArgumentException} e) when (key is not null)");
                w.WriteLine("throw e.AtProperty(key);");
                w.CloseBlock();
                w.WriteLine("return items;");
                w.CloseBlock();
                break;
            }

            case JsonShape.Object:
                EmitObjectReader(ctx, w, name, ctx.Objects[type.ObjectKey!]);
                break;
        }
    }

    /// <summary>The reader of an object: its properties, then the constructor, initializers and setters.</summary>
    private static void EmitObjectReader(EmitContext ctx, SourceWriter w, string name, ObjectTypeSpec spec)
    {
        var bindable = spec.Properties.Where(p => p.CanBind).ToList();
        w.OpenBlock($"private static {spec.TypeName} {name}(ref {Reader} reader)");
        w.WriteLine($"{Read}.StartObject(ref reader);");
        foreach (var p in bindable)
        {
            w.WriteLine($"{p.Type.DeclaredName} p_{p.Name} = {p.DefaultLiteral ?? "default!"};");
        }

        ArgumentBinderEmitter.EmitPropertyLoop(ctx, w, bindable.Select(p => new ArgumentBinderEmitter.Member(p.JsonName, "p_" + p.Name, NeedsFlag(p) ? "has_" + p.Name : null, p.Type, p.Required, p.Validation)).ToList());

        var ctorArgs = string.Join(", ", spec.CtorArguments.Select(a => a.PropertyName is not null ? "p_" + a.PropertyName : a.DefaultLiteral));
        var initializers = new List<string>();
        var assignments = new List<string>();
        foreach (var p in bindable.Where(p => p.CtorIndex < 0))
        {
            string flag = "has_" + p.Name;
            if (p.IsRequiredMember || (p.IsInitOnly && !p.DefaultFromInstance))
            {
                initializers.Add($"{Id(p.Name)} = p_{p.Name}");
            }
            else if (p.IsInitOnly)
            {
                ctx.DefaultInstances.Add(spec.Key);
                initializers.Add($"{Id(p.Name)} = {flag} ? p_{p.Name} : Defaults_{Naming.Identifier(spec.Key)}.{Id(p.Name)}");
            }
            else
            {
                assignments.Add($"if ({flag}) result.{Id(p.Name)} = p_{p.Name};");
            }
        }

        w.WriteLine(initializers.Count == 0
            ? $"var result = new {spec.TypeName}({ctorArgs});"
            : $"var result = new {spec.TypeName}({ctorArgs}) {{ {string.Join(", ", initializers)} }};");
        foreach (var assignment in assignments)
        {
            w.WriteLine(assignment);
        }

        w.WriteLine("return result;");
        w.CloseBlock();
    }

    /// <summary>Whether the reader must remember if a property was present (to require it or to keep a default).</summary>
    private static bool NeedsFlag(PropertySpec p) =>
        p.Required || (p.CtorIndex < 0 && !p.IsRequiredMember && (!p.IsInitOnly || p.DefaultFromInstance));

    /// <summary>How an expected value is described in "missing" errors.</summary>
    internal static string Describe(TypeRefSpec type) => type.Kind switch
    {
        JsonShape.String => "a string",
        JsonShape.Boolean => "a boolean",
        JsonShape.Char => "a single-character string",
        JsonShape.Byte or JsonShape.SByte or JsonShape.Int16 or JsonShape.UInt16 or JsonShape.Int32 or JsonShape.UInt32 or JsonShape.Int64 or JsonShape.UInt64 => "an integer",
        JsonShape.Single or JsonShape.Double or JsonShape.Decimal => "a number",
        JsonShape.DateTime or JsonShape.DateTimeOffset => "a date-time string",
        JsonShape.DateOnly => "a date string",
        JsonShape.TimeOnly => "a time string",
        JsonShape.TimeSpan => "a duration string",
        JsonShape.Guid => "a UUID string",
        JsonShape.Uri => "a URI string",
        JsonShape.Any => "any JSON value",
        JsonShape.Enum => "one of " + string.Join(", ", type.EnumMembers.Select(m => "'" + m.JsonName + "'")),
        JsonShape.Nullable => Describe(type.Element!),
        JsonShape.Collection => "an array",
        _ => "an object",
    };
}
