using System;
using System.Linq;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using static McpGen.SourceGeneration.Emitters.CSharp;
using static McpGen.SourceGeneration.Emitters.GlobalNames;

namespace McpGen.SourceGeneration.Emitters;

/// <summary>Conversions of strings (prompt arguments, URI template variables) to parameter types, and the <c>ParseEnum_*</c> helpers.</summary>
internal static class StringConversionEmitter
{
    /// <summary>An expression converting the string <paramref name="raw"/> to <paramref name="type"/>.</summary>
    internal static string ParseExpression(EmitContext ctx, TypeRefSpec type, string raw)
    {
        var inner = type.Kind == JsonShape.Nullable ? type.Element! : type;
        return inner.Kind switch
        {
            JsonShape.String => raw,
            JsonShape.Boolean => $"{StringValue}.Boolean({raw})",
            JsonShape.Uri => $"{StringValue}.Uri({raw})",
            JsonShape.Enum => $"{ctx.EnumParserMethod(inner)}({raw})",
            _ => $"{StringValue}.Parse<{inner.TypeName}>({raw}, {Literal(JsonReaderEmitter.Describe(inner))})",
        };
    }

    /// <summary>
    /// An expression converting a URI template variable to <paramref name="type"/>: stricter than
    /// <see cref="ParseExpression"/>, because a URI names one resource and an alias (<c>01</c>, <c>1%00</c>) must
    /// not reach the same one. Integers must be canonical; no variable may contain NUL.
    /// </summary>
    internal static string UriVariableExpression(EmitContext ctx, TypeRefSpec type, string raw)
    {
        var inner = type.Kind == JsonShape.Nullable ? type.Element! : type;
        return inner.Kind switch
        {
            JsonShape.Byte or JsonShape.SByte or JsonShape.Int16 or JsonShape.UInt16 or JsonShape.Int32 or JsonShape.UInt32 or JsonShape.Int64 or JsonShape.UInt64
                => $"{StringValue}.UriInteger<{inner.TypeName}>({raw}, {Literal(JsonReaderEmitter.Describe(inner))})",
            _ => ParseExpression(ctx, type, $"{StringValue}.UriText({raw})"),
        };
    }

    /// <summary>A <c>ParseEnum_*</c> helper: JSON name or member name, ignoring case.</summary>
    internal static void EmitEnumParser(SourceWriter w, string name, TypeRefSpec type)
    {
        w.OpenBlock($"private static {type.TypeName} {name}(string value)");
        foreach (var member in type.EnumMembers)
        {
            string condition = member.JsonName == member.Name
                ? $"string.Equals(value, {Literal(member.JsonName)}, global::System.StringComparison.OrdinalIgnoreCase)"
                : $"string.Equals(value, {Literal(member.JsonName)}, global::System.StringComparison.OrdinalIgnoreCase) || string.Equals(value, {Literal(member.Name)}, global::System.StringComparison.OrdinalIgnoreCase)";
            w.WriteLine($"if ({condition}) return {type.TypeName}.{Id(member.Name)};");
        }

        w.WriteLine($"throw {StringValue}.UnknownEnumValue(value, {Literal(string.Join(", ", type.EnumMembers.Select(m => "'" + m.JsonName + "'")))});");
        w.CloseBlock();
    }
}
