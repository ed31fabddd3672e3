using Microsoft.CodeAnalysis;

namespace McpGen.SourceGeneration.Diagnostics;

/// <summary>Diagnostic ids. Never reuse or renumber one; ranges are listed in docs/diagnostics/README.md.</summary>
internal static class DiagnosticIds
{
    public const string LanguageVersion = "MCPG0001";
    public const string ServerNotPartial = "MCPG1001";
    public const string InvalidToolName = "MCPG1002";
    public const string DuplicateToolName = "MCPG1003";
    public const string UnsupportedParameterType = "MCPG1004";
    public const string UnsupportedReturnType = "MCPG1005";
    public const string UnsupportedMethodShape = "MCPG1006";
    public const string ToolClassNotConstructible = "MCPG1007";
    public const string ToolNotAccessible = "MCPG1008";
    public const string InvalidInputSchema = "MCPG1009";
    public const string InvalidResourceUri = "MCPG3001";
    public const string ParameterNotInUriTemplate = "MCPG3002";
    public const string UnboundTemplateVariable = "MCPG3003";
    public const string CompletionTargetNotFound = "MCPG3004";
    public const string InvalidServerCard = "MCPG4001";
    public const string InternalError = "MCPG9001";
}

/// <summary>The descriptors the generator reports. Help links point at docs/diagnostics/{id}.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "McpGen.Usage";

    /// <summary>MCPG0001: "McpGen requires C# 11 or later; this project uses C# {0}".</summary>
    public static readonly DiagnosticDescriptor LanguageVersion = Create(DiagnosticIds.LanguageVersion,
        "McpGen requires C# 11 or later", "McpGen requires C# 11 or later; this project uses C# {0}", "McpGen.Config");

    /// <summary>MCPG1001: "The [McpServer] class '{0}' must be a non-generic partial class (and so must every class containing it)".</summary>
    public static readonly DiagnosticDescriptor ServerNotPartial = Create(DiagnosticIds.ServerNotPartial,
        "[McpServer] class must be partial", "The [McpServer] class '{0}' must be a non-generic partial class (and so must every class containing it)");

    /// <summary>MCPG1002: "The {0} name '{1}' is invalid: use 1 to 64 characters of letters, digits, '_', '.' and '-'".</summary>
    public static readonly DiagnosticDescriptor InvalidToolName = Create(DiagnosticIds.InvalidToolName,
        "Invalid tool or prompt name", "The {0} name '{1}' is invalid: use 1 to 64 characters of letters, digits, '_', '.' and '-'");

    /// <summary>MCPG1003: "Server '{0}' has more than one {1} '{2}'; each must be unique".</summary>
    public static readonly DiagnosticDescriptor DuplicateToolName = Create(DiagnosticIds.DuplicateToolName,
        "Duplicate name or URI", "Server '{0}' has more than one {1} '{2}'; each must be unique");

    /// <summary>MCPG1004: "Parameter '{0}' of {1} cannot be bound: {2}".</summary>
    public static readonly DiagnosticDescriptor UnsupportedParameterType = Create(DiagnosticIds.UnsupportedParameterType,
        "Unsupported parameter", "Parameter '{0}' of {1} cannot be bound: {2}");

    /// <summary>MCPG1005: "The return type of {0} is not supported: {1}".</summary>
    public static readonly DiagnosticDescriptor UnsupportedReturnType = Create(DiagnosticIds.UnsupportedReturnType,
        "Unsupported return type", "The return type of {0} is not supported: {1}");

    /// <summary>MCPG1006: "The method '{0}' cannot be {1}: {2}".</summary>
    public static readonly DiagnosticDescriptor UnsupportedMethodShape = Create(DiagnosticIds.UnsupportedMethodShape,
        "Unsupported method", "The method '{0}' cannot be {1}: {2}");

    /// <summary>MCPG1007: "The class '{0}' of instance {1} cannot be created per call: {2}".</summary>
    public static readonly DiagnosticDescriptor ToolClassNotConstructible = Create(DiagnosticIds.ToolClassNotConstructible,
        "Class cannot be created per call", "The class '{0}' of instance {1} cannot be created per call: {2}");

    /// <summary>MCPG1008: "The method '{0}' of {1} must be public or internal, in a public or internal class".</summary>
    public static readonly DiagnosticDescriptor ToolNotAccessible = Create(DiagnosticIds.ToolNotAccessible,
        "Method is not accessible", "The method '{0}' of {1} must be public or internal, in a public or internal class");

    /// <summary>MCPG1009: "The InputSchema of tool '{0}' cannot be used: {1}".</summary>
    public static readonly DiagnosticDescriptor InvalidInputSchema = Create(DiagnosticIds.InvalidInputSchema,
        "Invalid hand-written input schema", "The InputSchema of tool '{0}' cannot be used: {1}");

    /// <summary>MCPG3001: "The resource URI '{0}' is invalid: {1}".</summary>
    public static readonly DiagnosticDescriptor InvalidResourceUri = Create(DiagnosticIds.InvalidResourceUri,
        "Invalid resource URI or URI template", "The resource URI '{0}' is invalid: {1}");

    /// <summary>MCPG3002: "Parameter '{0}' of resource '{1}' is not a variable of its URI template ({2}); resource arguments come only from the URI".</summary>
    public static readonly DiagnosticDescriptor ParameterNotInUriTemplate = Create(DiagnosticIds.ParameterNotInUriTemplate,
        "Resource parameter is not a URI template variable", "Parameter '{0}' of resource '{1}' is not a variable of its URI template ({2}); resource arguments come only from the URI");

    /// <summary>MCPG3003: "Variable '{0}' of the URI template '{1}' has no parameter of that name, so its value is ignored".</summary>
    public static readonly DiagnosticDescriptor UnboundTemplateVariable = Create(DiagnosticIds.UnboundTemplateVariable,
        "URI template variable is not bound", "Variable '{0}' of the URI template '{1}' has no parameter of that name, so its value is ignored", severity: DiagnosticSeverity.Warning);

    /// <summary>MCPG3004: "The completion method '{0}' refers to {1}, which server '{2}' does not have".</summary>
    public static readonly DiagnosticDescriptor CompletionTargetNotFound = Create(DiagnosticIds.CompletionTargetNotFound,
        "Completion target not found", "The completion method '{0}' refers to {1}, which server '{2}' does not have");

    /// <summary>MCPG9001: "McpGen failed to generate code for '{0}': {1}. Please report this.".</summary>
    public static readonly DiagnosticDescriptor InternalError = Create(DiagnosticIds.InternalError,
        "McpGen generator failure", "McpGen failed to generate code for '{0}': {1}. Please report this.", "McpGen.Internal");

    /// <summary>MCPG4001: "The server card of '{0}' cannot be built: {1}: {2}".</summary>
    public static readonly DiagnosticDescriptor InvalidServerCard = Create(DiagnosticIds.InvalidServerCard,
        "Invalid server card declaration", "The server card of '{0}' cannot be built: {1}: {2}");

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        DiagnosticIds.LanguageVersion => LanguageVersion,
        DiagnosticIds.ServerNotPartial => ServerNotPartial,
        DiagnosticIds.InvalidToolName => InvalidToolName,
        DiagnosticIds.DuplicateToolName => DuplicateToolName,
        DiagnosticIds.UnsupportedParameterType => UnsupportedParameterType,
        DiagnosticIds.UnsupportedReturnType => UnsupportedReturnType,
        DiagnosticIds.UnsupportedMethodShape => UnsupportedMethodShape,
        DiagnosticIds.ToolClassNotConstructible => ToolClassNotConstructible,
        DiagnosticIds.ToolNotAccessible => ToolNotAccessible,
        DiagnosticIds.InvalidInputSchema => InvalidInputSchema,
        DiagnosticIds.InvalidResourceUri => InvalidResourceUri,
        DiagnosticIds.ParameterNotInUriTemplate => ParameterNotInUriTemplate,
        DiagnosticIds.UnboundTemplateVariable => UnboundTemplateVariable,
        DiagnosticIds.CompletionTargetNotFound => CompletionTargetNotFound,
        DiagnosticIds.InvalidServerCard => InvalidServerCard,
        _ => InternalError,
    };

    public static bool IsError(string id) => ById(id).DefaultSeverity == DiagnosticSeverity.Error;

    public static string HelpLink(string id) => $"https://github.com/mcpgen/mcpgen/blob/main/docs/diagnostics/{id}.md";

    private static DiagnosticDescriptor Create(string id, string title, string message, string category = Category, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpLink(id));
}
