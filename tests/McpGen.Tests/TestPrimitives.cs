using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using McpGen;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGen.Tests;

/// <summary>Resources of every return type and template form the generator supports.</summary>
public static class TestResources
{
    [McpResource("test://text", Title = "Text", Description = "Plain text.")]
    public static string Text() => "plain text";

    [McpResource("test://markdown", MimeType = "text/markdown", TimeToLiveMs = 30_000, CacheScope = McpCacheScope.Public)]
    public static Task<string> MarkdownAsync() => Task.FromResult("# Title");

    [McpResource("test://bytes")]
    public static byte[] Bytes() => [1, 2, 3];

    [McpResource("test://memory", MimeType = "image/png")]
    public static ReadOnlyMemory<byte> Memory() => new byte[] { 4, 5 };

    [McpResource("test://stream")]
    public static async ValueTask<Stream> StreamAsync()
    {
        await Task.Yield();
        return new MemoryStream(Encoding.UTF8.GetBytes("streamed"));
    }

    [McpResource("test://json")]
    public static Address Json() => new("1 Main St", "Springfield", "12345");

    [McpResource("test://number")]
    public static int Number() => 42;

    [McpResource("test://contents")]
    public static ResourceContents Contents() => new TextResourceContents { Uri = "test://contents", MimeType = "text/csv", Text = "a,b" };

    [McpResource("test://many")]
    public static IEnumerable<ResourceContents> Many() =>
    [
        new TextResourceContents { Uri = "test://many/1", Text = "one" },
        BlobResourceContents.FromBytes(new byte[] { 9 }, "test://many/2", "application/octet-stream"),
    ];

    [McpResource("test://result")]
    public static ReadResourceResult Result() => new()
    {
        Contents = [new TextResourceContents { Uri = "test://result", Text = "with hints" }],
        TimeToLive = TimeSpan.FromSeconds(7),
        CacheScope = CacheScope.Public,
    };

    [McpResource("test://missing")]
    public static string? Missing() => null;

    [McpResource("test://fails")]
    public static string Fails() => throw new InvalidOperationException("disk on fire");

    /// <summary>An item by numeric id.</summary>
    [McpResource("items://{id}")]
    public static string Item([Range(1, 1000)] int id) => id == 404 ? throw new McpResourceNotFoundException("items://404") : "item " + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [McpResource("items://{id}/color/{color}")]
    public static string ItemColor(int id, Color color) => $"{id}:{color}";

    [McpResource("files://{+path}")]
    public static string File(string path) => "file " + path;

    [McpResource("files://logs/{name}.log")]
    public static string Log(string name) => "log " + name;

    [McpResource("search://items{?q,limit}{&sort}")]
    public static string Search(string q, int limit = 10, string? sort = null) => $"q={q} limit={limit} sort={sort ?? "none"}";

    [McpResource("docs://{lang}{/section,page}{.format}")]
    public static string Doc(string lang, string? section = null, string? page = null, string format = "html") => $"{lang}|{section}|{page}|{format}";

    [McpResource("matrix://m{;x,y}")]
    public static string Matrix(int x, int y) => (x * y).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [McpResource("guid://{id}")]
    public static string ByGuid(Guid id) => id.ToString("N");

    [McpResource("scoped://{name}")]
    public static string Scoped(string name, ICounter counter) => name + counter.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);

    [McpCompletion(ResourceTemplate = "files://logs/{name}.log", Argument = "name")]
    public static async Task<IEnumerable<string>> CompleteLogName(string value, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        return new[] { "app", "audit", "access" }.Where(n => n.StartsWith(value, StringComparison.Ordinal));
    }

    /// <summary>Run-time resources: 250 generated files.</summary>
    [McpResourceList]
    public static async IAsyncEnumerable<Resource> GeneratedFiles([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < 250; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new Resource { Uri = $"files://generated/{i:D3}.txt", Name = $"generated_{i:D3}" };
        }
    }
}

/// <summary>A scoped service for resource tests.</summary>
public interface ICounter
{
    int Next();
}

/// <summary>Prompts of every return type and argument type.</summary>
public static class TestPrompts
{
    /// <summary>Greets someone.</summary>
    /// <param name="name">Who to greet.</param>
    [McpPrompt(Title = "Greeting")]
    public static string Greet(string name) => "Hello, " + name + "!";

    /// <summary>Typed arguments: an enum, an optional number and a flag.</summary>
    [McpPrompt("paint")]
    public static PromptMessage Paint(Color color, [Description("How many coats.")] int coats = 1, bool glossy = false) =>
        new() { Role = Role.Assistant, Content = new TextContentBlock { Text = $"{coats} coat(s) of {color}{(glossy ? ", glossy" : string.Empty)}" } };

    [McpPrompt("conversation")]
    public static async Task<IEnumerable<PromptMessage>> ConversationAsync(string topic, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        return
        [
            new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = "Tell me about " + topic } },
            new PromptMessage { Role = Role.Assistant, Content = new TextContentBlock { Text = "Sure." } },
        ];
    }

    [McpPrompt("image")]
    public static ContentBlock Image() => ImageContentBlock.FromBytes(new byte[] { 1 }, "image/png");

    [McpPrompt("full", Description = "Returns a whole result.")]
    public static GetPromptResult Full(DateOnly day, Guid? ticket = null) => new()
    {
        Description = "Custom description",
        Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = $"{day:yyyy-MM-dd} {ticket?.ToString() ?? "no ticket"}" } }],
    };

    [McpPrompt("failing")]
    public static string Failing() => throw new McpProtocolException("custom failure", McpErrorCode.InvalidRequest);

    [McpPrompt("city")]
    public static string City(string country, string city) => city + ", " + country;

    [McpCompletion(Prompt = "city", Argument = "city")]
    public static IEnumerable<string> CompleteCity(string value, string? country, IReadOnlyDictionary<string, string> all)
    {
        var cities = country == "fr" ? new[] { "Paris", "Lyon", "Lille" } : new[] { "Berlin", "Bonn" };
        return cities.Where(c => c.StartsWith(value, StringComparison.OrdinalIgnoreCase)).Select(c => all.Count > 1 ? c + "*" : c);
    }

    [McpCompletion(Prompt = "city", Argument = "country")]
    public static IEnumerable<string> CompleteCountry(string value) => Enumerable.Range(0, 150).Select(i => "c" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).Where(c => c.StartsWith(value, StringComparison.Ordinal));

    [McpCompletion(Prompt = "greet", Argument = "name")]
    public static Completion CompleteName(string value) => new() { Values = ["Alice", "Bob"], Total = 2, HasMore = false };
}
