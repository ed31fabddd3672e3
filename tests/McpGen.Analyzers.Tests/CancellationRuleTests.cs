using System.Threading.Tasks;
using McpGen.CodeFixes;
using McpGen.SourceGeneration.Analyzers;

namespace McpGen.Analyzers.Tests;

/// <summary>MCPG6001: async handlers that take no CancellationToken.</summary>
public sealed class MCPG6001HandlerWithoutCancellationTokenTests
{
    private static Task Verify(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verifier<CancellationAnalyzer, AddCancellationTokenFixer>.AnalyzerAsync(Verifier<CancellationAnalyzer, AddCancellationTokenFixer>.Usings + source, expected);

    private static Task Fix(string source, string fixedSource) =>
        Verifier<CancellationAnalyzer, AddCancellationTokenFixer>.FixAsync(
            Verifier<CancellationAnalyzer, AddCancellationTokenFixer>.Usings + source, Verifier<CancellationAnalyzer, AddCancellationTokenFixer>.Usings + fixedSource);

    [Fact]
    public Task Flags_async_tools_prompts_and_resources_without_a_token() => Verify("""
        public static class Tools
        {
            [McpTool] public static async Task<int> {|MCPG6001:Count|}() { await Task.Yield(); return 1; }
            [McpPrompt] public static ValueTask<string> {|MCPG6001:Greet|}(string name) => new("hi " + name);
            [McpResource("notes://today")] public static Task<string> {|MCPG6001:Today|}() => Task.FromResult("x");
        }
        """);

    [Fact]
    public Task Stays_silent_with_a_token_a_request_context_or_a_synchronous_handler() => Verify("""
        public static class Tools
        {
            [McpTool] public static async Task<int> A(CancellationToken cancellationToken) { await Task.Delay(1, cancellationToken); return 1; }
            [McpTool] public static Task<int> B(McpToolCall call) => Task.FromResult(call.CancellationToken.IsCancellationRequested ? 0 : 1);
            [McpTool] public static int C(int x) => x;
            public static async Task<int> NotAHandler() { await Task.Yield(); return 1; }
        }
        """);

    [Fact]
    public Task Fix_adds_the_parameter() => Fix(
        """
        public static class Tools
        {
            [McpTool] public static async Task<int> {|MCPG6001:Count|}(string city) { await Task.Yield(); return city.Length; }
            [McpTool] public static Task<int> {|MCPG6001:Days|}() => Task.FromResult(1);
        }
        """,
        """
        public static class Tools
        {
            [McpTool] public static async Task<int> Count(string city, CancellationToken cancellationToken) { await Task.Yield(); return city.Length; }
            [McpTool] public static Task<int> Days(CancellationToken cancellationToken) => Task.FromResult(1);
        }
        """);

    [Fact]
    public Task Fix_keeps_optional_parameters_last_and_avoids_name_clashes() => Fix(
        """
        public static class Tools
        {
            [McpTool] public static Task<int> {|MCPG6001:Search|}(string cancellationToken, int limit = 10) => Task.FromResult(limit);
        }
        """,
        """
        public static class Tools
        {
            [McpTool] public static Task<int> Search(string cancellationToken, int limit = 10, CancellationToken cancellationToken1 = default) => Task.FromResult(limit);
        }
        """);
}

/// <summary>MCPG6002: a token in scope that a call does not receive.</summary>
public sealed class MCPG6002CancellationTokenNotForwardedTests
{
    private static Task Verify(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verifier<CancellationAnalyzer, ForwardCancellationTokenFixer>.AnalyzerAsync(Verifier<CancellationAnalyzer, ForwardCancellationTokenFixer>.Usings + source, expected);

    private static Task Fix(string source, string fixedSource) =>
        Verifier<CancellationAnalyzer, ForwardCancellationTokenFixer>.FixAsync(
            Verifier<CancellationAnalyzer, ForwardCancellationTokenFixer>.Usings + source, Verifier<CancellationAnalyzer, ForwardCancellationTokenFixer>.Usings + fixedSource);

    private const string Client = """
        public interface IWeather
        {
            Task<string> GetAsync(string city, CancellationToken cancellationToken = default);
            Task<string> FindAsync(string city, int limit = 5, CancellationToken cancellationToken = default);
        }
        public static class Legacy
        {
            public static Task<int> LoadAsync(string key) => Task.FromResult(1);
            public static Task<int> LoadAsync(string key, CancellationToken cancellationToken) => Task.FromResult(2);
        }

        """;

    [Fact]
    public Task Flags_omitted_optional_tokens_and_overloads_with_one() => Verify(Client + """
        public sealed class Tools(IWeather weather)
        {
            [McpTool]
            public async Task<string> Forecast(string city, CancellationToken cancellationToken)
            {
                await {|MCPG6002:Task.Delay(100)|};
                int n = await {|MCPG6002:Legacy.LoadAsync(city)|};
                return await {|MCPG6002:weather.GetAsync(city)|} + n;
            }
        }
        """);

    [Fact]
    public Task Flags_a_typed_client_call_that_drops_the_tools_token() => Verify("""
        [McpGen.Client.McpClient]
        public partial interface IHelpDesk
        {
            [McpGen.Client.McpRemoteTool("search_tickets")]
            Task<string> SearchAsync(string query, CancellationToken cancellationToken = default);
        }

        public sealed class Tools(IHelpDesk desk)
        {
            [McpTool]
            public Task<string> Delegate(string query, CancellationToken cancellationToken) => {|MCPG6002:desk.SearchAsync(query)|};

            [McpTool]
            public Task<string> Forwards(string query, CancellationToken cancellationToken) => desk.SearchAsync(query, cancellationToken);
        }
        """);

    [Fact]
    public Task Uses_the_request_context_token_and_lambda_tokens() => Verify(Client + """
        public sealed class Tools(IWeather weather)
        {
            [McpTool]
            public Task<string> Forecast(string city, McpToolCall call) => {|MCPG6002:weather.GetAsync(city)|};

            [McpTool]
            public async Task<int> Many(string[] cities, CancellationToken cancellationToken)
            {
                await Parallel.ForEachAsync(cities, cancellationToken, async (city, token) => await {|MCPG6002:weather.GetAsync(city)|});
                return cities.Length;
            }
        }
        """);

    [Fact]
    public Task Reports_the_token_the_target_and_why() => Verify(
        Client + """
        public static class Tools
        {
            [McpTool] public static Task<int> Load(string key, CancellationToken ct) => Legacy.LoadAsync(key);
        }
        """,
        Verifier<CancellationAnalyzer, ForwardCancellationTokenFixer>.Diagnostic("MCPG6002").WithSpan(18, 81, 18, 102)
            .WithArguments("ct", "Legacy.LoadAsync", "has an overload that takes a CancellationToken"));

    [Fact]
    public Task Stays_silent_when_a_token_is_passed_or_none_is_in_scope() => Verify(Client + """
        public sealed class Tools(IWeather weather)
        {
            [McpTool] public Task<string> A(string city, CancellationToken cancellationToken) => weather.GetAsync(city, cancellationToken);
            public Task<string> NoTokenInScope(string city) => weather.GetAsync(city);
            [McpTool] public Task<int> D(string city, CancellationToken cancellationToken) => Task.Run(static () => Legacy.LoadAsync("k"), cancellationToken);
        }
        public sealed class Elsewhere(IWeather weather)
        {
            public Task<string> NotHandlerCode(string city, CancellationToken cancellationToken) => weather.GetAsync(city);
        }
        """);

    [Fact]
    public Task Fix_forwards_by_position_or_by_name() => Fix(
        Client + """
        public sealed class Tools(IWeather weather)
        {
            [McpTool]
            public async Task<string> Forecast(string city, CancellationToken cancellationToken)
            {
                await {|MCPG6002:Task.Delay(100)|};
                var near = await {|MCPG6002:weather.FindAsync(city)|};
                return await {|MCPG6002:weather.GetAsync(city)|} + near;
            }

            [McpTool]
            public Task<int> Load(string key, McpToolCall call) => {|MCPG6002:Legacy.LoadAsync(key)|};
        }
        """,
        Client + """
        public sealed class Tools(IWeather weather)
        {
            [McpTool]
            public async Task<string> Forecast(string city, CancellationToken cancellationToken)
            {
                await Task.Delay(100, cancellationToken);
                var near = await weather.FindAsync(city, cancellationToken: cancellationToken);
                return await weather.GetAsync(city, cancellationToken) + near;
            }

            [McpTool]
            public Task<int> Load(string key, McpToolCall call) => Legacy.LoadAsync(key, call.CancellationToken);
        }
        """);
}

/// <summary>MCPG6002 and async streams: <c>WithCancellation</c> is how a token reaches an <c>IAsyncEnumerable</c>.</summary>
public sealed class MCPG6002AsyncStreamTests
{
    private static Task Verify(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verifier<CancellationAnalyzer, ForwardCancellationTokenFixer>.AnalyzerAsync(Verifier<CancellationAnalyzer, ForwardCancellationTokenFixer>.Usings + source, expected);

    private const string Calendar = """
        using System.Linq;
        public sealed record CalendarEvent(string Title, DateTimeOffset Start);
        public interface ICalendar
        {
            IAsyncEnumerable<CalendarEvent> GetEventsAsync(DateOnly day, CancellationToken cancellationToken = default);
        }
        public static class Feeds
        {
            public static async IAsyncEnumerable<string> Lines(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
            {
                await Task.Delay(1, cancellationToken);
                yield return path;
            }
        }

        """;

    [Fact]
    public Task Stays_silent_when_WithCancellation_passes_the_token() => Verify(Calendar + """
        public sealed class Tools(ICalendar calendar)
        {
            [McpTool]
            public async Task<int> Count(DateOnly day, CancellationToken cancellationToken)
            {
                int n = 0;
                await foreach (var e in calendar.GetEventsAsync(day).WithCancellation(cancellationToken)) n++;
                await foreach (var e in calendar.GetEventsAsync(day).WithCancellation(cancellationToken).ConfigureAwait(false)) n++;
                await foreach (var e in calendar.GetEventsAsync(day).ConfigureAwait(false).WithCancellation(cancellationToken)) n++;
                await foreach (var line in Feeds.Lines("a.txt", cancellationToken)) n++;
                var events = calendar.GetEventsAsync(day);
                await foreach (var e in events.WithCancellation(cancellationToken)) n++;
                await foreach (var e in calendar.GetEventsAsync(day).Where(e => e.Title.Length > 0).Take(5).WithCancellation(cancellationToken)) n++;
                return n;
            }
        }
        """);

    [Fact]
    public Task Flags_async_streams_enumerated_without_the_token() => Verify(Calendar + """
        public sealed class Tools(ICalendar calendar)
        {
            [McpTool]
            public async Task<int> Count(DateOnly day, CancellationToken cancellationToken)
            {
                int n = 0;
                await foreach (var e in {|MCPG6002:calendar.GetEventsAsync(day)|}) n++;
                await foreach (var e in {|MCPG6002:calendar.GetEventsAsync(day)|}.ConfigureAwait(false)) n++;
                await foreach (var e in {|MCPG6002:calendar.GetEventsAsync(day)|}.Where(e => e.Title.Length > 0).ConfigureAwait(false)) n++;
                var events = {|MCPG6002:calendar.GetEventsAsync(day)|};
                await foreach (var e in events.WithCancellation(cancellationToken)) n++;
                await foreach (var e in events) n++;
                return n;
            }
        }
        """);
}

/// <summary>MCPG6020: async void methods and lambdas in handler code.</summary>
public sealed class MCPG6020AsyncVoidCalledFromHandlerTests
{
    private static Task Verify(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verifier<CancellationAnalyzer, AwaitAsyncVoidFixer>.AnalyzerAsync(Verifier<CancellationAnalyzer, AwaitAsyncVoidFixer>.Usings + source, expected);

    private static Task Fix(string source, string fixedSource) =>
        Verifier<CancellationAnalyzer, AwaitAsyncVoidFixer>.FixAsync(
            Verifier<CancellationAnalyzer, AwaitAsyncVoidFixer>.Usings + source, Verifier<CancellationAnalyzer, AwaitAsyncVoidFixer>.Usings + fixedSource);

    [Fact]
    public Task Fix_makes_the_helper_return_task_and_awaits_every_call() => Fix(
        """
        public sealed class Tools
        {
            [McpTool]
            public async Task<string> Deploy(string service, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                {|MCPG6020:Announce(service)|};
                return service;
            }

            [McpTool]
            public async Task<string> Rollback(string service, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                {|MCPG6020:this.Announce("rollback " + service)|};
                return service;
            }

            private async void Announce(string text) => await Task.Yield();
        }
        """,
        """
        public sealed class Tools
        {
            [McpTool]
            public async Task<string> Deploy(string service, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                await Announce(service);
                return service;
            }

            [McpTool]
            public async Task<string> Rollback(string service, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                await this.Announce("rollback " + service);
                return service;
            }

            private async Task Announce(string text) => await Task.Yield();
        }
        """);

    [Fact]
    public Task No_fix_when_a_call_cannot_be_awaited_or_the_method_is_used_otherwise() => Fix(
        """
        public sealed class Tools
        {
            [McpTool]
            public string Deploy(string service)
            {
                {|MCPG6020:Announce(service)|};
                return service;
            }

            [McpTool]
            public async Task<int> Rerun(string[] ids, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                {|MCPG6020:Log("rerun")|};
                Action<string> later = Log;
                new List<string>(ids).ForEach({|MCPG6020:async|} id => await Task.Delay(1, cancellationToken));
                return ids.Length;
            }

            private async void Announce(string text) => await Task.Yield();
            private async void Log(string text) => await Task.Yield();
        }
        """,
        """
        public sealed class Tools
        {
            [McpTool]
            public string Deploy(string service)
            {
                {|MCPG6020:Announce(service)|};
                return service;
            }

            [McpTool]
            public async Task<int> Rerun(string[] ids, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                {|MCPG6020:Log("rerun")|};
                Action<string> later = Log;
                new List<string>(ids).ForEach({|MCPG6020:async|} id => await Task.Delay(1, cancellationToken));
                return ids.Length;
            }

            private async void Announce(string text) => await Task.Yield();
            private async void Log(string text) => await Task.Yield();
        }
        """);

    [Fact]
    public Task Flags_calls_to_async_void_methods_and_async_void_lambdas() => Verify("""
        public static class Notifier
        {
            public static async void Announce(string text) => await Task.Delay(10);
        }
        public sealed class Tools
        {
            [McpTool]
            public string Deploy(string service, CancellationToken cancellationToken)
            {
                {|MCPG6020:Notifier.Announce(service)|};
                {|MCPG6020:Log(service)|};
                new List<string> { service }.ForEach({|MCPG6020:async|} s => await Task.Delay(1, cancellationToken));
                return service;
            }

            private async void Log(string text) => await Task.Yield();
        }
        """);

    [Fact]
    public Task Reports_the_method_and_what_to_do() => Verify(
        """
        public static class Notifier
        {
            public static async void Announce(string text) => await Task.Delay(10);
        }
        public static class Tools
        {
            [McpTool] public static void Deploy(string service) => Notifier.Announce(service);
        }
        """,
        Verifier<CancellationAnalyzer, AwaitAsyncVoidFixer>.Diagnostic("MCPG6020").WithSpan(12, 60, 12, 86)
            .WithArguments("'Notifier.Announce'", "make it return Task and await the call"));

    [Fact]
    public Task Reports_the_lambda_at_its_async_keyword_with_its_delegate_type() => Verify(
        """
        public static class Tools
        {
            [McpTool] public static void Ping(List<string> hosts) => hosts.ForEach(async h => await Task.Delay(1));
        }
        """,
        Verifier<CancellationAnalyzer, AwaitAsyncVoidFixer>.Diagnostic("MCPG6020").WithSpan(8, 76, 8, 81)
            .WithArguments("The lambda passed as an 'Action<string>'", "pass it where a Func returning Task is taken, or await the work in a loop"));

    [Fact]
    public Task Stays_silent_for_task_returning_helpers_and_code_outside_tool_classes() => Verify("""
        public static class Notifier
        {
            public static async Task AnnounceAsync(string text, CancellationToken cancellationToken) => await Task.Delay(10, cancellationToken);
            public static async void Fire(string text) => await Task.Delay(10);
            public static void Sync(string text) { }
        }
        public static class Tools
        {
            [McpTool]
            public static async Task Deploy(string service, CancellationToken cancellationToken)
            {
                await Notifier.AnnounceAsync(service, cancellationToken);
                Notifier.Sync(service);
                await Task.Run(async () => await Task.Delay(1, cancellationToken), cancellationToken);
                Func<Task> later = async () => await Task.Yield();
                await later();
            }
        }
        public static class Startup
        {
            public static void Warm() => Notifier.Fire("warm");
        }
        """);
}

/// <summary>MCPG6021: a token that never cancels passed while the request's token is in scope.</summary>
public sealed class MCPG6021CancellationTokenNoneWithTokenInScopeTests
{
    private static Task Verify(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verifier<CancellationAnalyzer, ForwardCancellationTokenFixer>.AnalyzerAsync(Verifier<CancellationAnalyzer, ForwardCancellationTokenFixer>.Usings + source, expected);

    private static Task Fix(string source, string fixedSource) =>
        Verifier<CancellationAnalyzer, ForwardCancellationTokenFixer>.FixAsync(
            Verifier<CancellationAnalyzer, ForwardCancellationTokenFixer>.Usings + source, Verifier<CancellationAnalyzer, ForwardCancellationTokenFixer>.Usings + fixedSource);

    private const string Client = """
        public interface IChat
        {
            Task<string> SummarizeAsync(string text, CancellationToken cancellationToken = default);
        }

        """;

    [Fact]
    public Task Flags_none_default_and_new_tokens_when_a_token_is_in_scope() => Verify(Client + """
        public sealed class Tools(IChat chat)
        {
            [McpTool]
            public async Task<string> Summarize(string text, CancellationToken cancellationToken)
            {
                await Task.Delay(1, {|MCPG6021:CancellationToken.None|});
                await Task.Delay(1, {|MCPG6021:default|});
                await Task.Delay(1, {|MCPG6021:default(CancellationToken)|});
                await Task.Delay(1, {|MCPG6021:new CancellationToken()|});
                return await chat.SummarizeAsync(text, cancellationToken: {|MCPG6021:CancellationToken.None|});
            }

            [McpTool]
            public Task<string> Short(string text, McpToolCall call) => chat.SummarizeAsync(text, {|MCPG6021:CancellationToken.None|});
        }
        """);

    [Fact]
    public Task Reports_info_with_the_argument_the_target_and_the_token() => Verify(
        Client + """
        public sealed class Tools(IChat chat)
        {
            [McpTool] public Task<string> Summarize(string text, CancellationToken ct) => chat.SummarizeAsync(text, CancellationToken.None);
        }
        """,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult("MCPG6021", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithSpan(12, 109, 12, 131)
            .WithArguments("CancellationToken.None", "IChat.SummarizeAsync", "ct"));

    [Fact]
    public Task Stays_silent_without_a_token_in_scope_in_catch_and_finally_and_when_suppressed() => Verify(Client + """
        public sealed class Tools(IChat chat)
        {
            [McpTool]
            public async Task<string> Summarize(string text, CancellationToken cancellationToken)
            {
                try
                {
                    return await chat.SummarizeAsync(text, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return await chat.SummarizeAsync("cancelled", CancellationToken.None);
                }
                finally
                {
                    await Task.Delay(1, default(CancellationToken));
                }
            }

            [McpTool]
            public Task<string> Audit(string text, CancellationToken cancellationToken)
            {
        #pragma warning disable MCPG6021 // the audit record must be written even if the caller goes away
                return chat.SummarizeAsync(text, CancellationToken.None);
        #pragma warning restore MCPG6021
            }

            [McpTool] public string Quick(string text) => chat.SummarizeAsync(text, CancellationToken.None).IsCompleted ? text : "";
            [McpTool] public Task Linked(CancellationToken cancellationToken) => Task.Delay(1, new CancellationToken(true));
        }
        public sealed class Elsewhere(IChat chat)
        {
            public Task<string> NotHandlerCode(string text, CancellationToken cancellationToken) => chat.SummarizeAsync(text, CancellationToken.None);
        }
        """);

    [Fact]
    public Task Fix_passes_the_token_in_scope() => Fix(
        Client + """
        public sealed class Tools(IChat chat)
        {
            [McpTool]
            public async Task<string> Summarize(string text, CancellationToken cancellationToken)
            {
                await Task.Delay(1, {|MCPG6021:default|});
                return await chat.SummarizeAsync(text, cancellationToken: {|MCPG6021:CancellationToken.None|});
            }

            [McpTool]
            public Task<string> Short(string text, McpToolCall call) => chat.SummarizeAsync(text, {|MCPG6021:new CancellationToken()|});
        }
        """,
        Client + """
        public sealed class Tools(IChat chat)
        {
            [McpTool]
            public async Task<string> Summarize(string text, CancellationToken cancellationToken)
            {
                await Task.Delay(1, cancellationToken);
                return await chat.SummarizeAsync(text, cancellationToken: cancellationToken);
            }

            [McpTool]
            public Task<string> Short(string text, McpToolCall call) => chat.SummarizeAsync(text, call.CancellationToken);
        }
        """);
}

/// <summary>MCPG6004: blocking waits in handler code.</summary>
public sealed class MCPG6004BlockingWaitTests
{
    private static Task Verify(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        Verifier<CancellationAnalyzer, ReplaceBlockingWaitFixer>.AnalyzerAsync(Verifier<CancellationAnalyzer, ReplaceBlockingWaitFixer>.Usings + source, expected);

    private static Task Fix(string source, string fixedSource) =>
        Verifier<CancellationAnalyzer, ReplaceBlockingWaitFixer>.FixAsync(
            Verifier<CancellationAnalyzer, ReplaceBlockingWaitFixer>.Usings + source, Verifier<CancellationAnalyzer, ReplaceBlockingWaitFixer>.Usings + fixedSource);

    [Fact]
    public Task Flags_result_wait_get_result_and_sleep() => Verify("""
        public static class Tools
        {
            [McpTool]
            public static int Blocking(CancellationToken cancellationToken)
            {
                var task = Task.FromResult(1);
                {|MCPG6004:Thread.Sleep(10)|};
                {|MCPG6004:task.Wait()|};
                {|MCPG6004:Task.WaitAll(task)|};
                return {|MCPG6004:task.Result|} + {|MCPG6004:task.GetAwaiter().GetResult()|};
            }
        }
        """);

    [Fact]
    public Task Stays_silent_outside_tool_classes_and_on_awaits() => Verify("""
        public static class Tools
        {
            [McpTool] public static async Task<int> Fine(CancellationToken cancellationToken) => await Task.FromResult(1);
        }
        public static class Startup
        {
            public static int Warm() => Task.FromResult(1).Result;
        }
        """);

    [Fact]
    public Task Fix_awaits_instead_in_async_code() => Fix(
        """
        public static class Tools
        {
            [McpTool]
            public static async Task<int> Blocking(CancellationToken cancellationToken)
            {
                var task = Task.FromResult("abc");
                {|MCPG6004:Thread.Sleep(10)|};
                {|MCPG6004:task.Wait()|};
                var length = {|MCPG6004:task.Result|}.Length;
                return length + {|MCPG6004:task.GetAwaiter().GetResult()|}.Length;
            }
        }
        """,
        """
        public static class Tools
        {
            [McpTool]
            public static async Task<int> Blocking(CancellationToken cancellationToken)
            {
                var task = Task.FromResult("abc");
                await Task.Delay(10, cancellationToken);
                await task;
                var length = (await task).Length;
                return length + (await task).Length;
            }
        }
        """);

    [Fact]
    public Task No_fix_where_await_is_not_allowed() => Fix(
        """
        public static class Tools
        {
            private static readonly object s_gate = new();

            [McpTool]
            public static int Sync() => {|MCPG6004:Task.FromResult(1).Result|};

            [McpTool]
            public static async Task<int> Locked(CancellationToken cancellationToken)
            {
                await Task.Yield();
                lock (s_gate) { return {|MCPG6004:Task.FromResult(1).Result|}; }
            }
        }
        """,
        """
        public static class Tools
        {
            private static readonly object s_gate = new();

            [McpTool]
            public static int Sync() => {|MCPG6004:Task.FromResult(1).Result|};

            [McpTool]
            public static async Task<int> Locked(CancellationToken cancellationToken)
            {
                await Task.Yield();
                lock (s_gate) { return {|MCPG6004:Task.FromResult(1).Result|}; }
            }
        }
        """);
}

/// <summary>MCPG6005: task-capable tools must observe their token.</summary>
public sealed class MCPG6005TaskToolIgnoresCancellationTests
{
    private static Task Verify(string source) =>
        Verifier<CancellationAnalyzer, AddCancellationTokenFixer>.AnalyzerAsync(Verifier<CancellationAnalyzer, AddCancellationTokenFixer>.Usings + source);

    [Fact]
    public Task Flags_task_tools_without_a_token_or_that_never_use_it() => Verify("""
        public static class Reports
        {
            [McpTool(TaskSupport = McpTaskSupport.Required)]
            public static async Task<string> {|MCPG6005:Build|}(string region) { await Task.Yield(); return region; }

            [McpTool(TaskSupport = McpTaskSupport.Optional)]
            public static async Task<string> {|MCPG6005:Export|}(string region, CancellationToken cancellationToken) { await Task.Yield(); return region; }
        }
        """);

    [Fact]
    public Task Stays_silent_when_the_token_is_used_or_the_tool_is_not_task_capable() => Verify("""
        public static class Reports
        {
            [McpTool(TaskSupport = McpTaskSupport.Required)]
            public static async Task<string> Build(string region, CancellationToken cancellationToken) { await Task.Delay(10, cancellationToken); return region; }

            [McpTool(TaskSupport = McpTaskSupport.Optional)]
            public static Task<string> Export(string region, McpToolCall call) => Task.FromResult(call.CancellationToken.IsCancellationRequested ? "" : region);

            [McpTool(TaskSupport = McpTaskSupport.Forbidden)]
            public static string Quick(string region, CancellationToken cancellationToken) => region;
        }
        """);
}
