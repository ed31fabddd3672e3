using System.Linq;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using static McpGen.SourceGeneration.Emitters.CSharp;

namespace McpGen.SourceGeneration.Emitters;

/// <summary>Object-initializer members shared by the descriptors of tools, resources and prompts.</summary>
internal static class DescriptorMembers
{
    /// <summary><c>RequiredScopes</c>, when the method has any (<c>[McpScope]</c>).</summary>
    internal static void RequiredScopes(SourceWriter w, MethodSpec method)
    {
        if (method.RequiredScopes.Count > 0)
        {
            w.WriteLine($"RequiredScopes = new string[] {{ {string.Join(", ", method.RequiredScopes.Select(Literal))} }},");
        }
    }

    /// <summary>A string member, when it has a value.</summary>
    internal static void Optional(SourceWriter w, string property, string? value)
    {
        if (value is not null)
        {
            w.WriteLine($"{property} = {Literal(value)},");
        }
    }

    /// <summary>The runtime <c>McpCacheScope</c> member of a cache scope.</summary>
    internal static string CacheScopeExpression(CacheScope value) => value switch
    {
        Model.CacheScope.Public => "global::McpGen.McpCacheScope.Public",
        Model.CacheScope.Private => "global::McpGen.McpCacheScope.Private",
        _ => "global::McpGen.McpCacheScope.Unspecified",
    };
}
