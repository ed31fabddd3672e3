using System.Linq;
using McpGen.SourceGeneration.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace McpGen.SourceGeneration.Analyzers;

/// <summary>What makes a static member state that outlives a request, and which rule says so.</summary>
internal readonly struct StateFinding
{
    public StateFinding(DiagnosticDescriptor rule, string description)
    {
        Rule = rule;
        Description = description;
    }

    /// <summary>The rule reported when the member is declared in a tool class.</summary>
    public DiagnosticDescriptor Rule { get; }

    /// <summary>What the member is, as a phrase: "a mutable static field", "a [ThreadStatic] field"...</summary>
    public string Description { get; }
}

internal static class StateKinds
{
    /// <summary>The process-local caches that MCPG5005 points at a distributed alternative.</summary>
    public static string? CacheName(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            switch (MutableTypes.MetadataName(current))
            {
                case "Microsoft.Extensions.Caching.Memory.IMemoryCache":
                    return "IMemoryCache";
                case "Microsoft.Extensions.Caching.Memory.MemoryCache":
                case "System.Runtime.Caching.MemoryCache":
                    return "MemoryCache";
            }
        }

        return type is INamedTypeSymbol { TypeKind: TypeKind.Interface } named
            && named.AllInterfaces.Any(i => MutableTypes.MetadataName(i) == "Microsoft.Extensions.Caching.Memory.IMemoryCache")
            ? "IMemoryCache"
            : null;
    }

    /// <summary>Whether the static member is state that outlives a request; <see langword="null"/> for constants and immutable values.</summary>
    public static StateFinding? Classify(ISymbol member, McpSymbols symbols)
    {
        switch (member)
        {
            case IFieldSymbol { IsConst: false, IsImplicitlyDeclared: false } field:
                if (field.GetAttributes().Any(a => a.AttributeClass is { } c && MutableTypes.MetadataName(c) == "System.ThreadStaticAttribute"))
                {
                    return new StateFinding(DiagnosticDescriptors.ThreadOrFlowLocalStore, "a [ThreadStatic] field");
                }

                if (!field.IsStatic)
                {
                    return null;
                }

                if (field.Type is INamedTypeSymbol { IsGenericType: true } generic)
                {
                    switch (MutableTypes.MetadataName(generic.OriginalDefinition))
                    {
                        case "System.Threading.AsyncLocal`1":
                            return new StateFinding(DiagnosticDescriptors.ThreadOrFlowLocalStore, "a static AsyncLocal");
                        case "System.Threading.ThreadLocal`1":
                            return new StateFinding(DiagnosticDescriptors.ThreadOrFlowLocalStore, "a static ThreadLocal");
                    }
                }

                if (CacheName(field.Type) is { } cache)
                {
                    return new StateFinding(DiagnosticDescriptors.ProcessLocalCache, cache);
                }

                if (!field.IsReadOnly)
                {
                    return new StateFinding(DiagnosticDescriptors.MutableStaticState, "a mutable static field");
                }

                if (IsSemaphore(field.Type))
                {
                    // A throttle, not a store: its own Info rule, so it can be tuned apart from real state.
                    return new StateFinding(DiagnosticDescriptors.PerInstanceThrottle, "a semaphore");
                }

                return symbols.Types.Reason(field.Type) is { } fieldReason
                    ? new StateFinding(DiagnosticDescriptors.MutableStaticState, "a static readonly field holding " + fieldReason)
                    : null;

            case IPropertySymbol { IsStatic: true, IsIndexer: false } property when MutableTypes.IsAutoProperty(property):
                if (CacheName(property.Type) is { } propertyCache)
                {
                    return new StateFinding(DiagnosticDescriptors.ProcessLocalCache, propertyCache);
                }

                if (property.SetMethod is not null)
                {
                    return new StateFinding(DiagnosticDescriptors.MutableStaticState, "a static property with a setter");
                }

                return symbols.Types.Reason(property.Type) is { } propertyReason
                    ? new StateFinding(DiagnosticDescriptors.MutableStaticState, "a static property holding " + propertyReason)
                    : null;

            case IEventSymbol { IsStatic: true } staticEvent when IsFieldLike(staticEvent):
                return new StateFinding(DiagnosticDescriptors.StaticEvent, "a static event");
        }

        return null;
    }

    /// <summary>A <c>SemaphoreSlim</c> (or a class derived from it): a concurrency limit for this process.</summary>
    public static bool IsSemaphore(ITypeSymbol type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (MutableTypes.MetadataName(current) == "System.Threading.SemaphoreSlim")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Field-like events store their subscribers; events with explicit accessors store whatever the accessors do.</summary>
    private static bool IsFieldLike(IEventSymbol symbol) =>
        symbol.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is VariableDeclaratorSyntax);
}
