using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = McpGen.Analyzers.Tests.Verifier<McpGen.SourceGeneration.Analyzers.CacheScopeAnalyzer, McpGen.CodeFixes.MakeCacheScopePrivateFixer>;

namespace McpGen.Analyzers.Tests;

/// <summary>MCPG8001: a publicly cacheable resource that reads who the caller is, and the fix that makes it private.</summary>
public sealed class MCPG8001PublicResultReadsIdentityTests
{
    private static DiagnosticResult Warning(int location, string resource, string what) =>
        new DiagnosticResult("MCPG8001", DiagnosticSeverity.Warning).WithLocation(location).WithArguments(resource, what);

    [Fact]
    public Task Flags_public_resources_and_listings_that_read_the_caller() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + """
            public static class Profiles
            {
                /// <summary>The caller's profile.</summary>
                [McpResource("profile://me", CacheScope = McpCacheScope.Public)]
                public static string Me(McpResourceRead read) => {|#0:read.User|}?.Identity?.Name ?? "anonymous";

                /// <summary>Resources the caller may see.</summary>
                [McpResourceList(CacheScope = McpCacheScope.Public)]
                public static async IAsyncEnumerable<ModelContextProtocol.Protocol.Resource> Mine(McpRequestContext context)
                {
                    await Task.Yield();
                    yield return new() { Uri = "profile://" + {|#1:context.User|}?.Identity?.Name, Name = "mine" };
                }

                /// <summary>Private: fine.</summary>
                [McpResource("profile://private", CacheScope = McpCacheScope.Private)]
                public static string Private(McpResourceRead read) => read.User?.Identity?.Name ?? "";

                /// <summary>Public but the same for everyone: fine.</summary>
                [McpResource("profile://schema", CacheScope = McpCacheScope.Public)]
                public static string Schema(McpResourceRead read) => read.Uri;
            }
            """,
            Warning(0, "profile://me", "McpRequestContext.User"),
            Warning(1, "Mine", "McpRequestContext.User"));

    [Fact]
    public Task Fix_makes_the_result_private() =>
        VerifyCS.FixAsync(VerifyCS.Usings + """
            public static class Profiles
            {
                /// <summary>The caller's profile.</summary>
                [McpResource("profile://me", CacheScope = McpCacheScope.Public)]
                public static string Me(McpResourceRead read) => {|#0:read.User|}?.Identity?.Name ?? "anonymous";
            }
            """,
            VerifyCS.Usings + """
            public static class Profiles
            {
                /// <summary>The caller's profile.</summary>
                [McpResource("profile://me", CacheScope = McpCacheScope.Private)]
                public static string Me(McpResourceRead read) => read.User?.Identity?.Name ?? "anonymous";
            }
            """,
            Warning(0, "profile://me", "McpRequestContext.User"));
}
