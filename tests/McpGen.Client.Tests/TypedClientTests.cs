using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace McpGen.Client.Tests;

public enum Priority
{
    Low,
    High,
}

/// <summary>A ticket.</summary>
public sealed record Ticket(string Id, string Title, Priority Priority, IReadOnlyList<string> Tags, DateTimeOffset? Closed);

/// <summary>A page of tickets.</summary>
public sealed record TicketPage(IReadOnlyList<Ticket> Items, int Total);

/// <summary>Narrows a search.</summary>
public sealed record TicketFilter(string? Owner, Priority? AtLeast);

/// <summary>The server the typed client calls.</summary>
[McpServer("typed-test", Version = "1.0.0", Types = [typeof(TypedTools), typeof(TypedResources), typeof(TypedPrompts)])]
public partial class TypedTestServer;

public static class TypedTools
{
    /// <summary>Searches tickets.</summary>
    [McpTool]
    public static TicketPage SearchTickets(string query, int limit = 10, TicketFilter? filter = null)
    {
        var items = Enumerable.Range(1, Math.Min(limit, 3))
            .Select(i => new Ticket($"T-{i}", $"{query} #{i}", filter?.AtLeast ?? Priority.Low, [filter?.Owner ?? "nobody"], i == 1 ? new DateTimeOffset(2026, 7, 28, 10, 0, 0, TimeSpan.Zero) : null))
            .ToList();
        return new TicketPage(items, 42);
    }

    /// <summary>Counts the items.</summary>
    [McpTool]
    public static int Count(string[] items) => items.Length;

    /// <summary>The even numbers up to a bound.</summary>
    [McpTool(ReadOnly = true)]
    public static List<int> Evens(int upTo) => Enumerable.Range(0, upTo + 1).Where(i => i % 2 == 0).ToList();

    /// <summary>Forgets a ticket.</summary>
    [McpTool]
    public static void Forget(string id)
    {
        if (id.Length == 0)
        {
            throw new ArgumentException("no id");
        }
    }

    /// <summary>Always fails.</summary>
    [McpTool]
    public static string Fail(string why) => throw new InvalidOperationException(why);

    /// <summary>Answers from a region a gateway routes on (the region is mirrored into Mcp-Param-Region).</summary>
    [McpTool]
    public static string Route(string text, [McpHeader] string region) => region + ":" + text;
}

public static class TypedResources
{
    /// <summary>One ticket as JSON.</summary>
    [McpResource("tickets://{id}", MimeType = "application/json")]
    public static Ticket GetTicket(string id) => new(id, "ticket " + id, Priority.High, ["a", "b"], null);

    /// <summary>A file.</summary>
    [McpResource("files://{+path}", MimeType = "text/plain")]
    public static string ReadFile(string path) => "file " + path;
}

public static class TypedPrompts
{
    /// <summary>Summarizes a topic.</summary>
    [McpPrompt]
    public static string Summarize(string topic, string? style = null) => $"Summarize {topic}" + (style is null ? "." : $" in a {style} style.");
}

/// <summary>The typed client of <see cref="TypedTestServer"/>.</summary>
[McpClient]
public partial interface IHelpDesk : IAsyncDisposable
{
    [McpRemoteTool]
    Task<TicketPage> SearchTicketsAsync(string query, int limit = 10, TicketFilter? filter = null, CancellationToken cancellationToken = default);

    [McpRemoteTool("search_tickets")]
    Task<CallToolResult> SearchTicketsRawAsync(string query);

    [McpRemoteTool("count")]
    ValueTask<int> CountAsync(string[] items);

    [McpRemoteTool(ReadOnly = true)]
    Task<List<int>> EvensAsync([McpRemoteArgument("upTo")] int limit);

    [McpRemoteTool]
    Task ForgetAsync(string id);

    [McpRemoteTool("fail")]
    Task<string> FailAsync(string why);

    [McpRemoteTool("fail")]
    Task<CallToolResult> FailRawAsync(string why);

    [McpRemoteTool]
    Task<string> RouteAsync(string text, [McpHeader] string region);

    [McpRemoteTool("route")]
    Task<string> RouteWithoutHeaderAsync(string text, string region);

    [McpRemoteTool("no_such_tool")]
    Task<string> MissingAsync();

    [McpRemoteResource("tickets://{id}")]
    Task<Ticket> GetTicketAsync(string id, CancellationToken cancellationToken = default);

    [McpRemoteResource("files://{+path}")]
    Task<string> ReadFileAsync(string path);

    [McpRemotePrompt]
    Task<string> SummarizeAsync(string topic, string? style = null);

    [McpRemotePrompt("summarize")]
    Task<GetPromptResult> SummarizeRawAsync(string topic);

    /// <summary>The user's own code, next to the generated calls.</summary>
    async Task<int> TotalAsync(string query) => (await SearchTicketsAsync(query, 1)).Total;
}

/// <summary>Typed clients generated from <see cref="McpClientAttribute"/> interfaces, against a real McpGen server.</summary>
public sealed class TypedClientTests : IAsyncLifetime
{
    private InMemoryServer _server = null!;
    private readonly List<string> _bodies = [];

    private Uri Endpoint => _server.Endpoint;

    public async Task InitializeAsync() => _server = await InMemoryServer.StartAsync<TypedTestServer>("/typed");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private HttpClient Http() => _server.CreateHttpClient(new BodyRecorder(_bodies));

    private JsonElement LastCall(string method)
    {
        string body;
        lock (_bodies)
        {
            body = _bodies.Last(b => b.Contains($"\"method\":\"{method}\"", StringComparison.Ordinal));
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("params");
    }

    [Fact]
    public async Task Structured_results_are_read_into_the_declared_records()
    {
        await using var desk = McpClient.Create<IHelpDesk>(Http(), Endpoint);

        var page = await desk.SearchTicketsAsync("printer", 2, new TicketFilter("ana", Priority.High));

        Assert.Equal(42, page.Total);
        Assert.Equal(["T-1", "T-2"], page.Items.Select(t => t.Id));
        Assert.Equal("printer #1", page.Items[0].Title);
        Assert.Equal(Priority.High, page.Items[0].Priority);
        Assert.Equal(["ana"], page.Items[0].Tags);
        Assert.Equal(new DateTimeOffset(2026, 7, 28, 10, 0, 0, TimeSpan.Zero), page.Items[0].Closed);
        Assert.Null(page.Items[1].Closed);

        var sent = LastCall("tools/call");
        Assert.Equal("search_tickets", sent.GetProperty("name").GetString());
        Assert.Equal("""{"query":"printer","limit":2,"filter":{"owner":"ana","atLeast":"High"}}""", sent.GetProperty("arguments").GetRawText());
    }

    [Fact]
    public async Task Absent_optional_arguments_are_left_out_and_renamed_ones_use_their_wire_name()
    {
        await using var desk = McpClient.Create<IHelpDesk>(Http(), Endpoint);

        Assert.Equal(42, await desk.TotalAsync("x"));
        Assert.Equal("""{"query":"x","limit":1}""", LastCall("tools/call").GetProperty("arguments").GetRawText());

        Assert.Equal([0, 2, 4], await desk.EvensAsync(5));
        Assert.Equal("""{"upTo":5}""", LastCall("tools/call").GetProperty("arguments").GetRawText());
    }

    [Fact]
    public async Task Primitives_come_from_text_and_collections_from_the_wrapped_structured_content()
    {
        await using var desk = McpClient.Create<IHelpDesk>(Http(), Endpoint);

        Assert.Equal(3, await desk.CountAsync(["a", "b", "c"]));
        Assert.Equal([0, 2], await desk.EvensAsync(3));
        await desk.ForgetAsync("T-1");
    }

    [Fact]
    public async Task A_tool_error_throws_with_the_servers_text_unless_the_raw_result_is_asked_for()
    {
        await using var desk = McpClient.Create<IHelpDesk>(Http(), Endpoint);

        var error = await Assert.ThrowsAsync<McpToolException>(() => desk.FailAsync("The warehouse is closed."));
        Assert.Equal("fail", error.ToolName);
        Assert.Contains("The warehouse is closed.", error.ErrorText);

        var raw = await desk.FailRawAsync("closed");
        Assert.True(raw.IsError);

        var unknown = await Assert.ThrowsAsync<McpRemoteException>(() => desk.MissingAsync());
        Assert.Equal(-32602, unknown.Code);
        Assert.Contains("no_such_tool", unknown.RemoteMessage);
    }

    [Fact]
    public async Task An_argument_marked_McpHeader_is_mirrored_into_its_header_without_a_tools_list_first()
    {
        await using var desk = McpClient.Create<IHelpDesk>(Http(), Endpoint);

        Assert.Equal("eu:hi", await desk.RouteAsync("hi", "eu"));

        // The declaration belongs to the interface: its other method for the tool sends the header too.
        Assert.Equal("us:yo", await desk.RouteWithoutHeaderAsync("yo", "us"));

        // A client that never heard of the header (no declaration, no tools/list): McpGen's server refuses the request.
        await using var untyped = McpClient.Create(Http(), Endpoint);
        var error = await Assert.ThrowsAsync<McpRemoteException>(() => untyped.CallToolAsync("route", new Dictionary<string, System.Text.Json.JsonElement>
        {
            ["text"] = System.Text.Json.JsonSerializer.SerializeToElement("hi"),
            ["region"] = System.Text.Json.JsonSerializer.SerializeToElement("eu"),
        }).AsTask());
        Assert.Equal(-32020, error.Code);
    }

    [Fact]
    public async Task Resources_expand_their_template_and_read_json_or_text()
    {
        await using var desk = McpClient.Create<IHelpDesk>(Http(), Endpoint);

        var ticket = await desk.GetTicketAsync("T 7/8");
        Assert.Equal("T 7/8", ticket.Id);
        Assert.Equal(Priority.High, ticket.Priority);
        Assert.Equal("tickets://T%207%2F8", LastCall("resources/read").GetProperty("uri").GetString());

        Assert.Equal("file a/b c.txt", await desk.ReadFileAsync("a/b c.txt"));
        Assert.Equal("files://a/b%20c.txt", LastCall("resources/read").GetProperty("uri").GetString());
    }

    [Fact]
    public async Task Prompts_send_string_arguments_and_return_text_or_the_result()
    {
        await using var desk = McpClient.Create<IHelpDesk>(Http(), Endpoint);

        Assert.Equal("Summarize tides in a brief style.", await desk.SummarizeAsync("tides", "brief"));
        Assert.Equal("""{"topic":"tides","style":"brief"}""", LastCall("prompts/get").GetProperty("arguments").GetRawText());
        Assert.Equal("Summarize tides.", await desk.SummarizeAsync("tides"));
        Assert.Equal("""{"topic":"tides"}""", LastCall("prompts/get").GetProperty("arguments").GetRawText());

        var raw = await desk.SummarizeRawAsync("moons");
        Assert.Equal("Summarize moons.", Assert.IsType<TextContentBlock>(Assert.Single(raw.Messages).Content).Text);
    }

    [Fact]
    public async Task A_typed_view_shares_the_untyped_client_and_leaves_it_open()
    {
        await using var client = McpClient.Create(Http(), Endpoint);
        var desk = client.As<IHelpDesk>();

        var raw = await desk.SearchTicketsRawAsync("q");
        Assert.NotNull(raw.StructuredContent);
        await desk.DisposeAsync();

        // The view did not own the client: it still works.
        Assert.Equal(1, await client.As<IHelpDesk>().CountAsync(["x"]));
    }
}
