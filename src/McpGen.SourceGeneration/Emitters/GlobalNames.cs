
namespace McpGen.SourceGeneration.Emitters;

/// <summary>The <c>global::</c>-qualified names generated code uses most.</summary>
internal static class GlobalNames
{
    public const string Reader = "global::System.Text.Json.Utf8JsonReader";
    public const string Writer = "global::System.Text.Json.Utf8JsonWriter";
    public const string TokenType = "global::System.Text.Json.JsonTokenType";
    public const string Read = "global::McpGen.Generated.McpJsonRead";
    public const string WriteHelpers = "global::McpGen.Generated.McpJsonWrite";
    public const string Validate = "global::McpGen.Generated.McpValidate";
    public const string Results = "global::McpGen.Generated.McpToolResults";
    public const string McpArgumentException = "global::McpGen.McpArgumentException";
    public const string Invariant = "global::System.Globalization.CultureInfo.InvariantCulture";

    /// <summary>
    /// Formats numbers exactly as <see cref="Invariant"/> does without creating the invariant <c>CultureInfo</c>,
    /// which loads ICU in an app without InvariantGlobalization (about 3 ms on the first tool call; issue 22).
    /// </summary>
    public const string InvariantNumbers = "global::McpGen.Generated.McpJsonWrite.InvariantNumbers";
    public const string StringValue = "global::McpGen.Generated.McpStringValue";
    public const string CompletionType = "global::ModelContextProtocol.Protocol.Completion";
    public const string ValueTask = "global::System.Threading.Tasks.ValueTask";
}
