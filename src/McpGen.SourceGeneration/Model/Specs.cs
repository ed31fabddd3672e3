using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace McpGen.SourceGeneration.Model;

// Every type in this file is immutable and value-equal (records of strings, numbers, enums and EquatableArray).
// The incremental pipeline caches on that equality: adding a member that breaks it (a symbol, a syntax node, a
// Location, a mutable collection) breaks caching.

/// <summary>A source location without a reference to the syntax tree, so it can live in a cached model.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    /// <summary>The location in its syntax tree when the compilation still has it (so #pragma and the IDE work).</summary>
    public Location ToLocation(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.FilePath == FilePath && tree.Length >= Span.End)
            {
                return Location.Create(tree, Span);
            }
        }

        return ToLocation();
    }

    public static LocationInfo? From(Location? location) =>
        location?.SourceTree is null ? null : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
}

/// <summary>A diagnostic to report, by descriptor id, with its message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic(Compilation compilation) =>
        Diagnostic.Create(Diagnostics.DiagnosticDescriptors.ById(Id), Location?.ToLocation(compilation), messageArgs: [.. Arguments]);
}

/// <summary>The JSON shape of a .NET type as McpGen reads and writes it.</summary>
internal enum JsonShape
{
    String,
    Boolean,
    Char,
    Byte,
    SByte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Single,
    Double,
    Decimal,
    DateTime,
    DateTimeOffset,
    DateOnly,
    TimeOnly,
    TimeSpan,
    Guid,
    Uri,
    /// <summary><c>System.Text.Json.JsonElement</c>: any JSON value.</summary>
    Any,
    Enum,
    /// <summary><c>Nullable&lt;T&gt;</c>; <see cref="TypeRefSpec.Element"/> is <c>T</c>.</summary>
    Nullable,
    /// <summary>An array or collection; <see cref="TypeRefSpec.Element"/> is the item type.</summary>
    Collection,
    /// <summary>A dictionary with string keys; <see cref="TypeRefSpec.Element"/> is the value type.</summary>
    Dictionary,
    /// <summary>A record, class or struct with properties; see <see cref="ObjectTypeSpec"/>.</summary>
    Object,
}

/// <summary>How a collection is built after reading.</summary>
internal enum CollectionKind
{
    None,
    Array,
    List,
    HashSet,
}

/// <summary>A use of a type: its kind, C# name, nullability and element type.</summary>
/// <param name="TypeName">The <c>global::</c>-qualified C# type, without a nullable-reference annotation.</param>
/// <param name="IsNullable">For reference types: whether <c>null</c> is accepted (annotated <c>?</c>).</param>
/// <param name="ObjectKey">For <see cref="JsonShape.Object"/>: the key of its <see cref="ObjectTypeSpec"/>.</param>
internal sealed record TypeRefSpec(
    JsonShape Kind,
    string TypeName,
    bool IsNullable,
    TypeRefSpec? Element,
    string? ObjectKey,
    CollectionKind Collection,
    EquatableArray<EnumMemberSpec> EnumMembers)
{
    /// <summary>Whether values of this type may be <c>null</c> in JSON.</summary>
    public bool AcceptsNull => IsNullable || Kind == JsonShape.Nullable;

    /// <summary>The type name as a declaration (with <c>?</c> for nullable reference types).</summary>
    public string DeclaredName => IsNullable && Kind != JsonShape.Nullable && !IsValueKind ? TypeName + "?" : TypeName;

    public bool IsValueKind => Kind is not (JsonShape.String or JsonShape.Uri or JsonShape.Collection or JsonShape.Dictionary or JsonShape.Object)
        || (Kind == JsonShape.Object && ObjectIsValueType);

    /// <summary>For objects: whether the type is a struct.</summary>
    public bool ObjectIsValueType { get; init; }
}

internal sealed record EnumMemberSpec(string Name, string JsonName, string Value);

/// <summary>DataAnnotations constraints.</summary>
internal sealed record ValidationSpec(string? Minimum, string? Maximum, int? MinLength, int? MaxLength, string? Pattern);

/// <summary>A property of an object type.</summary>
/// <param name="CtorIndex">The constructor parameter the property binds through, or -1.</param>
/// <param name="CanBind">Readable from JSON: a constructor parameter, or a public setter / init accessor.</param>
/// <param name="IsInitOnly">Bound through an init accessor (must go in the object initializer).</param>
/// <param name="Required">Must be present in input JSON.</param>
/// <param name="DefaultLiteral">For constructor parameters with a default: the C# literal to pass when absent.</param>
internal sealed record PropertySpec(
    string Name,
    string JsonName,
    TypeRefSpec Type,
    string? Description,
    bool CanRead,
    bool CanBind,
    bool IsInitOnly,
    int CtorIndex,
    bool Required,
    string? DefaultLiteral,
    string? DefaultJson,
    ValidationSpec? Validation,
    bool IsRequiredMember,
    bool DefaultFromInstance);

/// <summary>One argument of the constructor used to create an object: a property's value, or a default literal.</summary>
internal sealed record CtorArgumentSpec(string? PropertyName, string? DefaultLiteral);

/// <summary>A record, class or struct read from and written to JSON objects.</summary>
/// <param name="Key">Unique key (the fully qualified name).</param>
/// <param name="SchemaName">The name under <c>$defs</c> when the type is recursive.</param>
/// <param name="CtorArguments">The arguments of the constructor used to create it.</param>
/// <param name="InputProblem">Why the type cannot be read from JSON, or <see langword="null"/>.</param>
/// <param name="OutputProblem">Why the type cannot be written as JSON, or <see langword="null"/>.</param>
internal sealed record ObjectTypeSpec(
    string Key,
    string TypeName,
    string SchemaName,
    string? Description,
    bool IsValueType,
    EquatableArray<CtorArgumentSpec> CtorArguments,
    EquatableArray<PropertySpec> Properties,
    string? InputProblem,
    string? OutputProblem);

/// <summary>Where a parameter's value comes from.</summary>
internal enum ParameterSource
{
    /// <summary>A tool argument, prompt argument or URI template variable.</summary>
    Argument,
    CancellationToken,
    Progress,
    RequestContext,
    /// <summary><c>McpInput</c>: asks the client for input (tools, prompts, resource reads).</summary>
    Input,
    ServiceProvider,
    Service,
    /// <summary>Completion methods: what the user typed.</summary>
    CompletionValue,
    /// <summary>Completion methods: another argument, by name.</summary>
    ContextArgument,
    /// <summary>Completion methods: all other arguments.</summary>
    ContextArguments,
}

/// <summary>A parameter of an attributed method.</summary>
internal sealed record ParameterSpec(
    string Name,
    ParameterSource Source,
    TypeRefSpec? Type,
    string ServiceTypeName,
    string? ServiceKeyLiteral,
    bool Required,
    string? DefaultLiteral,
    ValidationSpec? Validation,
    string? Description = null);

/// <summary>How to call an attributed method: its class, how that class is created, and its parameters.</summary>
internal sealed record MethodSpec(
    string ContainingTypeName,
    string ContainingTypeKey,
    string MethodName,
    bool IsStatic,
    EquatableArray<string> ConstructorServices,
    bool IsDisposable,
    bool IsAsyncDisposable,
    EquatableArray<ParameterSpec> Parameters,
    LocationInfo? Location)
{
    /// <summary>Whether calls need services (and so a dependency-injection scope).</summary>
    public bool UsesServices =>
        (!IsStatic && ConstructorServices.Count > 0)
        || Parameters.Any(p => p.Source is ParameterSource.Service or ParameterSource.ServiceProvider or ParameterSource.RequestContext);

    /// <summary>Whether an instance is created and must be disposed after the call.</summary>
    public bool Disposes => !IsStatic && (IsDisposable || IsAsyncDisposable);

    /// <summary>OAuth scopes from <c>[McpScope]</c> on the method and its class, deduplicated, in declaration order.</summary>
    public EquatableArray<string> RequiredScopes { get; init; } = EquatableArray<string>.Empty;
}

/// <summary>How a tool's return value becomes a <c>CallToolResult</c>.</summary>
internal enum ReturnKind
{
    Void,
    Text,
    Primitive,
    CallToolResult,
    Content,
    Contents,
    Structured,
}

internal sealed record ReturnSpec(ReturnKind Kind, bool IsAsync, TypeRefSpec? Type, bool WrapInResult);

/// <summary>Everything the emitter needs to serve one tool.</summary>
internal sealed record ToolSpec(
    string Name,
    string? Title,
    string? Description,
    MethodSpec Method,
    ReturnSpec Return,
    string InputSchema,
    string? OutputSchema,
    string? ReadOnlyHint,
    string? DestructiveHint,
    string? IdempotentHint,
    string? OpenWorldHint,
    EquatableArray<ObjectTypeSpec> Types)
{
    /// <summary><c>McpTaskSupport</c> as its number: 0 forbidden, 1 optional, 2 required.</summary>
    public int TaskSupport { get; init; }

    /// <summary>Task policy from the attribute, in milliseconds or attempts; 0 where the server's options decide.</summary>
    public int TaskTimeToLiveMs { get; init; }

    public int TaskPollIntervalMs { get; init; }

    public int TaskMaxAttempts { get; init; }

    public int TaskTimeoutMs { get; init; }

    /// <summary>The method calls <c>RunAsTaskAsync</c> itself: the task starts there, not before the handler runs.</summary>
    public bool StartsTaskInHandler { get; init; }

    /// <summary>Arguments mirrored into <c>Mcp-Param-*</c> headers (<c>[McpHeader]</c>), in parameter order.</summary>
    public EquatableArray<HeaderParameterSpec> HeaderParameters { get; init; } = EquatableArray<HeaderParameterSpec>.Empty;
}

/// <summary>An argument mirrored into the <c>Mcp-Param-{HeaderName}</c> header.</summary>
internal sealed record HeaderParameterSpec(string HeaderName, string ArgumentName);

/// <summary>How a resource method's return value becomes <c>contents</c>.</summary>
internal enum ResourceReturnKind
{
    Text,
    Primitive,
    Bytes,
    Memory,
    Stream,
    Json,
    Contents,
    ContentsList,
    ReadResult,
}

/// <summary>One part of a URI template: a literal, or an expression with its operator and variables.</summary>
/// <param name="Operator">For expressions: <c>'\0'</c> (none) or one of <c>+ # . / ; ? &amp;</c>.</param>
internal sealed record TemplatePartSpec(string? Literal, char Operator, EquatableArray<string> Variables);

/// <summary>Everything the emitter needs to serve one resource or resource template.</summary>
/// <param name="TimeToLiveMs">The attribute's ttl, or -1 when not set.</param>
/// <param name="CacheScope">The attribute's <c>McpCacheScope</c> value (0 when not set).</param>
internal sealed record ResourceSpec(
    string Uri,
    bool IsTemplate,
    EquatableArray<TemplatePartSpec> Parts,
    EquatableArray<string> Variables,
    string Name,
    string? Title,
    string? Description,
    string? MimeType,
    long TimeToLiveMs,
    int CacheScope,
    MethodSpec Method,
    ResourceReturnKind ReturnKind,
    bool IsAsync,
    TypeRefSpec? ValueType,
    EquatableArray<ObjectTypeSpec> Types);

/// <summary>How a prompt method's return value becomes <c>messages</c>.</summary>
internal enum PromptReturnKind
{
    Text,
    Message,
    Messages,
    Content,
    Contents,
    Result,
}

/// <summary>Everything the emitter needs to serve one prompt.</summary>
internal sealed record PromptSpec(
    string Name,
    string? Title,
    string? Description,
    MethodSpec Method,
    PromptReturnKind ReturnKind,
    bool IsAsync);

/// <summary>A <c>[McpCompletion]</c> method and the prompt argument or template variable it completes.</summary>
/// <param name="ReturnsCompletion">Returns <c>Completion</c> rather than a sequence of strings.</param>
internal sealed record CompletionSpec(
    string? Prompt,
    string? ResourceTemplate,
    string Argument,
    MethodSpec Method,
    bool ReturnsCompletion,
    bool IsAsync);

/// <summary>The completions one method serves (it may carry several <c>[McpCompletion]</c> attributes).</summary>
internal sealed record CompletionMethodSpec(EquatableArray<CompletionSpec> Completions);

/// <summary>A <c>[McpResourceList]</c> method.</summary>
internal sealed record ResourceListSpec(MethodSpec Method, long TimeToLiveMs, int CacheScope);

/// <summary>The result of parsing one attributed declaration: the spec, or only the reasons it cannot be one.</summary>
internal sealed record ParseResult<T>(T? Value, EquatableArray<DiagnosticInfo> Diagnostics)
    where T : class;

/// <summary>Every valid primitive of the compilation, each kind in a deterministic order.</summary>
internal sealed record PrimitivesSpec(
    EquatableArray<ToolSpec> Tools,
    EquatableArray<ResourceSpec> Resources,
    EquatableArray<PromptSpec> Prompts,
    EquatableArray<CompletionSpec> Completions,
    EquatableArray<ResourceListSpec> ResourceLists)
{
    /// <summary>The same primitives without source locations, which only diagnostics need.</summary>
    public PrimitivesSpec WithoutLocations()
    {
        static MethodSpec Strip(MethodSpec method) => method with { Location = null };
        return new PrimitivesSpec(
            Tools.Select(t => t with { Method = Strip(t.Method) }).ToEquatableArray(),
            Resources.Select(r => r with { Method = Strip(r.Method) }).ToEquatableArray(),
            Prompts.Select(p => p with { Method = Strip(p.Method) }).ToEquatableArray(),
            Completions.Select(c => c with { Method = Strip(c.Method) }).ToEquatableArray(),
            ResourceLists.Select(l => l with { Method = Strip(l.Method) }).ToEquatableArray());
    }
}

/// <summary>A containing type of the server class, to reopen it as partial.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name);

/// <summary>An <c>[McpServer]</c> class.</summary>
internal sealed record ServerSpec(
    string Namespace,
    string ClassName,
    string HintName,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Name,
    string Version,
    string? Title,
    string? Description,
    string? Instructions,
    EquatableArray<string> Types,
    bool RestrictsTypes,
    LocationInfo? Location)
{
    /// <summary>The server's website, or <see langword="null"/>.</summary>
    public string? WebsiteUrl { get; init; }

    /// <summary>The server's icons (<c>[McpIcon]</c>).</summary>
    public EquatableArray<IconSpec> Icons { get; init; } = EquatableArray<IconSpec>.Empty;

    /// <summary>The server card, built at compile time; <see langword="null"/> when its declarations are invalid.</summary>
    public ServerCardSpec? Card { get; init; }
}

/// <summary>An <c>[McpIcon]</c>: <paramref name="Sizes"/> is the space-separated list as written.</summary>
internal sealed record IconSpec(string Source, string? MimeType, string? Sizes, string? Theme);

/// <summary>A server card: its reverse-DNS name, display name, the document and its entity tag.</summary>
internal sealed record ServerCardSpec(string Name, string DisplayName, string Json, string ETag);

/// <summary>
/// An elicitation form: a type used as <c>McpInput.Elicit&lt;T&gt;</c>, with its requested schema and what its reader
/// needs. Keyed by <see cref="Key"/>: every call site with the same type yields an equal spec.
/// </summary>
internal sealed record FormSpec(string Key, TypeRefSpec Type, string Schema, EquatableArray<ObjectTypeSpec> Types);
