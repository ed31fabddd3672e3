namespace McpGen.SourceGeneration.Tests;

/// <summary>Input programs shared by the generator tests.</summary>
internal static class Sources
{
    public const string Basic = """
        using System.Threading;
        using System.Threading.Tasks;
        using McpGen;

        namespace Demo;

        /// <summary>A demo server.</summary>
        [McpServer("demo", Version = "1.0.0", Instructions = "Be nice.")]
        public partial class DemoServer;

        public enum Mood { Happy, Sad }

        /// <summary>A greeting.</summary>
        /// <param name="Text">What was said.</param>
        /// <param name="Mood">How it was said.</param>
        public sealed record Greeting(string Text, Mood Mood);

        public static class DemoTools
        {
            /// <summary>Says hello.</summary>
            /// <param name="name">Who to greet.</param>
            /// <param name="times">How many times.</param>
            [McpTool(ReadOnly = true)]
            public static Greeting Hello(string name, int times = 1, Mood mood = Mood.Happy) => new(string.Concat(System.Linq.Enumerable.Repeat("hi " + name, times)), mood);

            /// <summary>Waits a while.</summary>
            [McpTool]
            public static async Task<string> WaitAsync(int milliseconds, CancellationToken cancellationToken)
            {
                await Task.Delay(milliseconds, cancellationToken);
                return "waited";
            }
        }
        """;

    /// <summary>Every supported shape at once; must compile without a single warning.</summary>
    public const string KitchenSink = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.ComponentModel.DataAnnotations;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using McpGen;
        using ModelContextProtocol.Protocol;

        namespace Sink
        {
            [McpServer("sink")]
            public partial class SinkServer;

            public enum Level { Low, [JsonStringEnumMemberName("very-high")] High }

            public sealed record Item(string Name, [property: Range(1, 9)] int Count, Level Level = Level.Low, string? Note = null);

            public sealed class Bag
            {
                public required string Id { get; init; }
                public string Label { get; init; } = "x";
                public List<Item> Items { get; set; } = new();
                public Dictionary<string, double>? Weights { get; set; }
                [JsonPropertyName("when")] public DateTimeOffset? When { get; set; }
                [JsonIgnore] public int Ignored { get; set; }
                public int ReadOnly => Items.Count;
            }

            public sealed record Node(string Value, List<Node>? Next = null);

            public struct Vec { public double X { get; set; } public double Y { get; set; } }

            public interface IClock { DateTime Now { get; } }

            public sealed class Tools(IClock clock) : IAsyncDisposable
            {
                [McpTool] public string Now() => clock.Now.ToString("O");
                public ValueTask DisposeAsync() => default;
            }

            public static class Everything
            {
                [McpTool] public static string Scalars(string s, bool b, char c, byte u8, sbyte i8, short i16, ushort u16, int i32, uint u32, long i64, ulong u64, float f, double d, decimal m) => s;
                [McpTool] public static string Times(DateTime a, DateTimeOffset b, DateOnly c, TimeOnly e, TimeSpan f, Guid g, Uri h) => "";
                [McpTool] public static string Optional(int? a = null, string? b = null, Level? c = null, double d = 1.5, string e = "x\"y", char f = 'q', Level g = Level.High, long h = 3) => "";
                [McpTool] public static string Collections(int[] a, List<string?> b, IReadOnlyList<Item> c, IEnumerable<long> d, HashSet<string> e, ISet<int> f, IDictionary<string, Item> g, IReadOnlyDictionary<string, List<int>> h) => "";
                [McpTool] public static string Objects(Bag bag, Node node, Vec vec, Vec? maybe, JsonElement any) => "";
                [McpTool] public static string Validated([Range(0.5, 2.5)] double ratio, [StringLength(10, MinimumLength = 1)] string code, [RegularExpression("^a+$")] string? a) => "";
                [McpTool] public static string Special(CancellationToken ct, IProgress<McpProgress> progress, McpRequestContext context, IServiceProvider services, IClock clock) => "";
                [McpTool] public static void Void() { }
                [McpTool] public static Task TaskVoid() => Task.CompletedTask;
                [McpTool] public static ValueTask<Bag> Structured() => default;
                [McpTool] public static Task<List<Vec>> List() => Task.FromResult(new List<Vec>());
                [McpTool] public static Dictionary<string, Level> Dict() => new();
                [McpTool] public static Node? MaybeNode() => null;
                [McpTool] public static DateOnly Day() => default;
                [McpTool] public static Level? MaybeLevel() => null;
                [McpTool] public static TimeSpan Span() => default;
                [McpTool] public static CallToolResult Result() => new();
                [McpTool] public static ContentBlock Block() => new TextContentBlock { Text = "" };
                [McpTool] public static IList<TextContentBlock> Blocks() => new List<TextContentBlock>();
                [McpTool] public static JsonElement Json() => default;
                [McpTool("custom.name-1", Title = "T", Description = "D", Destructive = true, OpenWorld = false)] public static int Named() => 1;
                [McpTool] public static string Keywords(string @class, int @event, string reader, string call, string result) => @class;
            }
        }
        """;

    /// <summary>Resources, templates, listings, prompts and completions of every supported shape.</summary>
    public const string Primitives = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using McpGen;
        using ModelContextProtocol.Protocol;

        namespace Docs
        {
            /// <summary>A documentation server.</summary>
            [McpServer("docs")]
            public partial class DocsServer;

            public enum Format { Html, Pdf }

            public sealed record Page(string Title, int Number);

            public interface IStore { string Get(string key); }

            public static class Resources
            {
                /// <summary>The index page.</summary>
                [McpResource("docs://index", MimeType = "text/html", TimeToLiveMs = 60000, CacheScope = McpCacheScope.Public)]
                public static string Index() => "<h1>Docs</h1>";

                [McpResource("docs://logo")] public static byte[] Logo() => [];
                [McpResource("docs://banner")] public static ReadOnlyMemory<byte> Banner() => default;
                [McpResource("docs://archive")] public static Task<Stream> ArchiveAsync(CancellationToken ct) => Task.FromResult<Stream>(new MemoryStream());
                [McpResource("docs://count")] public static long Count() => 3;
                [McpResource("docs://contents")] public static ResourceContents Contents() => new TextResourceContents { Uri = "docs://contents", Text = "" };
                [McpResource("docs://all")] public static ValueTask<IReadOnlyList<ResourceContents>> All() => default;
                [McpResource("docs://result")] public static ReadResourceResult Result() => new();

                /// <summary>A page.</summary>
                /// <param name="number">The page number.</param>
                [McpResource("docs://pages/{number}{.format}", Name = "page")]
                public static Page GetPage(int number, Format format = Format.Html) => new("p", number);

                [McpResource("docs://files/{+path}{?raw,lines}{&encoding}")]
                public static string File(string path, bool? raw, int lines = 10, string? encoding = null, IStore? store = null) => path;

                [McpResource("docs://m{;x,y}{/segments}{#frag}")]
                public static string Matrix(int x, Guid y, string? segments, string? frag) => "";

                [McpCompletion(ResourceTemplate = "docs://files/{+path}{?raw,lines}{&encoding}", Argument = "path")]
                public static IEnumerable<string> CompletePath(string value) => [value + "a"];

                [McpResourceList(TimeToLiveMs = 1000)]
                public static IEnumerable<Resource> Listed() => [];

                [McpResourceList(CacheScope = McpCacheScope.Public)]
                public static async IAsyncEnumerable<Resource> Streamed() { await Task.Yield(); yield break; }
            }

            public sealed class ScopedResources(IStore store) : IDisposable
            {
                [McpResource("docs://scoped/{key}")] public string Scoped(string key) => store.Get(key);

                [McpResourceList] public Task<List<Resource>> ListScoped() => Task.FromResult(new List<Resource>());

                public void Dispose() { }
            }

            public static class Prompts
            {
                /// <summary>Summarize a page.</summary>
                /// <param name="topic">What to summarize.</param>
                [McpPrompt(Title = "Summary")]
                public static string Summarize(string topic, Format format, int? words = null, bool brief = false) => topic;

                [McpPrompt("chat")] public static Task<IEnumerable<PromptMessage>> ChatAsync(DateOnly day, CancellationToken ct) => Task.FromResult<IEnumerable<PromptMessage>>([]);
                [McpPrompt] public static PromptMessage One() => null!;
                [McpPrompt] public static ContentBlock Block() => new TextContentBlock { Text = "" };
                [McpPrompt] public static List<ContentBlock> Blocks() => [];
                [McpPrompt] public static ValueTask<GetPromptResult> Whole(McpRequestContext context, IServiceProvider services) => default;

                [McpCompletion(Prompt = "summarize", Argument = "topic")]
                [McpCompletion(Prompt = "chat", Argument = "day")]
                public static async Task<Completion> CompleteTopic(string value, string? format, IReadOnlyDictionary<string, string> arguments, CancellationToken ct)
                {
                    await Task.Yield();
                    return new Completion();
                }
            }
        }
        """;
}
