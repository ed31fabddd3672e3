using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace McpGen.SourceGeneration.Analyzers;

/// <summary>
/// The symbols McpGen's analyzers look for, resolved once per compilation, and the questions every analyzer asks:
/// is this method a handler, is this type a tool class, has this state been declared process-local on purpose.
/// </summary>
internal sealed class McpSymbols
{
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _toolClasses = new(SymbolEqualityComparer.Default);

    private McpSymbols(Compilation compilation, INamedTypeSymbol toolAttribute)
    {
        Compilation = compilation;
        ToolAttribute = toolAttribute;
        var handlerAttributes = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        handlerAttributes.Add(toolAttribute);
        foreach (string name in new[] { "McpGen.McpResourceAttribute", "McpGen.McpPromptAttribute", "McpGen.McpCompletionAttribute", "McpGen.McpResourceListAttribute" })
        {
            if (compilation.GetTypeByMetadataName(name) is { } attribute)
            {
                handlerAttributes.Add(attribute);
            }
        }

        HandlerAttributes = handlerAttributes.ToImmutable();
        ServerAttribute = compilation.GetTypeByMetadataName("McpGen.McpServerAttribute");
        ProcessLocalAttribute = compilation.GetTypeByMetadataName("McpGen.McpProcessLocalAttribute");
        RequestContext = compilation.GetTypeByMetadataName("McpGen.McpRequestContext");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        Types = new MutableTypes(compilation);
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol ToolAttribute { get; }

    public ImmutableArray<INamedTypeSymbol> HandlerAttributes { get; }

    public INamedTypeSymbol? ServerAttribute { get; }

    public INamedTypeSymbol? ProcessLocalAttribute { get; }

    public INamedTypeSymbol? RequestContext { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public MutableTypes Types { get; }

    /// <summary>The symbols, or <see langword="null"/> when the compilation does not reference McpGen (nothing to analyze).</summary>
    public static McpSymbols? Create(Compilation compilation) =>
        compilation.GetTypeByMetadataName("McpGen.McpToolAttribute") is { } tool ? new McpSymbols(compilation, tool) : null;

    /// <summary>The handler attribute on a method: [McpTool], [McpResource], [McpPrompt], [McpCompletion] or [McpResourceList].</summary>
    public AttributeData? HandlerAttribute(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { } type && HandlerAttributes.Contains(type, SymbolEqualityComparer.Default))
            {
                return attribute;
            }
        }

        return null;
    }

    public bool IsHandler(IMethodSymbol method) => HandlerAttribute(method) is not null;

    /// <summary>
    /// A class McpGen serves from: it declares a handler or is an <c>[McpServer]</c>. Its code runs for requests, so the
    /// stateless and cancellation rules apply to all of it.
    /// </summary>
    public bool IsToolClass(INamedTypeSymbol? type) =>
        type is not null && _toolClasses.GetOrAdd(type.OriginalDefinition, t =>
            (ServerAttribute is not null && t.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, ServerAttribute)))
            || t.GetMembers().OfType<IMethodSymbol>().Any(IsHandler));

    /// <summary>Whether the symbol, or a method or type containing it, carries <c>[McpProcessLocal]</c>.</summary>
    public bool IsDeclaredProcessLocal(ISymbol symbol)
    {
        if (ProcessLocalAttribute is null)
        {
            return false;
        }

        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (ProcessLocalAttributeOf(current) is not null)
            {
                return true;
            }
        }

        return false;
    }

    public AttributeData? ProcessLocalAttributeOf(ISymbol symbol) =>
        ProcessLocalAttribute is null
            ? null
            : symbol.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, ProcessLocalAttribute));

    public bool IsCancellationToken(ITypeSymbol? type) => type is not null && SymbolEqualityComparer.Default.Equals(type, CancellationToken);

    public bool IsRequestContext(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, RequestContext))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the symbol is declared in the compilation being analyzed (not in a reference).</summary>
    public bool IsInThisAssembly(ISymbol symbol) => SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, Compilation.Assembly);

    /// <summary>"Type.Member", for messages.</summary>
    public static string Display(ISymbol symbol) =>
        symbol is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } constructor
            ? constructor.ContainingType.Name + " constructor"
            : symbol is IMethodSymbol { AssociatedSymbol: { } property }
                ? property.ContainingType.Name + "." + property.Name
                : symbol.ContainingType is null ? symbol.Name : symbol.ContainingType.Name + "." + symbol.Name;
}
