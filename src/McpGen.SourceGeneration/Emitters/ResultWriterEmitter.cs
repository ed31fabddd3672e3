using McpGen.SourceGeneration.Model;
using static McpGen.SourceGeneration.Emitters.GlobalNames;

namespace McpGen.SourceGeneration.Emitters;

/// <summary>How the return value of a tool, resource or prompt method is written into its result, and the text form of primitive values.</summary>
internal static class ResultWriterEmitter
{
    /// <summary>The statement that writes a tool method's <c>result</c> (if any) into the call's result.</summary>
    internal static string ToolResult(EmitContext ctx, ReturnSpec r) => r.Kind switch
    {
        ReturnKind.Void => $"{Results}.WriteEmpty(call.ResultWriter);",
        ReturnKind.Text => $"{Results}.WriteText(call.ResultWriter, result);",
        ReturnKind.Primitive => $"{Results}.WriteText(call.ResultWriter, {TextOf(ctx, r.Type!, "result")});",
        ReturnKind.CallToolResult => $"{Results}.WriteCallToolResult(call.ResultWriter, call, result);",
        ReturnKind.Content or ReturnKind.Contents => $"{Results}.WriteContent(call.ResultWriter, result);",
        _ => $"{Results}.WriteStructured(call.ResultWriter, result, {ctx.WriterMethod(r.Type!)}, wrapInResult: {(r.WrapInResult ? "true" : "false")});",
    };

    /// <summary>The statement that writes a resource method's <c>result</c> as contents.</summary>
    internal static string ResourceResult(EmitContext ctx, ResourceSpec resource)
    {
        string results = "global::McpGen.Generated.McpResourceResults";
        return resource.ReturnKind switch
        {
            ResourceReturnKind.Text => $"{results}.WriteText(read, result);",
            ResourceReturnKind.Primitive => $"{results}.WriteText(read, {TextOf(ctx, resource.ValueType!, "result")});",
            ResourceReturnKind.Bytes or ResourceReturnKind.Memory => $"{results}.WriteBlob(read, result);",
            ResourceReturnKind.Stream => $"await {results}.WriteStreamAsync(read, result).ConfigureAwait(false);",
            ResourceReturnKind.Json => $"{results}.WriteJson(read, result, {ctx.WriterMethod(resource.ValueType!)});",
            ResourceReturnKind.ReadResult => $"{results}.WriteReadResult(read, result);",
            _ => $"{results}.WriteContents(read, result);",
        };
    }

    /// <summary>The statement that writes a prompt method's <c>result</c> as messages.</summary>
    internal static string PromptResult(PromptSpec prompt)
    {
        string results = "global::McpGen.Generated.McpPromptResults";
        return prompt.ReturnKind switch
        {
            PromptReturnKind.Text => $"{results}.WriteText(get, result);",
            PromptReturnKind.Message => $"{results}.WriteMessage(get, result);",
            PromptReturnKind.Messages => $"{results}.WriteMessages(get, result);",
            PromptReturnKind.Content => $"{results}.WriteContent(get, result);",
            PromptReturnKind.Contents => $"{results}.WriteContents(get, result);",
            _ => $"{results}.WriteResult(get, result);",
        };
    }

    /// <summary>The text form of a primitive value for a text content block.</summary>
    private static string TextOf(EmitContext ctx, TypeRefSpec type, string expr)
    {
        if (type.Kind == JsonShape.Nullable)
        {
            return $"({expr} is {{ }} value ? {TextOf(ctx, type.Element!, "value")} : null)";
        }

        return type.Kind switch
        {
            JsonShape.Boolean => $"({expr} ? \"true\" : \"false\")",
            JsonShape.Char or JsonShape.Guid => $"{expr}.ToString()",
            JsonShape.DateTime or JsonShape.DateTimeOffset => $"{expr}.ToString(\"O\", {Invariant})",
            JsonShape.DateOnly => $"global::McpGen.Generated.McpJsonWrite.DateText({expr})",
            JsonShape.TimeOnly => $"global::McpGen.Generated.McpJsonWrite.TimeText({expr})",
            JsonShape.TimeSpan => $"global::System.Xml.XmlConvert.ToString({expr})",
            JsonShape.Uri => $"{expr}?.OriginalString",
            JsonShape.Enum => $"{ctx.EnumNameMethod(type)}({expr})",
            _ => $"{expr}.ToString({InvariantNumbers})",
        };
    }
}
