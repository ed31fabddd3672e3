using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using McpGen.Client.Tests.Imported;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace McpGen.Client.Tests;

/// <summary>
/// Clients imported from saved <c>tools/list</c> answers (<c>McpClientImport</c> items in the project file):
/// Snapshots/typed.tools.json is <see cref="TypedTestServer"/>'s answer; stale.tools.json no longer matches it.
/// </summary>
public sealed class ImportedClientTests : IAsyncLifetime
{
    private static readonly Uri Endpoint = new("http://localhost/typed");
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapMcp<TypedTestServer>("/typed");
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private HttpClient Http() => new(_app.GetTestServer().CreateHandler());

    [Fact]
    public async Task The_imported_interface_calls_every_tool_with_the_types_generated_from_its_schemas()
    {
        await using var tools = McpClient.Create<ITypedTools>(Http(), Endpoint);

        SearchTicketsResult page = await tools.SearchTicketsAsync("printer", 2, new SearchTicketsFilter("ana", SearchTicketsFilterAtLeast.High));
        Assert.Equal(42, page.Total);
        Assert.Equal(["T-1", "T-2"], page.Items.Select(t => t.Id));
        Assert.Equal(SearchTicketsResultItemPriority.High, page.Items[0].Priority);
        Assert.Equal(["ana"], page.Items[0].Tags);
        Assert.Equal(new DateTimeOffset(2026, 7, 28, 10, 0, 0, TimeSpan.Zero), page.Items[0].Closed);

        Assert.Equal([0L, 2L, 4L], await tools.EvensAsync(4));
        Assert.Equal("3", await tools.CountAsync(["a", "b", "c"]));
        var error = await Assert.ThrowsAsync<McpToolException>(() => tools.FailAsync("closed"));
        Assert.Contains("closed", error.ErrorText);
    }

    [Fact]
    public async Task A_snapshot_that_no_longer_matches_the_server_fails_the_first_call_naming_each_difference()
    {
        await using var tools = McpClient.Create<Stale.IStaleTools>(Http(), Endpoint);

        var error = await Assert.ThrowsAsync<McpClientException>(() => tools.CountAsync(["a"]));
        Assert.Contains("IStaleTools was generated from stale.tools.json, which no longer matches the server", error.Message);
        Assert.Contains("the server has no tool 'archive' any more", error.Message);
        Assert.Contains("tool 'search_tickets' now requires argument 'query', which the snapshot does not know", error.Message);
        Assert.Contains("Save a new tools/list answer to stale.tools.json and rebuild.", error.Message);
    }

    [Fact]
    public async Task The_snapshot_is_checked_once_per_client()
    {
        int lists = 0;
        var counting = new HttpClient(new Counter(body => lists += body.Contains("\"tools/list\"", StringComparison.Ordinal) ? 1 : 0) { InnerHandler = _app.GetTestServer().CreateHandler() });
        await using var tools = McpClient.Create<ITypedTools>(counting, Endpoint);

        await tools.CountAsync(["a"]);
        await tools.CountAsync(["b"]);
        await tools.EvensAsync(2);

        Assert.Equal(1, lists);
    }

    private sealed class Counter(Action<string> onBody) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            if (request.Content is not null)
            {
                onBody(await request.Content.ReadAsStringAsync(cancellationToken));
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
