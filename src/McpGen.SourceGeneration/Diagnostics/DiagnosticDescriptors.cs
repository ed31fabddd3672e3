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
    public const string ReadOnlyAndDestructive = "MCPG1010";
    public const string MultipleCancellationTokens = "MCPG1011";
    public const string MissingDescription = "MCPG1012";
    public const string InvalidHeaderParameter = "MCPG1013";
    public const string InvalidScope = "MCPG1014";
    public const string ClientNotPartial = "MCPG1101";
    public const string RemoteMethodWithoutTarget = "MCPG1102";
    public const string UnsupportedRemoteMethod = "MCPG1103";
    public const string UnsupportedRemoteParameter = "MCPG1104";
    public const string UnsupportedRemoteReturn = "MCPG1105";
    public const string InvalidImport = "MCPG1106";
    public const string ImportedSchemaNotMapped = "MCPG1107";
    public const string UnsupportedFormType = "MCPG2001";
    public const string InvalidResourceUri = "MCPG3001";
    public const string ParameterNotInUriTemplate = "MCPG3002";
    public const string UnboundTemplateVariable = "MCPG3003";
    public const string CompletionTargetNotFound = "MCPG3004";
    public const string InvalidServerCard = "MCPG4001";
    public const string MutableStaticState = "MCPG5001";
    public const string InstanceFieldWrittenOutsideConstructor = "MCPG5002";
    public const string StaticEvent = "MCPG5003";
    public const string ThreadOrFlowLocalStore = "MCPG5004";
    public const string ProcessLocalCache = "MCPG5005";
    public const string StaticStateReachedFromHandler = "MCPG5006";
    public const string ProcessLocalWithoutReason = "MCPG5007";
    public const string HandlerWithoutCancellationToken = "MCPG6001";
    public const string CancellationTokenNotForwarded = "MCPG6002";
    public const string CancellationTokenNotForwardedInCalledCode = "MCPG6003";
    public const string BlockingWait = "MCPG6004";
    public const string TaskToolIgnoresCancellation = "MCPG6005";
    public const string SdkAttributeOnly = "MCPG7001";
    public const string PublicResultReadsIdentity = "MCPG8001";
    public const string InternalError = "MCPG9001";
    public const string PerInstanceThrottle = "MCPG5020";
    public const string PerUserDataInProcessCache = "MCPG5021";
    public const string SingletonServiceState = "MCPG5022";
    public const string UseFrozenCollection = "MCPG5023";
    public const string AsyncVoidCalledFromHandler = "MCPG6020";
    public const string CancellationTokenNoneWithTokenInScope = "MCPG6021";
}

/// <summary>Diagnostic categories, one per concern.</summary>
internal static class DiagnosticCategories
{
    public const string Usage = "McpGen.Usage";
    public const string Config = "McpGen.Config";
    public const string Stateless = "McpGen.Stateless";
    public const string Cancellation = "McpGen.Cancellation";
    public const string Migration = "McpGen.Migration";
    public const string Security = "McpGen.Security";
    public const string Internal = "McpGen.Internal";
}

/// <summary>The descriptors the generator and analyzers report. Help links point at docs/diagnostics/{id}.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = DiagnosticCategories.Usage;

    /// <summary>Marks descriptors reported when the whole compilation has been seen (not live in the IDE editor).</summary>
    private static readonly string[] s_compilationEnd = ["CompilationEnd"];

    /// <summary>MCPG0001: "McpGen requires C# 11 or later; this project uses C# {0}".</summary>
    public static readonly DiagnosticDescriptor LanguageVersion = Create(DiagnosticIds.LanguageVersion,
        "McpGen requires C# 11 or later", "McpGen requires C# 11 or later; this project uses C# {0}", DiagnosticCategories.Config);

    /// <summary>MCPG1001: "The [McpServer] class '{0}' must be a non-generic partial class (and so must every class containing it)".</summary>
    public static readonly DiagnosticDescriptor ServerNotPartial = Create(DiagnosticIds.ServerNotPartial,
        "[McpServer] class must be partial", "The [McpServer] class '{0}' must be a non-generic partial class (and so must every class containing it)");

    /// <summary>MCPG1002: "The {0} name '{1}' is invalid: use 1 to 64 characters of letters, digits, '_', '.' and '-'".</summary>
    public static readonly DiagnosticDescriptor InvalidToolName = Create(DiagnosticIds.InvalidToolName,
        "Invalid tool or prompt name", "The {0} name '{1}' is invalid: use 1 to 64 characters of letters, digits, '_', '.' and '-'");

    /// <summary>MCPG1003: "Server '{0}' has more than one {1} '{2}'; each must be unique".</summary>
    public static readonly DiagnosticDescriptor DuplicateToolName = Create(DiagnosticIds.DuplicateToolName,
        "Duplicate name or URI", "Server '{0}' has more than one {1} '{2}'; each must be unique");

    /// <summary>MCPG1101: "[McpClient] interface '{0}' must be a public or internal, non-generic partial interface declared directly in a namespace".</summary>
    public static readonly DiagnosticDescriptor ClientNotPartial = Create(DiagnosticIds.ClientNotPartial,
        "[McpClient] interface must be partial", "[McpClient] interface '{0}' must be a public or internal, non-generic partial interface declared directly in a namespace");

    /// <summary>MCPG1102: "Method '{0}' of [McpClient] interface '{1}' calls nothing: …".</summary>
    public static readonly DiagnosticDescriptor RemoteMethodWithoutTarget = Create(DiagnosticIds.RemoteMethodWithoutTarget,
        "Client method says nothing about what it calls",
        "Method '{0}' of [McpClient] interface '{1}' calls nothing: mark it [McpRemoteTool], [McpRemoteResource] or [McpRemotePrompt], or give it a default implementation");

    /// <summary>MCPG1103: "'{0}' of [McpClient] interface '{1}' cannot be generated: {2}".</summary>
    public static readonly DiagnosticDescriptor UnsupportedRemoteMethod = Create(DiagnosticIds.UnsupportedRemoteMethod,
        "Unsupported client member", "'{0}' of [McpClient] interface '{1}' cannot be generated: {2}");

    /// <summary>MCPG1104: "Parameter '{0}' of '{1}' cannot be sent: {2}".</summary>
    public static readonly DiagnosticDescriptor UnsupportedRemoteParameter = Create(DiagnosticIds.UnsupportedRemoteParameter,
        "Unsupported client parameter", "Parameter '{0}' of '{1}' cannot be sent: {2}");

    /// <summary>MCPG1105: "'{0}' cannot return '{1}': {2}".</summary>
    public static readonly DiagnosticDescriptor UnsupportedRemoteReturn = Create(DiagnosticIds.UnsupportedRemoteReturn,
        "Unsupported client return type", "'{0}' cannot return '{1}': {2}");

    /// <summary>MCPG1106: "The tool list '{0}' cannot be imported: {1}".</summary>
    public static readonly DiagnosticDescriptor InvalidImport = Create(DiagnosticIds.InvalidImport,
        "Tool list cannot be imported", "The tool list '{0}' cannot be imported: {1}");

    /// <summary>MCPG1107: "In {1} of the imported tool list '{0}', {2}: it is read and written as {3}".</summary>
    public static readonly DiagnosticDescriptor ImportedSchemaNotMapped = Create(DiagnosticIds.ImportedSchemaNotMapped,
        "Imported schema has no C# type", "In {1} of the imported tool list '{0}', {2}: it is read and written as {3}", severity: DiagnosticSeverity.Warning);

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

    /// <summary>MCPG1010: "Tool '{0}' is marked both ReadOnly and Destructive; a read-only tool cannot destroy anything, so clients ignore one of the hints".</summary>
    public static readonly DiagnosticDescriptor ReadOnlyAndDestructive = Create(DiagnosticIds.ReadOnlyAndDestructive,
        "Tool is marked both ReadOnly and Destructive", "Tool '{0}' is marked both ReadOnly and Destructive; a read-only tool cannot destroy anything, so clients ignore one of the hints", severity: DiagnosticSeverity.Warning);

    /// <summary>MCPG1011: "The method '{0}' has more than one CancellationToken parameter ('{1}'); declare one".</summary>
    public static readonly DiagnosticDescriptor MultipleCancellationTokens = Create(DiagnosticIds.MultipleCancellationTokens,
        "More than one CancellationToken parameter", "The method '{0}' has more than one CancellationToken parameter ('{1}'); declare one");

    /// <summary>MCPG1012: "The {0} '{1}' has no description; the model sees only its name".</summary>
    public static readonly DiagnosticDescriptor MissingDescription = Create(DiagnosticIds.MissingDescription,
        "Tool, prompt or resource has no description", "The {0} '{1}' has no description; the model sees only its name", severity: DiagnosticSeverity.Info);

    /// <summary>MCPG1013: "Parameter '{0}' of {1} cannot be mirrored into header Mcp-Param-{2}: {3}".</summary>
    public static readonly DiagnosticDescriptor InvalidHeaderParameter = Create(DiagnosticIds.InvalidHeaderParameter,
        "Invalid [McpHeader] parameter", "Parameter '{0}' of {1} cannot be mirrored into header Mcp-Param-{2}: {3}");

    /// <summary>MCPG1014: "The {0} requires an invalid OAuth scope '{1}': {2}".</summary>
    public static readonly DiagnosticDescriptor InvalidScope = Create(DiagnosticIds.InvalidScope,
        "Invalid [McpScope] scope", "The {0} requires an invalid OAuth scope '{1}': {2}");

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

    /// <summary>MCPG5001: "'{0}' is {1}: it lives in one process, so instances behind a load balancer do not share it and a restart loses it".</summary>
    public static readonly DiagnosticDescriptor MutableStaticState = Create(DiagnosticIds.MutableStaticState,
        "Static mutable state in a tool class", "'{0}' is {1}: it lives in one process, so instances behind a load balancer do not share it and a restart loses it", DiagnosticCategories.Stateless, DiagnosticSeverity.Warning);

    /// <summary>MCPG5002: "Field '{0}' is written by '{1}', but tool classes are created for each request: the value is gone when the call ends and no other request or instance sees it".</summary>
    public static readonly DiagnosticDescriptor InstanceFieldWrittenOutsideConstructor = Create(DiagnosticIds.InstanceFieldWrittenOutsideConstructor,
        "Tool class field written outside its constructor", "Field '{0}' is written by '{1}', but tool classes are created for each request: the value is gone when the call ends and no other request or instance sees it", DiagnosticCategories.Stateless, DiagnosticSeverity.Warning);

    /// <summary>MCPG5003: "Static event '{0}' keeps its subscribers for the life of the process; subscribers added by one request outlive it and other instances never see them".</summary>
    public static readonly DiagnosticDescriptor StaticEvent = Create(DiagnosticIds.StaticEvent,
        "Static event in a tool class", "Static event '{0}' keeps its subscribers for the life of the process; subscribers added by one request outlive it and other instances never see them", DiagnosticCategories.Stateless, DiagnosticSeverity.Warning);

    /// <summary>MCPG5004: "'{0}' is {1}: values stored by one request are not seen by the next request, which may run on another thread or instance; pass per-request data as parameters".</summary>
    public static readonly DiagnosticDescriptor ThreadOrFlowLocalStore = Create(DiagnosticIds.ThreadOrFlowLocalStore,
        "[ThreadStatic] or AsyncLocal used as a store", "'{0}' is {1}: values stored by one request are not seen by the next request, which may run on another thread or instance; pass per-request data as parameters", DiagnosticCategories.Stateless, DiagnosticSeverity.Warning);

    /// <summary>MCPG5005: "'{0}' is a per-process cache ({1}): each instance behind a load balancer has its own copy; use IDistributedCache or HybridCache for data every instance must see".</summary>
    public static readonly DiagnosticDescriptor ProcessLocalCache = Create(DiagnosticIds.ProcessLocalCache,
        "Per-process cache in handler code", "'{0}' is a per-process cache ({1}): each instance behind a load balancer has its own copy; use IDistributedCache or HybridCache for data every instance must see", DiagnosticCategories.Stateless, DiagnosticSeverity.Info);

    /// <summary>MCPG5006: "'{0}' is {1}, and handlers reach it ({2}): it lives in one process, so instances behind a load balancer do not share it".</summary>
    public static readonly DiagnosticDescriptor StaticStateReachedFromHandler = Create(DiagnosticIds.StaticStateReachedFromHandler,
        "Static state reached from a handler", "'{0}' is {1}, and handlers reach it ({2}): it lives in one process, so instances behind a load balancer do not share it", DiagnosticCategories.Stateless, DiagnosticSeverity.Warning, s_compilationEnd);

    /// <summary>MCPG5007: "[McpProcessLocal] on '{0}' gives no reason; say why per-process state is correct here".</summary>
    public static readonly DiagnosticDescriptor ProcessLocalWithoutReason = Create(DiagnosticIds.ProcessLocalWithoutReason,
        "[McpProcessLocal] without a reason", "[McpProcessLocal] on '{0}' gives no reason; say why per-process state is correct here", DiagnosticCategories.Stateless, DiagnosticSeverity.Warning);

    /// <summary>MCPG6001: "The async {0} '{1}' takes no CancellationToken, so it keeps running after the client cancels or disconnects".</summary>
    public static readonly DiagnosticDescriptor HandlerWithoutCancellationToken = Create(DiagnosticIds.HandlerWithoutCancellationToken,
        "Async handler takes no CancellationToken", "The async {0} '{1}' takes no CancellationToken, so it keeps running after the client cancels or disconnects", DiagnosticCategories.Cancellation, DiagnosticSeverity.Warning);

    /// <summary>MCPG6002: "Forward '{0}' to '{1}', which {2}; without it the call keeps running after the request is cancelled".</summary>
    public static readonly DiagnosticDescriptor CancellationTokenNotForwarded = Create(DiagnosticIds.CancellationTokenNotForwarded,
        "Forward the CancellationToken", "Forward '{0}' to '{1}', which {2}; without it the call keeps running after the request is cancelled", DiagnosticCategories.Cancellation, DiagnosticSeverity.Warning);

    /// <summary>MCPG6003: "Forward '{0}' to '{1}', which {2}; handlers call this code ({3}), so it keeps running after the request is cancelled".</summary>
    public static readonly DiagnosticDescriptor CancellationTokenNotForwardedInCalledCode = Create(DiagnosticIds.CancellationTokenNotForwardedInCalledCode,
        "Forward the CancellationToken in code handlers call", "Forward '{0}' to '{1}', which {2}; handlers call this code ({3}), so it keeps running after the request is cancelled", DiagnosticCategories.Cancellation, DiagnosticSeverity.Warning, s_compilationEnd);

    /// <summary>MCPG6004: "'{0}' blocks a thread until it completes and cannot be cancelled; {1}".</summary>
    public static readonly DiagnosticDescriptor BlockingWait = Create(DiagnosticIds.BlockingWait,
        "Blocking wait in handler code", "'{0}' blocks a thread until it completes and cannot be cancelled; {1}", DiagnosticCategories.Cancellation, DiagnosticSeverity.Warning);

    /// <summary>MCPG6005: "The task-capable tool '{0}' {1}; a task can be cancelled long after the call began, and this one would run to the end".</summary>
    public static readonly DiagnosticDescriptor TaskToolIgnoresCancellation = Create(DiagnosticIds.TaskToolIgnoresCancellation,
        "Task-capable tool never observes cancellation", "The task-capable tool '{0}' {1}; a task can be cancelled long after the call began, and this one would run to the end", DiagnosticCategories.Cancellation, DiagnosticSeverity.Warning);

    /// <summary>MCPG9001: "McpGen failed to generate code for '{0}': {1}. Please report this.".</summary>
    public static readonly DiagnosticDescriptor InternalError = Create(DiagnosticIds.InternalError,
        "McpGen generator failure", "McpGen failed to generate code for '{0}': {1}. Please report this.", DiagnosticCategories.Internal);

    /// <summary>MCPG2001: "'{0}' cannot be an elicitation form: {1}".</summary>
    public static readonly DiagnosticDescriptor UnsupportedFormType = Create(DiagnosticIds.UnsupportedFormType,
        "Type cannot be an elicitation form", "'{0}' cannot be an elicitation form: {1}");

    /// <summary>MCPG4001: "The server card of '{0}' cannot be built: {1}: {2}".</summary>
    public static readonly DiagnosticDescriptor InvalidServerCard = Create(DiagnosticIds.InvalidServerCard,
        "Invalid server card declaration", "The server card of '{0}' cannot be built: {1}: {2}");

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        DiagnosticIds.LanguageVersion => LanguageVersion,
        DiagnosticIds.ClientNotPartial => ClientNotPartial,
        DiagnosticIds.RemoteMethodWithoutTarget => RemoteMethodWithoutTarget,
        DiagnosticIds.UnsupportedRemoteMethod => UnsupportedRemoteMethod,
        DiagnosticIds.UnsupportedRemoteParameter => UnsupportedRemoteParameter,
        DiagnosticIds.UnsupportedRemoteReturn => UnsupportedRemoteReturn,
        DiagnosticIds.InvalidImport => InvalidImport,
        DiagnosticIds.ImportedSchemaNotMapped => ImportedSchemaNotMapped,
        DiagnosticIds.ServerNotPartial => ServerNotPartial,
        DiagnosticIds.InvalidToolName => InvalidToolName,
        DiagnosticIds.DuplicateToolName => DuplicateToolName,
        DiagnosticIds.UnsupportedParameterType => UnsupportedParameterType,
        DiagnosticIds.UnsupportedReturnType => UnsupportedReturnType,
        DiagnosticIds.UnsupportedMethodShape => UnsupportedMethodShape,
        DiagnosticIds.ToolClassNotConstructible => ToolClassNotConstructible,
        DiagnosticIds.ToolNotAccessible => ToolNotAccessible,
        DiagnosticIds.InvalidInputSchema => InvalidInputSchema,
        DiagnosticIds.UnsupportedFormType => UnsupportedFormType,
        DiagnosticIds.InvalidResourceUri => InvalidResourceUri,
        DiagnosticIds.ParameterNotInUriTemplate => ParameterNotInUriTemplate,
        DiagnosticIds.UnboundTemplateVariable => UnboundTemplateVariable,
        DiagnosticIds.CompletionTargetNotFound => CompletionTargetNotFound,
        DiagnosticIds.InvalidServerCard => InvalidServerCard,
        DiagnosticIds.MultipleCancellationTokens => MultipleCancellationTokens,
        DiagnosticIds.InvalidHeaderParameter => InvalidHeaderParameter,
        DiagnosticIds.InvalidScope => InvalidScope,
        _ => InternalError,
    };

    public static bool IsError(string id) => ById(id).DefaultSeverity == DiagnosticSeverity.Error;

    public static string HelpLink(string id) => $"https://github.com/mcpgen/mcpgen/blob/main/docs/diagnostics/{id}.md";

    /// <summary>MCPG7001: "'{0}' is served by the official SDK's reflection ([{1}]); add McpGen's [{2}] to have it generated at compile time".</summary>
    public static readonly DiagnosticDescriptor SdkAttributeOnly = Create(DiagnosticIds.SdkAttributeOnly,
        "Primitive declared only with the official SDK's attribute",
        "'{0}' is served by the official SDK's reflection ([{1}]); add McpGen's [{2}] to have it generated at compile time",
        DiagnosticCategories.Migration, DiagnosticSeverity.Info);

    /// <summary>MCPG8001: "'{0}' is marked CacheScope = Public but reads the caller's identity ({1}): a shared cache would serve one caller's result to others".</summary>
    public static readonly DiagnosticDescriptor PublicResultReadsIdentity = Create(DiagnosticIds.PublicResultReadsIdentity,
        "Publicly cacheable result reads the caller's identity",
        "'{0}' is marked CacheScope = Public but reads the caller's identity ({1}): a shared cache would serve one caller's result to others",
        DiagnosticCategories.Security, DiagnosticSeverity.Warning);

    /// <summary>MCPG6020: "{0} is async void: handler code cannot await it, the request's token does not stop it, and an exception it throws crashes the process; {1}".</summary>
    public static readonly DiagnosticDescriptor AsyncVoidCalledFromHandler = Create(DiagnosticIds.AsyncVoidCalledFromHandler,
        "Async void called from handler code",
        "{0} is async void: handler code cannot await it, the request's token does not stop it, and an exception it throws crashes the process; {1}",
        DiagnosticCategories.Cancellation, DiagnosticSeverity.Warning);

    /// <summary>MCPG6021: "'{0}' is passed to '{1}' although '{2}' is in scope, so the call keeps running after the request is cancelled; pass '{2}', or suppress here if the work must finish".</summary>
    public static readonly DiagnosticDescriptor CancellationTokenNoneWithTokenInScope = Create(DiagnosticIds.CancellationTokenNoneWithTokenInScope,
        "CancellationToken.None passed where the request's token is in scope",
        "'{0}' is passed to '{1}' although '{2}' is in scope, so the call keeps running after the request is cancelled; pass '{2}', or suppress here if the work must finish",
        DiagnosticCategories.Cancellation, DiagnosticSeverity.Info);

    private static DiagnosticDescriptor Create(string id, string title, string message, string category = Category, DiagnosticSeverity severity = DiagnosticSeverity.Error, string[]? customTags = null) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpLink(id), customTags: customTags ?? []);
    /// <summary>MCPG5020: "'{0}' limits concurrent work in this process only: the limit is per instance, so N instances allow N× the calls; if it guards an external quota, use a limit every instance shares".</summary>
    public static readonly DiagnosticDescriptor PerInstanceThrottle = Create(DiagnosticIds.PerInstanceThrottle,
        "Throttle that limits one instance only",
        "'{0}' limits concurrent work in this process only: the limit is per instance, so N instances allow N× the calls; if it guards an external quota, use a limit every instance shares",
        DiagnosticCategories.Stateless, DiagnosticSeverity.Info);

    /// <summary>MCPG5021: "'{0}' stores per-user data in a per-process cache ({1}): the key comes from {2}, so a later call on another instance misses it; use IDistributedCache or HybridCache, or mark caches of data that is the same on every instance [McpProcessLocal]".</summary>
    public static readonly DiagnosticDescriptor PerUserDataInProcessCache = Create(DiagnosticIds.PerUserDataInProcessCache,
        "Per-user data in a per-process cache",
        "'{0}' stores per-user data in a per-process cache ({1}): the key comes from {2}, so a later call on another instance misses it; use IDistributedCache or HybridCache, or mark caches of data that is the same on every instance [McpProcessLocal]",
        DiagnosticCategories.Stateless, DiagnosticSeverity.Warning);

    /// <summary>MCPG5022: "'{0}' is {1} of '{2}', which is registered as a singleton ({3}) and changed by code handlers reach ({4}): every request on this instance shares it, and other instances never see it".</summary>
    public static readonly DiagnosticDescriptor SingletonServiceState = Create(DiagnosticIds.SingletonServiceState,
        "State in a singleton service reached from a handler",
        "'{0}' is {1} of '{2}', which is registered as a singleton ({3}) and changed by code handlers reach ({4}): every request on this instance shares it, and other instances never see it",
        DiagnosticCategories.Stateless, DiagnosticSeverity.Warning, s_compilationEnd);
    /// <summary>MCPG5023: "'{0}' is filled by its initializer and never changed: declare it as a {1} to say so".</summary>
    public static readonly DiagnosticDescriptor UseFrozenCollection = Create(DiagnosticIds.UseFrozenCollection,
        "Static collection never changed",
        "'{0}' is filled by its initializer and never changed: declare it as a {1} to say so",
        DiagnosticCategories.Stateless, DiagnosticSeverity.Hidden);
}
