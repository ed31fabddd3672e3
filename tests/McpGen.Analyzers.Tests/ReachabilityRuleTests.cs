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

/// <summary>MCPG5006 judged by writes, outside tool classes: a lookup table only read is silent, one filled by handlers is state.</summary>
public sealed class MCPG5006JudgedByWritesTests
{
    private static Task Verify(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verifier<HandlerReachabilityAnalyzer, MarkProcessLocalFixer>.AnalyzerAsync(Verifier<HandlerReachabilityAnalyzer, MarkProcessLocalFixer>.Usings + source, expected);

    [Fact]
    public Task Flags_a_collection_a_reached_method_changes_even_if_public() => Verify(
        """
        public static class Registry
        {
            public static readonly HashSet<string> {|#0:Seen|} = new();
            public static bool Visit(string name) => Seen.Add(name);
        }
        public static class Tools
        {
            [McpTool] public static bool Visit(string name) => Registry.Visit(name);
        }
        """,
        Verifier<HandlerReachabilityAnalyzer, MarkProcessLocalFixer>.Diagnostic("MCPG5006").WithLocation(0)
            .WithArguments("Registry.Seen", "a static readonly field holding a collection, whose contents can change", "Tools.Visit → Registry.Visit"));

    [Fact]
    public Task Stays_silent_on_lookup_tables_lazy_sets_and_throttles() => Verify("""
        public static class Units
        {
            private static readonly Dictionary<string, double> s_factors = new() { ["km"] = 1000, ["m"] = 1 };
            public static readonly string[] Names = ["km", "m"];
            private static readonly object s_gate = new();
            private static System.Collections.Frozen.FrozenSet<string>? s_known;
            private static readonly SemaphoreSlim s_throttle = new(2);
            public static double Factor(string unit) => s_factors.TryGetValue(unit, out var f) ? f : 0;
            public static bool Known(string unit)
            {
                if (s_known is null)
                {
                    lock (s_gate)
                    {
                        if (s_known is null)
                        {
                            s_known = System.Collections.Frozen.FrozenSet.ToFrozenSet(Names);
                        }
                    }
                }

                return s_known.Contains(unit) && s_throttle.CurrentCount > 0;
            }
        }
        public static class Tools
        {
            [McpTool] public static double Convert(string unit, double value) => Units.Known(unit) ? value * Units.Factor(unit) : 0;
        }
        """);
}

/// <summary>MCPG5022: fields of services registered as singletons that code reached from handlers changes.</summary>
public sealed class MCPG5022SingletonServiceStateTests
{
    private const string DependencyInjection = """
        namespace Microsoft.Extensions.DependencyInjection
        {
            public interface IServiceCollection { }
            public static class ServiceCollectionServiceExtensions
            {
                public static IServiceCollection AddSingleton<TService>(this IServiceCollection services) where TService : class => services;
                public static IServiceCollection AddSingleton<TService, TImplementation>(this IServiceCollection services) where TService : class where TImplementation : class, TService => services;
                public static IServiceCollection AddSingleton<TService>(this IServiceCollection services, TService implementationInstance) where TService : class => services;
                public static IServiceCollection AddScoped<TService>(this IServiceCollection services) where TService : class => services;
            }
        }

        """;

    private static Task Verify(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verifier<HandlerReachabilityAnalyzer, MarkProcessLocalFixer>.AnalyzerAsync(Verifier<HandlerReachabilityAnalyzer, MarkProcessLocalFixer>.Usings + DependencyInjection + source, expected);

    [Fact]
    public void Has_no_code_fix_because_it_is_reported_at_compilation_end() =>
        Assert.DoesNotContain("MCPG5022", new MarkProcessLocalFixer().FixableDiagnosticIds);

    [Fact]
    public Task Flags_fields_of_singletons_changed_by_handlers_wherever_they_are_registered() => Verify(
        """
        public sealed record Preferences(string Seat, string Meal);
        public interface IPreferenceStore { void Save(string user, Preferences preferences); }
        public sealed class TravelPreferences : IPreferenceStore
        {
            private readonly Dictionary<string, Preferences> {|#0:_byUser|} = new();
            public void Save(string user, Preferences preferences) => _byUser[user] = preferences;
        }
        public sealed class Counter
        {
            private int {|#1:_calls|};
            public int Next() => ++_calls;
        }
        public static class Startup
        {
            public static void Register(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
            {
                Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IPreferenceStore, TravelPreferences>(services);
                Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, new Counter());
            }
        }
        public sealed class TravelTools(IPreferenceStore store, Counter counter)
        {
            [McpTool] public int SetSeat(string user, string seat) { store.Save(user, new Preferences(seat, "any")); return counter.Next(); }
        }
        """,
        Verifier<HandlerReachabilityAnalyzer, MarkProcessLocalFixer>.Diagnostic("MCPG5022").WithLocation(0)
            .WithArguments("_byUser", "a field holding a collection, whose contents can change", "TravelPreferences", "AddSingleton in Test0.cs line 33", "TravelTools.SetSeat → TravelPreferences.Save"),
        Verifier<HandlerReachabilityAnalyzer, MarkProcessLocalFixer>.Diagnostic("MCPG5022").WithLocation(1)
            .WithArguments("_calls", "a field", "Counter", "AddSingleton in Test0.cs line 34", "TravelTools.SetSeat → Counter.Next"));

    [Fact]
    public Task Stays_silent_on_scoped_services_read_only_singletons_unreached_writes_and_opt_outs() => Verify("""
        public sealed class Cart
        {
            private readonly List<string> _items = new();
            public void Add(string item) => _items.Add(item);
        }
        public sealed class Catalog
        {
            private readonly Dictionary<string, decimal> _prices = new() { ["tea"] = 3m };
            private int _loads;
            public decimal Price(string item) => _prices.TryGetValue(item, out var p) ? p : 0m;
            public void Reload() => _loads++;
        }
        public sealed class Warmup
        {
            [McpProcessLocal("Per-instance warm-up statistics, by design.")]
            private int _hits;
            public void Hit() => _hits++;
        }
        public static class Startup
        {
            public static void Register(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
            {
                Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddScoped<Cart>(services);
                Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Catalog>(services);
                Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Warmup>(services);
            }
        }
        public sealed class ShopTools(Cart cart, Catalog catalog, Warmup warmup)
        {
            [McpTool] public decimal Buy(string item) { cart.Add(item); warmup.Hit(); return catalog.Price(item); }
        }
        """);
}
