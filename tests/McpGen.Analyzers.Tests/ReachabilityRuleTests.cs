using System.Threading.Tasks;
using McpGen.CodeFixes;
using McpGen.SourceGeneration.Analyzers;

namespace McpGen.Analyzers.Tests;

/// <summary>MCPG5006: static state outside tool classes that handlers reach through calls.</summary>
public sealed class MCPG5006StaticStateReachedFromHandlerTests
{
    private static Task Verify(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verifier<HandlerReachabilityAnalyzer, MarkProcessLocalFixer>.AnalyzerAsync(Verifier<HandlerReachabilityAnalyzer, MarkProcessLocalFixer>.Usings + source, expected);

    [Fact]
    public Task Follows_calls_and_interfaces_into_the_project() => Verify(
        """
        public interface IStore { int Increment(string key); }
        public sealed class InMemoryStore : IStore
        {
            private static readonly Dictionary<string, int> {|#0:s_counts|} = new();
            public int Increment(string key) => Helpers.Bump(s_counts, key);
        }
        public static class Helpers
        {
            public static int {|#1:Calls|};
            public static int Bump(Dictionary<string, int> counts, string key) { Calls++; return counts[key] = counts.GetValueOrDefault(key) + 1; }
        }
        public sealed class CounterTools(IStore store)
        {
            [McpTool] public int Increment(string key) => store.Increment(key);
        }
        """,
        Verifier<HandlerReachabilityAnalyzer, MarkProcessLocalFixer>.Diagnostic("MCPG5006").WithLocation(0)
            .WithArguments("InMemoryStore.s_counts", "a static readonly field holding a collection, whose contents can change", "CounterTools.Increment → InMemoryStore.Increment"),
        Verifier<HandlerReachabilityAnalyzer, MarkProcessLocalFixer>.Diagnostic("MCPG5006").WithLocation(1)
            .WithArguments("Helpers.Calls", "a mutable static field", "CounterTools.Increment → InMemoryStore.Increment → Helpers.Bump"));

    [Fact]
    public Task Stays_silent_on_unreached_state_immutable_state_and_opt_outs() => Verify("""
        public static class Startup
        {
            public static int Runs;
            public static void Main() => Runs++;
        }
        public static class Lookup
        {
            private static readonly System.Collections.Frozen.FrozenSet<string> s_known = System.Collections.Frozen.FrozenSet.ToFrozenSet(new[] { "a" });
            [McpProcessLocal("Warm-up statistics, per instance by design.")]
            public static int Hits;
            public static bool Known(string name) { Hits++; return s_known.Contains(name); }
        }
        public static class Tools
        {
            [McpTool] public static bool Check(string name) => Lookup.Known(name);
        }
        """);
}

/// <summary>MCPG6003: tokens dropped in code handlers call.</summary>
public sealed class MCPG6003CancellationTokenNotForwardedInCalledCodeTests
{
    [Fact]
    public void Has_no_code_fix_because_it_is_reported_at_compilation_end()
    {
        // The IDE does not offer fixes for compilation-end diagnostics; MCPG6002's fix covers tool classes.
        Assert.DoesNotContain("MCPG6003", new ForwardCancellationTokenFixer().FixableDiagnosticIds);
        Assert.DoesNotContain("MCPG5006", new MarkProcessLocalFixer().FixableDiagnosticIds);
    }

    [Fact]
    public Task Flags_dropped_tokens_in_reached_methods_only() =>
        Verifier<HandlerReachabilityAnalyzer, ForwardCancellationTokenFixer>.AnalyzerAsync(
            Verifier<HandlerReachabilityAnalyzer, ForwardCancellationTokenFixer>.Usings + """
            public sealed class Repository
            {
                public async Task<int> CountAsync(CancellationToken cancellationToken) { await {|#0:Task.Delay(5)|}; return 1; }
                public async Task<int> UnusedAsync(CancellationToken cancellationToken) { await Task.Delay(5); return 1; }
            }
            public sealed class Tools(Repository repository)
            {
                [McpTool] public Task<int> Count(CancellationToken cancellationToken) => repository.CountAsync(cancellationToken);
            }
            """,
            Verifier<HandlerReachabilityAnalyzer, ForwardCancellationTokenFixer>.Diagnostic("MCPG6003").WithLocation(0)
                .WithArguments("cancellationToken", "Task.Delay", "has an overload that takes a CancellationToken", "Tools.Count → Repository.CountAsync"));
}
