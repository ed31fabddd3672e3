using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using McpGen;
using ModelContextProtocol.Protocol;

namespace McpGen.Tests;

/// <summary>The server under test: every supported parameter and return shape.</summary>
[McpServer("test-server", Version = "2.3.4", Title = "Test Server", Instructions = "For tests only.")]
public partial class TestServer;

public enum Color
{
    Red,
    Green,
    [JsonStringEnumMemberName("deep-blue")]
    Blue,
}

/// <summary>A postal address.</summary>
/// <param name="Street">Street and number.</param>
/// <param name="City">The city.</param>
public sealed record Address(string Street, string City, [property: JsonPropertyName("postal_code")] string? PostalCode = null);

/// <summary>A person with an address and tags.</summary>
public sealed class Person
{
    /// <summary>Full name.</summary>
    public required string Name { get; init; }

    [Range(0, 150)]
    public int Age { get; set; }

    public Address? Home { get; set; }

    public List<string> Tags { get; set; } = [];

    /// <summary>Has a default the binder must keep when absent.</summary>
    public string Nickname { get; init; } = "none";

    [JsonIgnore]
    public string Secret { get; set; } = "hidden";
}

/// <summary>A tree node: recursive, so its schema uses $defs.</summary>
public sealed record TreeNode(string Label, List<TreeNode>? Children = null);

public readonly record struct Point(double X, double Y);

public interface IGreeter
{
    string Greet(string name);
}

public sealed class Greeter : IGreeter
{
    public string Greet(string name) => $"Hello, {name}!";
}

public static class ScalarTools
{
    [McpTool]
    [Description("Echoes text.")]
    public static string Echo(string text) => text;

    /// <summary>Adds numbers of every integer width.</summary>
    [McpTool]
    public static long Integers(byte b, sbyte sb, short s, ushort us, int i, uint ui, long l, ulong ul) =>
        b + sb + s + us + i + ui + l + (long)ul;

    [McpTool]
    public static string Floats(float f, double d, decimal m) => FormattableString.Invariant($"{f}|{d}|{m}");

    [McpTool]
    public static string Flags(bool flag, char letter) => $"{flag}:{letter}";

    [McpTool]
    public static string Times(DateTime at, DateTimeOffset offset, DateOnly day, TimeOnly time, TimeSpan duration) =>
        FormattableString.Invariant($"{at:O}|{offset:O}|{day:yyyy-MM-dd}|{time:HH:mm:ss}|{duration.TotalSeconds}");

    [McpTool]
    public static string Ids(Guid id, Uri link) => $"{id:D}|{link}";

    [McpTool]
    public static string Paint(Color color, Color? second = null) => second is null ? color.ToString() : $"{color}+{second}";

    /// <summary>Optional and defaulted parameters.</summary>
    /// <param name="name">Who to greet.</param>
    /// <param name="times">How many times.</param>
    /// <param name="suffix">Appended text.</param>
    /// <param name="loud">Upper-case the output.</param>
    [McpTool]
    public static string Defaults(string name, int times = 2, string? suffix = null, bool loud = false, double ratio = 0.5, Color color = Color.Green)
    {
        var text = string.Concat(Enumerable.Repeat(name, times)) + suffix + ratio.ToString(System.Globalization.CultureInfo.InvariantCulture) + color;
        return loud ? text.ToUpperInvariant() : text;
    }

    [McpTool]
    public static string Nullables(int? count, string? label) => $"{count?.ToString() ?? "null"}|{label ?? "null"}";

    // [Length]/[MinLength]/[MaxLength] carry RequiresUnreferencedCode for their own reflection-based IsValid, which
    // McpGen never calls: the generated binder checks the bounds directly. Applying them still warns under AOT analysis.
#pragma warning disable IL2026
    [McpTool]
    public static string Validated(
        [Range(1, 10)] int rating,
        [StringLength(5, MinimumLength = 2)] string code,
        [RegularExpression("^[a-z]+$")] string slug,
        [Length(1, 3)] string[] picks) => $"{rating}{code}{slug}{picks.Length}";
#pragma warning restore IL2026

    [McpTool]
    public static string Any(JsonElement value) => value.GetRawText();
}

public static class CollectionTools
{
    [McpTool]
    public static int Sum(int[] numbers, List<int> more, IReadOnlyList<int> evenMore, IEnumerable<int> andMore) =>
        numbers.Sum() + more.Sum() + evenMore.Sum() + andMore.Sum();

    [McpTool]
    public static int Distinct(HashSet<string> words) => words.Count;

    [McpTool]
    public static string Lookup(Dictionary<string, int> table, string key) => table.TryGetValue(key, out var v) ? v.ToString() : "missing";

    [McpTool]
    public static string Nested(List<List<string?>> grid) => string.Join(";", grid.Select(r => string.Join(",", r.Select(c => c ?? "_"))));
}

public static class ObjectTools
{
    /// <summary>Describes a person.</summary>
    [McpTool]
    public static string DescribePerson(Person person) =>
        $"{person.Name} {person.Age} {person.Home?.City ?? "-"} {person.Home?.PostalCode ?? "-"} [{string.Join(",", person.Tags)}] {person.Nickname} {person.Secret}";

    [McpTool]
    public static int CountNodes(TreeNode root) => 1 + (root.Children?.Sum(c => CountNodes(c)) ?? 0);

    [McpTool]
    public static double Distance(Point a, Point b) => Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2));
}

public static class ResultTools
{
    [McpTool]
    public static void Nothing()
    {
    }

    [McpTool]
    public static Task IdleAsync() => Task.Delay(1);

    [McpTool]
    public static async ValueTask<int> CountAsync(int to)
    {
        await Task.Yield();
        return to;
    }

    [McpTool]
    public static Address MakeAddress(string street, string city) => new(street, city, "12345");

    [McpTool]
    public static Address? MaybeAddress(bool give) => give ? new Address("1 Main", "Springfield") : null;

    [McpTool]
    public static List<Point> Points(int count) => Enumerable.Range(0, count).Select(i => new Point(i, i * 2)).ToList();

    [McpTool]
    public static Dictionary<string, Color> Palette() => new() { ["sky"] = Color.Blue, ["grass"] = Color.Green };

    [McpTool]
    public static TreeNode Tree() => new("root", [new TreeNode("leaf")]);

    [McpTool]
    public static CallToolResult Custom() => new()
    {
        Content = [new TextContentBlock { Text = "custom" }],
        IsError = true,
        StructuredContent = JsonDocument.Parse("{\"k\":1}").RootElement,
    };

    [McpTool]
    public static ContentBlock Image() => new ImageContentBlock { Data = "iVBORw0KGgo="u8.ToArray(), MimeType = "image/png" };

    [McpTool]
    public static IEnumerable<ContentBlock> Blocks() => [new TextContentBlock { Text = "one" }, new TextContentBlock { Text = "two" }];

    [McpTool]
    public static DateOnly Today() => new(2026, 7, 28);

    [McpTool]
    public static Color Favourite() => Color.Blue;

    [McpTool]
    public static bool Truth() => true;

    [McpTool]
    public static JsonElement Raw() => JsonDocument.Parse("[1,2]").RootElement;
}

public static class ContextTools
{
    [McpProcessLocal("Test instrumentation: tests in this process count cancelled calls.")]
    public static int Cancelled;

    [McpTool]
    public static async Task<string> Slow(int milliseconds, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(milliseconds, cancellationToken);
            return "done";
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref Cancelled);
            throw;
        }
    }

    [McpTool]
    public static string Progress(int steps, IProgress<McpProgress> progress)
    {
        for (int i = 1; i <= steps; i++)
        {
            progress.Report(new McpProgress(i, steps, $"step {i}"));
            progress.Report(new McpProgress(i - 0.5, steps)); // not increasing: dropped
        }

        return "ok";
    }

    [McpTool]
    public static string WhoAmI(McpRequestContext context) =>
        $"{context.ProtocolVersion}|{context.ClientInfo?.Name ?? "anonymous"}|{context.ClientCapabilities.Elicitation is not null}|{context.Method}";

    [McpProcessLocal("Test instrumentation: tests check that a context user code kept is never handed to another call.")]
    public static System.Collections.Concurrent.ConcurrentQueue<McpRequestContext> Kept { get; } = new();

    [McpTool]
    public static string Keep(string tag, McpRequestContext context)
    {
        Kept.Enqueue(context);
        return tag;
    }

    [McpTool]
    public static string Greet(string name, IGreeter greeter) => greeter.Greet(name);

    [McpTool]
    public static string HasServices(IServiceProvider services) => (services.GetService(typeof(IGreeter)) is not null).ToString();

    [McpTool]
    public static string Throws(string message) => throw new InvalidOperationException(message);

    [McpTool]
    public static string ThrowsArgument() => throw new ArgumentException("bad thing");
}

/// <summary>An instance tool class: created per call with services, disposed after.</summary>
public sealed class InstanceTools(IGreeter greeter) : IDisposable
{
    [McpProcessLocal("Test instrumentation: tests in this process count disposals.")]
    public static int Disposed;

    [McpTool("instance.greet", Title = "Greet", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    public string Greet(string name) => greeter.Greet(name);

    public void Dispose() => Interlocked.Increment(ref Disposed);
}

/// <summary>A scoped service: one instance per call, disposed when the call ends.</summary>
public sealed class CallScope : IDisposable
{
    public static int Created;
    public static int Disposed;

    public CallScope() => Id = Interlocked.Increment(ref Created);

    public int Id { get; }

    public void Dispose() => Interlocked.Increment(ref Disposed);
}

public interface ICallScope
{
    CallScope Scope { get; }
}

public sealed class CallScopeAccessor(CallScope scope) : ICallScope
{
    public CallScope Scope { get; } = scope;
}

public sealed class ScopedTools(ICallScope first)
{
    [McpTool]
    public string SameScope(ICallScope second) => (ReferenceEquals(first.Scope, second.Scope) ? "same:" : "different:") + first.Scope.Id;
}
