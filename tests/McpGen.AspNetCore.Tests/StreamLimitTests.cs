using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGen.AspNetCore.Tests;

/// <summary>
/// A listener that stops reading is ended once <see cref="McpHttpOptions.MaxStreamBufferBytes"/> of events wait for it.
/// Real Kestrel on loopback: TestHost buffers a response without limit and never pushes back, so it cannot show this.
/// </summary>
public sealed class StreamLimitTests
{
    private const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";
    private const int Limit = 64 * 1024;

    [Fact]
    public async Task A_listener_that_stops_reading_is_ended_past_the_limit_and_other_requests_are_still_served()
    {
        var entries = new CapturingLoggerProvider();
        var bus = new InProcessMcpEventBus();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders().AddProvider(entries);
        builder.Services.AddSingleton<IMcpEventBus>(bus);
        builder.Services.Configure<McpHttpOptions>(o => o.MaxStreamBufferBytes = Limit);
        await using var app = builder.Build();
        app.MapMcp<HttpTestServer>("/mcp");
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        using var http = new HttpClient { BaseAddress = address };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // A client that asks to listen, reads the acknowledgement, then never reads again. A small receive window makes
        // the kernel push back early, as a stalled client on a real network does.
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stalled.ConnectAsync(IPAddress.Loopback, address.Port, timeout.Token);
        string body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscriptions/listen\",\"params\":{\"notifications\":{\"toolsListChanged\":true}," + Meta + "}}";
        string request = "POST /mcp HTTP/1.1\r\nHost: " + address.Authority + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
            + "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: subscriptions/listen\r\nContent-Length: " + Encoding.UTF8.GetByteCount(body) + "\r\n\r\n" + body;
        await stalled.SendAsync(Encoding.UTF8.GetBytes(request), SocketFlags.None, timeout.Token);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("notifications/subscriptions/acknowledged", StringComparison.Ordinal))
        {
            int read = await stalled.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            Assert.True(read > 0, "The server closed the listen stream before acknowledging it: " + received);
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        // Publish until the server gives up on the stalled stream; without a limit it never does and this stops at the
        // cap, tens of megabytes later. Each event is ~150 bytes on the wire.
        int published = 0;
        bool Ended() => entries.Entries.Any(e => e.Category == "McpGen.AspNetCore" && e.EventId.Id == 8);
        while (!Ended() && published < 200_000)
        {
            await bus.PublishAsync(McpServerEvent.ToolsListChanged);
            published++;
        }

        var warning = Assert.Single(entries.Entries, e => e.Category == "McpGen.AspNetCore" && e.EventId.Id == 8);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("McpGen.AspNetCore", warning.Category);
        Assert.Contains($"more than {Limit} bytes", warning.Message);
        Assert.Contains("McpHttpOptions.MaxStreamBufferBytes", warning.Message);

        // Ended means the connection closes: what the kernel had buffered drains, then the stream ends (or is reset),
        // without the chunked terminator of a clean end.
        var tail = new StringBuilder();
        while (true)
        {
            int read;
            try
            {
                read = await stalled.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            tail.Append(Encoding.ASCII.GetString(buffer, 0, read));
            tail.Remove(0, Math.Max(0, tail.Length - 16));
        }

        Assert.DoesNotContain("\r\n0\r\n\r\n", tail.ToString());

        // The rest of the server is unaffected: a call is answered, and a client that listens again gets new events.
        using var call = await http.SendAsync(Request("tools/call", "\"name\":\"echo\",\"arguments\":{\"text\":\"still here\"}", "echo"), timeout.Token);
        Assert.Contains("still here", await call.Content.ReadAsStringAsync(timeout.Token));

        using var listen = await http.SendAsync(Request("subscriptions/listen", "\"notifications\":{\"toolsListChanged\":true}"), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new System.IO.StreamReader(await listen.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Contains("acknowledged", await NextDataAsync(reader, timeout.Token));
        await bus.PublishAsync(McpServerEvent.ToolsListChanged);
        Assert.Contains("notifications/tools/list_changed", await NextDataAsync(reader, timeout.Token));
        Assert.Single(entries.Entries, e => e.Category == "McpGen.AspNetCore" && e.EventId.Id == 8);

        // Ending the stream is not a failure of the server: nothing logged an error.
        Assert.DoesNotContain(entries.Entries, e => e.Level >= LogLevel.Error);
    }

    private static HttpRequestMessage Request(string method, string @params, string? name = null)
    {
        var request = McpTestApp.Raw("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"" + method + "\",\"params\":{" + @params + "," + Meta + "}}");
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", method);
        if (name is not null)
        {
            request.Headers.Add("Mcp-Name", name);
        }

        return request;
    }

    private static async Task<string> NextDataAsync(System.IO.StreamReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            string line = await reader.ReadLineAsync(cancellationToken) ?? throw new InvalidOperationException("The stream ended.");
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line;
            }
        }
    }
}
