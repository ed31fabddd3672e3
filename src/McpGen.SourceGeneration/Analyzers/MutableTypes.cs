using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpGen.SourceGeneration.Analyzers;

/// <summary>
/// Decides whether a value of a type can change after it is created, for the rule that a <c>static readonly</c> field
/// of a mutable type is still state. Types of this compilation are judged by their members (records with init-only
/// members are immutable); referenced types by what is known of them, staying silent when unsure, because a
/// referenced class's private fields are not visible and a false warning costs more trust than a missed one.
/// </summary>
internal sealed class MutableTypes
{
    private const int MaxDepth = 6;

    /// <summary>Referenced types whose instances do not change, or whose changes are not request state.</summary>
    private static readonly HashSet<string> s_immutable =
    [
        "System.Uri", "System.Version", "System.Guid", "System.TimeSpan", "System.DateTime",
        "System.DateTimeOffset", "System.DateOnly", "System.TimeOnly", "System.Type", "System.Random", "System.TimeProvider",
        "System.StringComparer", "System.Text.Encoding", "System.Text.CompositeFormat", "System.Text.RegularExpressions.Regex",
        "System.Globalization.CultureInfo", "System.Globalization.CompareInfo", "System.Text.Json.JsonSerializerOptions",
        "System.Text.Json.JsonElement", "System.Text.Json.JsonEncodedText", "System.Text.Json.JsonDocument",
        "System.Diagnostics.ActivitySource", "System.Diagnostics.Metrics.Meter", "System.Net.Http.HttpClient",
        "System.Threading.Lock", "System.Buffers.SearchValues`1", "System.Buffers.ArrayPool`1", "System.Xml.Linq.XName",
        "System.Xml.Linq.XNamespace", "System.Threading.Tasks.Task", "System.Threading.Tasks.Task`1", "System.Text.Json.Serialization.JsonSerializerContext",
        "System.Reflection.MemberInfo", "System.Reflection.Assembly", "System.ReadOnlyMemory`1", "System.Memory`1",
    ];

    /// <summary>Referenced classes that hold changing state, with a short reason.</summary>
    private static readonly Dictionary<string, string> s_mutable = new()
    {
        ["System.Text.StringBuilder"] = "a StringBuilder",
        ["System.IO.Stream"] = "a stream",
        ["System.Threading.CancellationTokenSource"] = "a CancellationTokenSource",
        ["System.Threading.SemaphoreSlim"] = "a semaphore, which coordinates only this process",
        ["System.Threading.WaitHandle"] = "a wait handle, which coordinates only this process",
        ["System.Threading.ManualResetEventSlim"] = "an event, which coordinates only this process",
        ["System.Threading.ReaderWriterLockSlim"] = "a lock, which coordinates only this process",
        ["System.Threading.Barrier"] = "a barrier, which coordinates only this process",
        ["System.Threading.CountdownEvent"] = "a countdown event, which coordinates only this process",
        ["System.Threading.Channels.Channel`1"] = "a channel, a queue in this process",
        ["System.Threading.Channels.Channel`2"] = "a channel, a queue in this process",
        ["System.Runtime.CompilerServices.ConditionalWeakTable`2"] = "a table that changes as entries are added",
        ["System.Text.Json.Nodes.JsonNode"] = "a JSON tree that can be edited",
        ["System.Data.DataTable"] = "a DataTable",
        ["System.Data.DataSet"] = "a DataSet",
    };

    /// <summary>Interfaces through which a collection can be changed.</summary>
    private static readonly HashSet<string> s_mutableInterfaces =
    [
        "System.Collections.Generic.ICollection`1", "System.Collections.Generic.IList`1", "System.Collections.Generic.IDictionary`2",
        "System.Collections.Generic.ISet`1", "System.Collections.IList", "System.Collections.IDictionary",
        "System.Collections.Concurrent.IProducerConsumerCollection`1",
    ];

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<ITypeSymbol, string?> _cache = new(SymbolEqualityComparer.Default);

    public MutableTypes(Compilation compilation) => _compilation = compilation;

    /// <summary>Why a value of <paramref name="type"/> can change, or <see langword="null"/> when it cannot (or it is not known).</summary>
    public string? Reason(ITypeSymbol type) =>
        _cache.GetOrAdd(type, t => Reason(t, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default)));

    private string? Reason(ITypeSymbol type, HashSet<ITypeSymbol> visiting)
    {
        // Recursive types (a node with a readonly field of its own type) end here as immutable.
        if (visiting.Count > MaxDepth || !visiting.Add(type))
        {
            return null;
        }

        string? reason = Compute(type, visiting);
        visiting.Remove(type);
        return reason;
    }

    private string? Compute(ITypeSymbol type, HashSet<ITypeSymbol> visiting)
    {
        switch (type)
        {
            case IArrayTypeSymbol:
                return "an array, whose elements can be replaced";
            case ITypeParameterSymbol or IPointerTypeSymbol or IFunctionPointerTypeSymbol or IDynamicTypeSymbol or IErrorTypeSymbol:
                return null;
        }

        if (type is not INamedTypeSymbol named)
        {
            return null;
        }

        if (named.SpecialType != SpecialType.None || named.TypeKind is TypeKind.Enum or TypeKind.Delegate)
        {
            return null;
        }

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return Reason(named.TypeArguments[0], visiting);
        }

        string ns = named.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        if (ns.StartsWith("System.Collections.Immutable", System.StringComparison.Ordinal)
            || ns.StartsWith("System.Collections.Frozen", System.StringComparison.Ordinal)
            || (ns == "System.Collections.ObjectModel" && named.Name.StartsWith("ReadOnly", System.StringComparison.Ordinal)))
        {
            return null;
        }

        if (MetadataName(named.OriginalDefinition) is "System.Lazy`1")
        {
            return Reason(named.TypeArguments[0], visiting);
        }

        for (var current = named; current is not null; current = current.BaseType)
        {
            string name = MetadataName(current.OriginalDefinition);
            if (s_immutable.Contains(name))
            {
                return null;
            }

            if (s_mutable.TryGetValue(name, out string? reason))
            {
                return reason;
            }
        }

        if (named.TypeKind == TypeKind.Interface)
        {
            return s_mutableInterfaces.Contains(MetadataName(named.OriginalDefinition)) || named.AllInterfaces.Any(i => s_mutableInterfaces.Contains(MetadataName(i.OriginalDefinition)))
                ? "a collection that can be changed through its interface"
                : null;
        }

        bool inSource = SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, _compilation.Assembly);
        if (!inSource)
        {
            // Referenced collections: anything that can be added to (List, Dictionary, ConcurrentDictionary, HashSet...).
            return named.AllInterfaces.Any(i => s_mutableInterfaces.Contains(MetadataName(i.OriginalDefinition)))
                ? "a collection, whose contents can change"
                : null;
        }

        if (named.AllInterfaces.Any(i => s_mutableInterfaces.Contains(MetadataName(i.OriginalDefinition))))
        {
            return "a collection, whose contents can change";
        }

        return MemberReason(named, visiting);
    }

    /// <summary>A type of this compilation changes when it has a settable member or holds something that changes.</summary>
    private string? MemberReason(INamedTypeSymbol type, HashSet<ITypeSymbol> visiting)
    {
        for (var current = type; current is not null && SymbolEqualityComparer.Default.Equals(current.ContainingAssembly, _compilation.Assembly); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                switch (member)
                {
                    case IFieldSymbol { IsStatic: false, IsConst: false, IsImplicitlyDeclared: false } field:
                        if (!field.IsReadOnly && type.TypeKind != TypeKind.Struct)
                        {
                            return $"'{type.Name}', whose field '{field.Name}' is not readonly";
                        }

                        if (Reason(field.Type, visiting) is { } fieldReason)
                        {
                            return $"'{type.Name}', whose field '{field.Name}' is {fieldReason}";
                        }

                        break;
                    case IPropertySymbol { IsStatic: false, IsIndexer: false } property when IsAutoProperty(property):
                        if (property.SetMethod is { IsInitOnly: false } && type.TypeKind != TypeKind.Struct)
                        {
                            return $"'{type.Name}', whose property '{property.Name}' has a setter";
                        }

                        if (Reason(property.Type, visiting) is { } propertyReason)
                        {
                            return $"'{type.Name}', whose property '{property.Name}' is {propertyReason}";
                        }

                        break;
                }
            }
        }

        return null;
    }

    /// <summary>Whether a property of this compilation stores its value (an auto-property or record member), rather than computing it.</summary>
    public static bool IsAutoProperty(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            if (syntax is ParameterSyntax)
            {
                return true; // a positional record member
            }

            if (syntax is PropertyDeclarationSyntax { AccessorList: { } accessors, ExpressionBody: null }
                && accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null))
            {
                return true;
            }
        }

        return false;
    }

    public static string MetadataName(INamedTypeSymbol type)
    {
        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : string.Empty;
        string name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "+" + name;
        }

        return ns + name;
    }
}
