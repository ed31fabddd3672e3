using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace McpGen.SourceGeneration.Analyzers;

/// <summary>A memory-cache write whose key comes from the request: the cache, its kind and where the key comes from.</summary>
internal readonly struct CacheWrite
{
    public CacheWrite(ISymbol cache, string cacheType, string keySource)
    {
        Cache = cache;
        CacheType = cacheType;
        KeySource = keySource;
    }

    /// <summary>The field, property, parameter or local holding the cache.</summary>
    public ISymbol Cache { get; }

    /// <summary>"IMemoryCache" or "MemoryCache".</summary>
    public string CacheType { get; }

    /// <summary>"the parameter 'userId'", for the message.</summary>
    public string KeySource { get; }
}

/// <summary>
/// Tells a cache of per-user data from a cache of data that is the same on every instance by its key: a key that reads
/// a parameter of the method writing it (a handler argument, the request context, the caller) is per request.
/// </summary>
internal static class CacheWrites
{
    /// <summary>The write, when <paramref name="invocation"/> stores into a memory cache under a key built from <paramref name="owner"/>'s parameters.</summary>
    public static CacheWrite? PerRequestKey(IInvocationOperation invocation, ISymbol owner)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("Set" or "GetOrCreate" or "GetOrCreateAsync" or "CreateEntry" or "Add" or "AddOrGetExisting"))
        {
            return null;
        }

        var receiver = invocation.Instance ?? (method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
        while (receiver is IConversionOperation conversion)
        {
            receiver = conversion.Operand;
        }

        if (receiver is null || StateKinds.CacheName(receiver.Type) is not { } cacheType || Holder(receiver) is not { } cache)
        {
            return null;
        }

        var key = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "key");
        var parameter = key?.Value.DescendantsAndSelf().OfType<IParameterReferenceOperation>()
            .FirstOrDefault(p => SymbolEqualityComparer.Default.Equals(p.Parameter.ContainingSymbol, owner));
        return parameter is null ? null : new CacheWrite(cache, cacheType, $"the parameter '{parameter.Parameter.Name}'");
    }

    private static ISymbol? Holder(IOperation receiver) =>
        receiver switch
        {
            IFieldReferenceOperation f => f.Field,
            IPropertyReferenceOperation p => p.Property,
            IParameterReferenceOperation p => p.Parameter,
            ILocalReferenceOperation l => l.Local,
            _ => null,
        };
}
