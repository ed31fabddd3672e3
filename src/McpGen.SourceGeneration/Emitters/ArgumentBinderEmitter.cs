using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using static McpGen.SourceGeneration.Emitters.CSharp;
using static McpGen.SourceGeneration.Emitters.GlobalNames;

namespace McpGen.SourceGeneration.Emitters;

/// <summary>Argument binders: request input (tool arguments, prompt arguments, URI template variables) to parameter values, validated.</summary>
internal static class ArgumentBinderEmitter
{
    /// <summary>
    /// The binder of a tool with arguments: JSON arguments to <c>out</c> parameters, with precise errors. A tool without
    /// arguments has no binder: it calls the file's one <c>NoArguments</c> check (<see cref="NoArgumentsCall"/>).
    /// </summary>
    internal static void EmitToolBinder(EmitContext ctx, SourceWriter w, string methodName, List<ParameterSpec> arguments)
    {
        string outs = string.Concat(arguments.Select(a => $", out {a.Type!.DeclaredName} a_{a.Name}"));
        w.OpenBlock($"private static void Bind_{methodName}(global::McpGen.McpToolCall call{outs})");
        foreach (var a in arguments)
        {
            w.WriteLine($"a_{a.Name} = {a.DefaultLiteral ?? "default!"};");
        }

        var members = arguments.Select(a => new Member(a.Name, "a_" + a.Name, a.Required ? "has_" + a.Name : null, a.Type!, a.Required, a.Validation)).ToList();
        w.WriteLine($"var reader = new {Reader}(call.Arguments.Span);");
        w.WriteLine("reader.Read();");
        EmitPropertyLoop(ctx, w, members);
        w.CloseBlock();
    }

    /// <summary>
    /// The statement a tool without arguments runs before its call: rejects any argument ("no arguments are accepted"),
    /// as a binder would. The check is one helper per file (<see cref="EmitNoArguments"/>), not a binder per tool.
    /// </summary>
    internal static string NoArgumentsCall(EmitContext ctx)
    {
        ctx.RejectsArguments = true;
        return "NoArguments(call);";
    }

    /// <summary>The shared check of tools without arguments: the first property name, if any, is an error.</summary>
    internal static void EmitNoArguments(SourceWriter w)
    {
        w.OpenBlock("private static void NoArguments(global::McpGen.McpToolCall call)");
        w.WriteLine($"var reader = new {Reader}(call.Arguments.Span);");
        w.WriteLine("reader.Read();");
        w.WriteLine($"if (reader.Read() && reader.TokenType == {TokenType}.PropertyName) throw {Read}.UnknownProperty(ref reader, \"\");");
        w.CloseBlock();
    }

    /// <summary>The binder of a prompt: string arguments converted to the parameters' types.</summary>
    internal static void EmitPromptBinder(EmitContext ctx, SourceWriter w, string id, List<ParameterSpec> arguments)
    {
        w.OpenBlock($"private static void BindPrompt_{id}(global::McpGen.McpPromptGet get{string.Concat(arguments.Select(a => $", out {a.Type!.DeclaredName} a_{a.Name}"))})");
        foreach (var a in arguments)
        {
            w.WriteLine($"a_{a.Name} = {a.DefaultLiteral ?? "default!"};");
        }

        w.WriteLine($"var reader = new {Reader}(get.Arguments.Span);");
        w.WriteLine("reader.Read();");
        EmitPropertyLoop(ctx, w, arguments.Select(a => new Member(a.Name, "a_" + a.Name, a.Required ? "has_" + a.Name : null, a.Type!, a.Required, a.Validation, StringArgumentRead(ctx, a))).ToList());
        w.CloseBlock();
    }

    /// <summary>The binder of a resource template (<c>BindUri_*</c>): matched URI variables converted to the parameters' types.</summary>
    internal static void EmitUriBinder(EmitContext ctx, SourceWriter w, ResourceSpec resource, string id, List<ParameterSpec> arguments)
    {
        w.OpenBlock($"private static void BindUri_{id}(global::McpGen.McpResourceRead read{string.Concat(arguments.Select(a => $", out {a.Type!.DeclaredName} a_{a.Name}"))})");
        string outs = string.Concat(resource.Variables.Select(v => arguments.Any(a => a.Name == v) ? $", out var v_{Naming.Identifier(v)}" : ", out _"));
        w.WriteLine($"Match_{id}(read.Uri{outs});");
        foreach (var a in arguments)
        {
            w.WriteLine($"a_{a.Name} = {a.DefaultLiteral ?? "default!"};");
        }

        foreach (var a in arguments.Where(a => a.Required))
        {
            w.WriteLine($"if (v_{Naming.Identifier(a.Name)} is null) throw {Read}.Missing({Literal(a.Name)}, {Literal(JsonReaderEmitter.Describe(a.Type!))});");
        }

        w.WriteLine("string? current = null;");
        w.OpenBlock("try");
        foreach (var a in arguments)
        {
            string value = "v_" + Naming.Identifier(a.Name);
            if (!a.Required)
            {
                w.OpenBlock($"if ({value} is not null)");
            }

            w.WriteLine($"current = {Literal(a.Name)};");
            w.WriteLine($"a_{a.Name} = {StringConversionEmitter.UriVariableExpression(ctx, a.Type!, value)};");
            foreach (var check in ValidationStatements(ctx, a.Type!, "a_" + a.Name, a.Validation))
            {
                w.WriteLine(check);
            }

            if (!a.Required)
            {
                w.CloseBlock();
            }
        }

        w.CloseBlock();
        w.OpenBlock($"catch ({McpArgumentException} e) when (current is not null)");
        w.WriteLine("throw e.AtProperty(current);");
        w.CloseBlock();
        w.CloseBlock();
    }

    /// <param name="Read">The expression that reads the value, when not the type's JSON reader.</param>
    internal sealed record Member(string JsonName, string Target, string? Flag, TypeRefSpec Type, bool Required, ValidationSpec? Validation, string? Read = null);

    /// <summary>
    /// Reads the properties of the object the reader stands on into <c>has_*</c> flags and targets, rejecting
    /// unknown names, then checks required ones. Errors carry the property path.
    /// </summary>
    internal static void EmitPropertyLoop(EmitContext ctx, SourceWriter w, List<Member> members)
    {
        foreach (var m in members.Where(m => m.Flag is not null))
        {
            w.WriteLine($"bool {m.Flag} = false;");
        }

        string known = string.Join(", ", members.Select(m => m.JsonName));
        w.WriteLine("string? current = null;");
        w.OpenBlock("try");
        w.OpenBlock($"while (reader.Read() && reader.TokenType == {TokenType}.PropertyName)");
        w.WriteLine("current = null;");
        bool first = true;
        foreach (var m in members)
        {
            w.OpenBlock($"{(first ? string.Empty : "else ")}if (reader.ValueTextEquals({Literal(m.JsonName)}u8))");
            w.WriteLine($"current = {Literal(m.JsonName)};");
            w.WriteLine("reader.Read();");
            w.WriteLine($"{m.Target} = {m.Read ?? JsonReaderEmitter.ReadExpression(ctx, m.Type)};");
            foreach (var check in ValidationStatements(ctx, m.Type, m.Target, m.Validation))
            {
                w.WriteLine(check);
            }

            if (m.Flag is not null)
            {
                w.WriteLine($"{m.Flag} = true;");
            }
            w.CloseBlock();
            first = false;
        }

        if (ctx.SkipUnknownProperties)
        {
            if (first)
            {
                w.WriteLine("reader.Read();");
                w.WriteLine("reader.Skip();");
            }
            else
            {
                w.OpenBlock("else");
                w.WriteLine("reader.Read();");
                w.WriteLine("reader.Skip();");
                w.CloseBlock();
            }
        }
        else if (first)
        {
            w.WriteLine($"throw {Read}.UnknownProperty(ref reader, \"\");");
        }
        else
        {
            w.OpenBlock("else");
            w.WriteLine($"throw {Read}.UnknownProperty(ref reader, {Literal(known)});");
            w.CloseBlock();
        }

        w.CloseBlock();
        w.CloseBlock();
        w.OpenBlock($"catch ({McpArgumentException} e) when (current is not null)");
        w.WriteLine("throw e.AtProperty(current);");
        w.CloseBlock();
        foreach (var m in members.Where(m => m.Required))
        {
            w.WriteLine($"if (!{m.Flag}) throw {Read}.Missing({Literal(m.JsonName)}, {Literal(JsonReaderEmitter.Describe(m.Type))});");
        }
    }

    /// <summary>The DataAnnotations checks of a bound value, as statements.</summary>
    private static IEnumerable<string> ValidationStatements(EmitContext ctx, TypeRefSpec type, string target, ValidationSpec? v)
    {
        if (v is null)
        {
            yield break;
        }

        var inner = type.Kind == JsonShape.Nullable ? type.Element! : type;
        string value = type.Kind == JsonShape.Nullable ? target + ".Value" : target;
        string guard = type.Kind == JsonShape.Nullable ? $"if ({target}.HasValue) " : string.Empty;
        if ((v.Minimum is not null || v.Maximum is not null) && IsNumeric(inner.Kind))
        {
            yield return $"{guard}{Validate}.Range((double){value}, {v.Minimum ?? "double.NegativeInfinity"}, {v.Maximum ?? "double.PositiveInfinity"});";
        }

        if (v.MinLength is not null || v.MaxLength is not null)
        {
            string min = (v.MinLength ?? 0).ToString(CultureInfo.InvariantCulture);
            string max = v.MaxLength is { } m ? m.ToString(CultureInfo.InvariantCulture) : "int.MaxValue";
            if (inner.Kind == JsonShape.String)
            {
                yield return $"{Validate}.Length({target}, {min}, {max});";
            }
            else if (inner.Kind is JsonShape.Collection or JsonShape.Dictionary)
            {
                yield return $"if ({target} is not null) {Validate}.Count(global::System.Linq.Enumerable.Count({target}), {min}, {max});";
            }
        }

        if (v.Pattern is not null && inner.Kind == JsonShape.String)
        {
            int index = ctx.Patterns.IndexOf(v.Pattern);
            if (index < 0)
            {
                index = ctx.Patterns.Count;
                ctx.Patterns.Add(v.Pattern);
            }

            yield return $"{Validate}.Pattern({target}, Pattern{index.ToString(CultureInfo.InvariantCulture)}, {Literal(v.Pattern)});";
        }
    }

    private static bool IsNumeric(JsonShape kind) => kind is JsonShape.Byte or JsonShape.SByte or JsonShape.Int16 or JsonShape.UInt16 or JsonShape.Int32
        or JsonShape.UInt32 or JsonShape.Int64 or JsonShape.UInt64 or JsonShape.Single or JsonShape.Double or JsonShape.Decimal;

    /// <summary>
    /// Reads a prompt argument: a JSON string converted to the parameter's type. <c>null</c> means "not given" for
    /// optional arguments (the default stays) and is an error for required ones.
    /// </summary>
    private static string StringArgumentRead(EmitContext ctx, ParameterSpec argument)
    {
        var type = argument.Type!;
        string core = StringConversionEmitter.ParseExpression(ctx, type, $"{Read}.String(ref reader)");
        return type.AcceptsNull ? $"reader.TokenType == {TokenType}.Null ? default({type.DeclaredName}) : {core}"
            : argument.DefaultLiteral is not null ? $"reader.TokenType == {TokenType}.Null ? a_{argument.Name} : {core}"
            : core;
    }
}
