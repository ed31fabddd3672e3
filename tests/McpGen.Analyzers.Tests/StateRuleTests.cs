using System.Threading.Tasks;
using McpGen.CodeFixes;
using McpGen.SourceGeneration.Analyzers;
using VerifyCS = McpGen.Analyzers.Tests.Verifier<McpGen.SourceGeneration.Analyzers.ServerStateAnalyzer, McpGen.CodeFixes.MarkProcessLocalFixer>;

namespace McpGen.Analyzers.Tests;

/// <summary>MCPG5001: static mutable state in a tool class.</summary>
public sealed class MCPG5001MutableStaticStateTests
{
    private const string Todo = MarkProcessLocalFixer.PlaceholderReason;

    [Theory]
    [InlineData("private static int {|MCPG5001:s_count|};")]
    [InlineData("private static readonly System.Text.StringBuilder {|MCPG5001:s_log|} = new();")]
    [InlineData("private static readonly Counter {|MCPG5001:s_counter|} = new();")]
    [InlineData("private static readonly Bag {|MCPG5001:s_bag|} = new([]);")]
    [InlineData("public static string {|MCPG5001:Last|} { get; set; } = \"\";")]
    [InlineData("public static List<int> {|MCPG5001:Seen|} { get; } = new();")]
    [InlineData("private static IList<int> {|MCPG5001:s_list|} = new List<int>();")]
    public Task Flags_state_that_outlives_a_request(string member) =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + $$"""
            public class Counter { public int Value; }
            public record Bag(List<string> Items);
            public static class Tools
            {
                {{member}}
                [McpTool] public static int Get() => 1;
            }
            """);

    [Theory]
    [InlineData("private const int Max = 10;")]
    [InlineData("private static readonly string s_prefix = \"x\";")]
    [InlineData("private static readonly int s_limit = 3;")]
    [InlineData("private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(1);")]
    [InlineData("private static readonly System.Collections.Immutable.ImmutableArray<string> s_names = [\"a\"];")]
    [InlineData("private static readonly System.Collections.Frozen.FrozenDictionary<string, int> s_map = System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(new Dictionary<string, int>());")]
    [InlineData("private static readonly IReadOnlyList<string> s_read = new[] { \"a\" };")]
    [InlineData("private static readonly System.Text.RegularExpressions.Regex s_regex = new(\"a+\");")]
    [InlineData("private static readonly System.Text.Json.JsonSerializerOptions s_json = new();")]
    [InlineData("private static readonly System.Net.Http.HttpClient s_http = new();")]
    [InlineData("private static readonly object s_lock = new();")]
    [InlineData("private static readonly Settings s_settings = new(\"u\", 1);")]
    [InlineData("private static readonly Func<int, int> s_twice = x => x * 2;")]
    [InlineData("public static string Name => \"tools\";")]
    [InlineData("private static readonly Lazy<string> s_lazy = new(() => \"x\");")]
    public Task Stays_silent_on_constants_and_immutable_values(string member) =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + $$"""
            public sealed record Settings(string Url, int Port);
            public static class Tools
            {
                {{member}}
                [McpTool] public static int Get() => 1;
            }
            """);

    [Fact]
    public Task Stays_silent_outside_tool_classes() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + """
            public static class NotATool
            {
                private static int s_count;
                public static int Next() => ++s_count;
            }
            """);

    [Fact]
    public Task The_server_class_is_a_tool_class() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + """
            [McpServer("s")]
            public partial class Server
            {
                public static int {|MCPG5001:Calls|};
            }
            """);

    [Fact]
    public Task Reports_what_the_state_is() =>
        VerifyCS.AnalyzerAsync(
            VerifyCS.Usings + """
            public static class Tools
            {
                private static readonly List<string> s_items = new();
                [McpTool] public static int Get(string item) { s_items.Add(item); return s_items.Count; }
            }
            """,
            VerifyCS.Diagnostic("MCPG5001").WithSpan(8, 42, 8, 49).WithArguments("s_items", "a static readonly field holding a collection, whose contents can change"));

    [Fact]
    public Task Opt_out_on_the_member_or_the_class_silences_it() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + """
            public static class Tools
            {
                [McpProcessLocal("Per-instance rate limiter: each instance limits its own traffic.")]
                private static readonly Dictionary<string, int> s_buckets = new();
                [McpTool] public static int Get() => s_buckets.Count;
            }

            [McpProcessLocal("Schema cache: immutable once loaded, cheap for each instance to rebuild.")]
            public static class Other
            {
                private static readonly Dictionary<string, string> s_schemas = new();
                [McpTool] public static int Count() => s_schemas.Count;
            }
            """);

    [Fact]
    public Task Fix_declares_the_state_process_local_and_asks_for_the_reason() =>
        VerifyCS.FixAsync(
            VerifyCS.Usings + """
            public static class Tools
            {
                // Hits per tool.
                private static readonly Dictionary<string, int> {|MCPG5001:s_hits|} = new();
                private static int {|MCPG5001:s_total|};

                [McpTool] public static int Get(string tool) => s_hits[tool] = s_hits.Count + s_total;
            }
            """,
            VerifyCS.Usings + $$"""
            public static class Tools
            {
                // Hits per tool.
                [{|MCPG5007:McpProcessLocal("{{Todo}}")|}]
                private static readonly Dictionary<string, int> s_hits = new();
                [{|MCPG5007:McpProcessLocal("{{Todo}}")|}]
                private static int s_total;

                [McpTool] public static int Get(string tool) => s_hits[tool] = s_hits.Count + s_total;
            }
            """);
}

/// <summary>MCPG5002: instance fields of tool classes written outside the constructor.</summary>
public sealed class MCPG5002InstanceFieldWrittenTests
{
    [Fact]
    public Task Flags_fields_and_auto_properties_written_by_handlers() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + """
            public sealed class CounterTools
            {
                private int {|MCPG5002:_count|};
                private string? {|MCPG5002:_last|};
                public int {|MCPG5002:Total|} { get; set; }

                [McpTool] public int Increment() => ++_count;
                [McpTool] public void Remember(string value) { _last = value; Total += 1; }
                [McpTool] public string Recall() => _last ?? "";
            }
            """);

    [Fact]
    public Task Names_the_first_writer() =>
        VerifyCS.AnalyzerAsync(
            VerifyCS.Usings + """
            public sealed class CounterTools
            {
                private int _count;
                [McpTool] public int Increment() => _count += 1;
            }
            """,
            VerifyCS.Diagnostic("MCPG5002").WithSpan(8, 17, 8, 23).WithArguments("_count", "CounterTools.Increment"));

    [Fact]
    public Task Stays_silent_on_constructor_and_initializer_writes() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + """
            public interface IClock { DateTime Now { get; } }
            public sealed class ClockTools
            {
                private readonly IClock _clock;
                private int _offset = 1;
                private string _zone;
                public string Label { get; init; } = "x";

                public ClockTools(IClock clock) { _clock = clock; _zone = "UTC"; _offset = 2; }

                [McpTool] public string Now() => _clock.Now.AddHours(_offset) + _zone + Label;
            }
            """);

    [Fact]
    public Task Stays_silent_on_other_objects_fields() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + """
            public sealed class Box { public int Value; }
            public sealed class BoxTools
            {
                [McpTool] public int Fill(int value) { var box = new Box(); box.Value = value; return box.Value; }
            }
            """);

    [Fact]
    public Task Fix_marks_the_field() =>
        VerifyCS.FixAsync(
            VerifyCS.Usings + """
            public sealed class CounterTools
            {
                private int {|MCPG5002:_count|};
                [McpTool] public int Increment() => ++_count;
            }
            """,
            VerifyCS.Usings + $$"""
            public sealed class CounterTools
            {
                [{|MCPG5007:McpProcessLocal("{{MarkProcessLocalFixer.PlaceholderReason}}")|}]
                private int _count;
                [McpTool] public int Increment() => ++_count;
            }
            """);
}

/// <summary>MCPG5003: static events in tool classes.</summary>
public sealed class MCPG5003StaticEventTests
{
    [Fact]
    public Task Flags_static_field_like_events() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + """
            public static class Tools
            {
                public static event EventHandler? {|MCPG5003:Changed|};
                [McpTool] public static void Touch() => Changed?.Invoke(null, EventArgs.Empty);
            }
            """);

    [Fact]
    public Task Stays_silent_on_instance_events_and_custom_accessors() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + """
            public sealed class Tools
            {
                public event EventHandler? Changed;
                public static event EventHandler Forwarded { add { } remove { } }
                [McpTool] public void Touch() => Changed?.Invoke(this, EventArgs.Empty);
            }
            """);

    [Fact]
    public Task Fix_marks_the_event() =>
        VerifyCS.FixAsync(
            VerifyCS.Usings + """
            public static class Tools
            {
                public static event EventHandler? {|MCPG5003:Changed|};
                [McpTool] public static void Touch() => Changed?.Invoke(null, EventArgs.Empty);
            }
            """,
            VerifyCS.Usings + $$"""
            public static class Tools
            {
                [{|MCPG5007:McpProcessLocal("{{MarkProcessLocalFixer.PlaceholderReason}}")|}]
                public static event EventHandler? Changed;
                [McpTool] public static void Touch() => Changed?.Invoke(null, EventArgs.Empty);
            }
            """);
}

/// <summary>MCPG5004: [ThreadStatic] fields and static AsyncLocal/ThreadLocal stores.</summary>
public sealed class MCPG5004ThreadOrFlowLocalTests
{
    [Fact]
    public Task Flags_thread_static_and_async_local_stores() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + """
            public static class Tools
            {
                [ThreadStatic] private static string? {|MCPG5004:t_user|};
                private static readonly AsyncLocal<string?> {|MCPG5004:s_tenant|} = new();
                private static readonly ThreadLocal<Random> {|MCPG5004:s_random|} = new(() => new Random());
                [McpTool] public static string Who() => t_user + s_tenant.Value + s_random.Value!.Next();
            }
            """);

    [Fact]
    public Task Fix_marks_the_store() =>
        VerifyCS.FixAsync(
            VerifyCS.Usings + """
            public static class Tools
            {
                private static readonly AsyncLocal<string?> {|MCPG5004:s_tenant|} = new();
                [McpTool] public static string Who() => s_tenant.Value ?? "";
            }
            """,
            VerifyCS.Usings + $$"""
            public static class Tools
            {
                [{|MCPG5007:McpProcessLocal("{{MarkProcessLocalFixer.PlaceholderReason}}")|}]
                private static readonly AsyncLocal<string?> s_tenant = new();
                [McpTool] public static string Who() => s_tenant.Value ?? "";
            }
            """);
}

/// <summary>MCPG5005: per-process caches injected into handlers, and session state.</summary>
public sealed class MCPG5005ProcessLocalCacheTests
{
    private const string CacheStubs = """
        namespace Microsoft.Extensions.Caching.Memory { public interface IMemoryCache { } public sealed class MemoryCache : IMemoryCache { } }
        namespace Microsoft.Extensions.Caching.Distributed { public interface IDistributedCache { } }
        namespace Microsoft.AspNetCore.Http { public interface ISession { } public abstract class HttpContext { public abstract ISession Session { get; } } }

        """;

    [Fact]
    public Task Flags_injected_memory_caches_and_session_use() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + CacheStubs + """
            public sealed class Tools(Microsoft.Extensions.Caching.Memory.IMemoryCache {|#0:cache|})
            {
                [McpTool] public string Get(Microsoft.Extensions.Caching.Memory.MemoryCache {|#1:other|}) => cache.ToString() + other;
                public object Session(Microsoft.AspNetCore.Http.HttpContext http) => {|#2:http.Session|};
            }
            """,
            VerifyCS.Diagnostic("MCPG5005").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("cache", "IMemoryCache"),
            VerifyCS.Diagnostic("MCPG5005").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("other", "MemoryCache"),
            VerifyCS.Diagnostic("MCPG5005").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(2).WithArguments("HttpContext.Session", "session state"));

    [Fact]
    public Task Stays_silent_on_distributed_caches_and_outside_tool_classes() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + CacheStubs + """
            public sealed class Tools(Microsoft.Extensions.Caching.Distributed.IDistributedCache cache)
            {
                [McpTool] public string Get() => cache.ToString()!;
            }
            public sealed class Repository(Microsoft.Extensions.Caching.Memory.IMemoryCache cache)
            {
                public string Get() => cache.ToString()!;
            }
            """);

    [Fact]
    public Task Fix_marks_the_parameter() =>
        VerifyCS.FixAsync(
            VerifyCS.Usings + CacheStubs + """
            public sealed class Tools
            {
                public Tools(Microsoft.Extensions.Caching.Memory.IMemoryCache {|MCPG5005:cache|}) { }
                [McpTool] public int Get() => 1;
            }
            """,
            VerifyCS.Usings + CacheStubs + $$"""
            public sealed class Tools
            {
                public Tools([{|MCPG5007:McpProcessLocal("{{MarkProcessLocalFixer.PlaceholderReason}}")|}] Microsoft.Extensions.Caching.Memory.IMemoryCache cache) { }
                [McpTool] public int Get() => 1;
            }
            """);
}

/// <summary>MCPG5007: [McpProcessLocal] must give a reason.</summary>
public sealed class MCPG5007ProcessLocalWithoutReasonTests
{
    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"  \"")]
    [InlineData("\"TODO: later\"")]
    [InlineData("null!")]
    public Task Flags_an_empty_or_placeholder_reason(string reason) =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + $$"""
            public static class Tools
            {
                [{|MCPG5007:McpProcessLocal({{reason}})|}]
                private static int s_count;
                [McpTool] public static int Get() => s_count;
            }
            """);

    [Fact]
    public Task Stays_silent_with_a_reason() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + """
            [McpProcessLocal("Warm-up flag; every instance warms itself.")]
            public static class Tools
            {
                private static bool s_warm;
                [McpTool] public static bool Get() => s_warm = true;
            }
            """);
}

/// <summary>MCPG5001 judged by writes: static collections changed after initialization are state; collections only read, and values built once, are not.</summary>
public sealed class MCPG5001JudgedByWritesTests
{
    private static Task Verify(string member, string body) =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + $$"""
            public static class Tools
            {
                private static readonly object s_gate = new();
                {{member}}
                [McpTool] public static int Get(string x) { {{body}} return 1; }
                private static void Fill(ICollection<string> items) => items.Add("x");
            }
            """);

    [Theory]
    [InlineData("private static readonly List<string> {|MCPG5001:s_items|} = new();", "s_items.Add(x);")]
    [InlineData("private static readonly Dictionary<string, int> {|MCPG5001:s_map|} = new();", "s_map[x] = 1;")]
    [InlineData("private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> {|MCPG5001:s_map|} = new();", "s_map.TryAdd(x, 1);")]
    [InlineData("private static readonly string[] {|MCPG5001:s_names|} = [\"a\"];", "s_names[0] = x;")]
    [InlineData("private static readonly string[] {|MCPG5001:s_names|} = [\"b\", \"a\"];", "Array.Sort(s_names);")]
    [InlineData("private static readonly HashSet<string> {|MCPG5001:s_seen|} = new();", "Fill(s_seen);")]
    [InlineData("private static readonly List<string> {|MCPG5001:s_items|} = new();", "var alias = s_items; alias.Clear();")]
    [InlineData("private static string? {|MCPG5001:s_last|};", "s_last = x;")]
    [InlineData("private static string? {|MCPG5001:s_first|};", "s_first ??= x;")]
    [InlineData("private static string? {|MCPG5001:s_first|};", "if (s_first is null) { s_first = x; }")]
    public Task Flags_statics_changed_after_initialization(string member, string body) => Verify(member, body);

    [Theory]
    [InlineData("private static readonly HashSet<string> {|MCPG5023:s_allowed|} = new() { \"a\", \"b\" };", "_ = s_allowed.Contains(x);")]
    [InlineData("private static readonly string[] s_units = [\"kg\", \"lb\"];", "_ = s_units[0] + string.Join(\",\", s_units) + s_units.Length + Array.IndexOf(s_units, x);")]
    [InlineData("private static readonly Dictionary<string, int> {|MCPG5023:s_rates|} = new() { [\"a\"] = 1 };", "_ = s_rates.TryGetValue(x, out var r) ? r : s_rates.Count;")]
    [InlineData("private static readonly List<string> s_names = [\"a\"];", "foreach (var n in s_names) { _ = n; } _ = System.Linq.Enumerable.Any(s_names, n => n == x); IReadOnlyList<string> view = s_names; _ = view;")]
    [InlineData("private static System.Collections.Frozen.FrozenSet<string>? s_set;", "if (s_set is null) { lock (s_gate) { if (s_set is null) { s_set = System.Collections.Frozen.FrozenSet.ToFrozenSet(new[] { \"a\" }); } } } _ = s_set.Contains(x);")]
    [InlineData("private static System.Collections.Frozen.FrozenSet<string>? s_set;", "LazyInitializer.EnsureInitialized(ref s_set, () => System.Collections.Frozen.FrozenSet.ToFrozenSet(new[] { \"a\" })); _ = s_set.Contains(x);")]
    [InlineData("private static string? s_machine;", "s_machine ??= Environment.MachineName;")]
    [InlineData("private static readonly Lazy<System.Collections.Frozen.FrozenSet<string>> s_lazy = new(() => System.Collections.Frozen.FrozenSet.ToFrozenSet(new[] { \"a\" }));", "_ = s_lazy.Value.Contains(x);")]
    public Task Stays_silent_on_statics_only_read_or_built_once(string member, string body) => Verify(member, body);

    [Fact]
    public Task Non_private_collections_are_still_judged_by_type() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + """
            public static class Tools
            {
                public static readonly string[] {|MCPG5001:Units|} = ["kg"];
                [McpTool] public static string Get() => Units[0];
            }
            """);

    [Fact]
    public Task Fix_marks_a_changed_collection() =>
        VerifyCS.FixAsync(
            VerifyCS.Usings + """
            public static class Tools
            {
                private static readonly List<string> {|MCPG5001:s_items|} = new();
                [McpTool] public static int Add(string x) { s_items.Add(x); return s_items.Count; }
            }
            """,
            VerifyCS.Usings + $$"""
            public static class Tools
            {
                [{|MCPG5007:McpProcessLocal("{{MarkProcessLocalFixer.PlaceholderReason}}")|}]
                private static readonly List<string> s_items = new();
                [McpTool] public static int Add(string x) { s_items.Add(x); return s_items.Count; }
            }
            """);
}

/// <summary>MCPG5020: a static SemaphoreSlim is a per-instance throttle, reported apart from state at Info.</summary>
public sealed class MCPG5020PerInstanceThrottleTests
{
    [Fact]
    public Task Flags_a_static_readonly_semaphore_at_info() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + """
            public static class Tools
            {
                private static readonly SemaphoreSlim {|#0:s_throttle|} = new(4);
                [McpTool] public static async Task<int> Get(CancellationToken cancellationToken)
                {
                    await s_throttle.WaitAsync(cancellationToken);
                    try { return 1; } finally { s_throttle.Release(); }
                }
            }
            """,
            VerifyCS.Diagnostic("MCPG5020").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("s_throttle"));

    [Fact]
    public Task A_replaceable_semaphore_is_state_and_a_marked_one_is_silent() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + """
            public static class Tools
            {
                private static SemaphoreSlim {|MCPG5001:s_gate|} = new(1);
                [McpProcessLocal("Protects a local file: one writer per machine is the point.")]
                private static readonly SemaphoreSlim s_file = new(1);
                [McpTool] public static int Get() => s_gate.CurrentCount + s_file.CurrentCount;
            }
            """);

    [Fact]
    public Task Fix_marks_the_throttle() =>
        VerifyCS.FixAsync(
            VerifyCS.Usings + """
            public static class Tools
            {
                private static readonly SemaphoreSlim {|MCPG5020:s_throttle|} = new(4);
                [McpTool] public static int Get() => s_throttle.CurrentCount;
            }
            """,
            VerifyCS.Usings + $$"""
            public static class Tools
            {
                [{|MCPG5007:McpProcessLocal("{{MarkProcessLocalFixer.PlaceholderReason}}")|}]
                private static readonly SemaphoreSlim s_throttle = new(4);
                [McpTool] public static int Get() => s_throttle.CurrentCount;
            }
            """);
}

/// <summary>MCPG5021: a memory cache written under a key built from the request holds per-user data.</summary>
public sealed class MCPG5021PerUserDataInProcessCacheTests
{
    private const string CacheStubs = """
        namespace Microsoft.Extensions.Caching.Memory
        {
            public interface IMemoryCache { bool TryGetValue(object key, out object? value); }
            public static class CacheExtensions { public static T Set<T>(this IMemoryCache cache, object key, T value) => value; }
        }

        """;

    [Fact]
    public Task Flags_writes_keyed_by_a_handler_parameter() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + CacheStubs + """
            public sealed class BillingTools(Microsoft.Extensions.Caching.Memory.IMemoryCache {|#0:cache|})
            {
                [McpTool] public decimal Quote(string customerId, decimal amount) => {|#1:Microsoft.Extensions.Caching.Memory.CacheExtensions.Set(cache, "quote:" + customerId, amount)|};
            }
            """,
            VerifyCS.Diagnostic("MCPG5005").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("cache", "IMemoryCache"),
            VerifyCS.Diagnostic("MCPG5021").WithLocation(1).WithArguments("cache", "IMemoryCache", "the parameter 'customerId'"));

    [Fact]
    public Task Stays_silent_on_constant_keys_and_marked_caches() =>
        VerifyCS.AnalyzerAsync(VerifyCS.Usings + "using Microsoft.Extensions.Caching.Memory;\n" + CacheStubs + """
            public sealed class TemplateTools([McpProcessLocal("Compiled templates: the same on every instance.")] IMemoryCache cache)
            {
                [McpTool] public string Render(string name) => cache.Set("templates", name);
            }
            public sealed class ConfigTools([McpProcessLocal("Configuration snapshot, identical on every instance.")] IMemoryCache cache)
            {
                [McpTool] public string Get(string user) => cache.Set(user, "x");
            }
            """);

    [Fact]
    public Task Fix_marks_the_method_writing_the_cache() =>
        VerifyCS.FixAsync(
            VerifyCS.Usings + "using Microsoft.Extensions.Caching.Memory;\n" + CacheStubs + """
            public static class Caches { public static IMemoryCache Shared { get; } = null!; }
            public sealed class Tools
            {
                [McpTool] public string Get(string user) { var cache = Caches.Shared; return {|MCPG5021:cache.Set(user, "x")|}; }
            }
            """,
            VerifyCS.Usings + "using Microsoft.Extensions.Caching.Memory;\n" + CacheStubs + $$"""
            public static class Caches { public static IMemoryCache Shared { get; } = null!; }
            public sealed class Tools
            {
                [{|MCPG5007:McpProcessLocal("{{MarkProcessLocalFixer.PlaceholderReason}}")|}]
                [McpTool] public string Get(string user) { var cache = Caches.Shared; return cache.Set(user, "x"); }
            }
            """);
}

/// <summary>MCPG5023: a static HashSet or Dictionary never changed is offered a frozen type (a hidden suggestion).</summary>
public sealed class MCPG5023UseFrozenCollectionTests
{
    [Fact]
    public Task Suggests_a_frozen_type_for_collections_never_changed_only() =>
        Verifier<ServerStateAnalyzer, UseFrozenCollectionFixer>.AnalyzerAsync(VerifyCS.Usings + """
            public static class Tools
            {
                private static readonly HashSet<string> {|#0:s_units|} = new() { "km" };
                private static readonly Dictionary<string, int> {|MCPG5001:s_hits|} = new();
                private static readonly string[] s_names = ["a"];
                [McpTool] public static int Get(string x) { s_hits[x] = 1; return s_units.Contains(x) ? s_names.Length : 0; }
            }
            """,
            VerifyCS.Diagnostic("MCPG5023").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Hidden).WithLocation(0).WithArguments("s_units", "FrozenSet"));

    [Fact]
    public Task Fix_declares_the_frozen_type_and_keeps_the_comparer() =>
        Verifier<ServerStateAnalyzer, UseFrozenCollectionFixer>.FixAsync(
            VerifyCS.Usings + """
            public static class Tools
            {
                private static readonly HashSet<string> {|MCPG5023:s_units|} = new(StringComparer.OrdinalIgnoreCase) { "km", "mi" };
                private static readonly Dictionary<string, double> {|MCPG5023:s_factors|} = new Dictionary<string, double> { ["km"] = 1000 };
                [McpTool] public static double Get(string unit) => s_units.Contains(unit) && s_factors.TryGetValue(unit, out var f) ? f : 0;
            }
            """,
            """
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using McpGen;
            using System.Collections.Frozen;

            public static class Tools
            {
                private static readonly FrozenSet<string> s_units = (new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "km", "mi" }).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
                private static readonly FrozenDictionary<string, double> s_factors = (new Dictionary<string, double> { ["km"] = 1000 }).ToFrozenDictionary();
                [McpTool] public static double Get(string unit) => s_units.Contains(unit) && s_factors.TryGetValue(unit, out var f) ? f : 0;
            }
            """);
}
