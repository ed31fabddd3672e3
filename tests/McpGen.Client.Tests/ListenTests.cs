using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace McpGen.Client.Tests;

public static class AnnouncingTools
{
    /// <summary>Announces that a resource changed, and that the tool list did.</summary>
    [McpTool]
    public static async Task<string> Announce(string uri, McpRequestContext context)
    {
        await context.Events.PublishAsync(McpServerEvent.ResourceUpdated(uri), context.CancellationToken);
        await context.Events.PublishAsync(McpServerEvent.ToolsListChanged, context.CancellationToken);
        return "announced";
    }

    /// <summary>A resource to subscribe to.</summary>
    [McpResource("notes://{id}", MimeType = "text/plain")]
    public static string Note(string id) => "note " + id;
}

[McpServer("listen-test", Types = [typeof(AnnouncingTools)])]
public partial class ListenTestServer;

/// <summary><c>subscriptions/listen</c>: a stream of the notifications the client opted in to.</summary>
public sealed class ListenTests
{
    [Fact]
    public async Task A_listen_yields_the_acknowledgement_then_the_changes_it_asked_for()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapMcp<ListenTestServer>("/listen");
        await app.StartAsync();
        await using var client = McpClient.Create(new HttpClient(app.GetTestServer().CreateHandler()), new Uri("http://localhost/listen"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var received = new List<McpClientNotification>();
        await using var stream = client.ListenAsync(new McpListenFilter { ResourceSubscriptions = ["notes://7"] }, timeout.Token).GetAsyncEnumerator(timeout.Token);

        Assert.True(await stream.MoveNextAsync());
        Assert.Equal("notifications/subscriptions/acknowledged", stream.Current.Method);
        Assert.Equal("notes://7", stream.Current.Params.GetProperty("notifications").GetProperty("resourceSubscriptions")[0].GetString());

        var call = await client.CallToolAsync("announce", new Dictionary<string, System.Text.Json.JsonElement> { ["uri"] = System.Text.Json.JsonSerializer.SerializeToElement("notes://7") }, timeout.Token);
        Assert.Equal("announced", Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(Assert.Single(call.Content)).Text);

        // Only the resource it subscribed to: the tool list change was not asked for.
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal("notifications/resources/updated", stream.Current.Method);
        Assert.Equal("notes://7", stream.Current.Params.GetProperty("uri").GetString());
    }
}
