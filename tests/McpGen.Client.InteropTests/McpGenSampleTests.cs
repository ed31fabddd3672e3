using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen.Client.InteropTests.Samples;

/// <summary>How fast an order ships (samples/QuickStart's enum, declared again on the client side).</summary>
public enum Shipping
{
    Standard,
    Express,
}

/// <summary>One line of an order.</summary>
public sealed record OrderLine(string Sku, int Quantity);

/// <summary>An order to place.</summary>
public sealed record Order(string Customer, IReadOnlyList<OrderLine> Lines, Shipping Shipping = Shipping.Standard, string? Note = null);

/// <summary>The warehouse's answer.</summary>
public sealed record OrderConfirmation(string OrderId, int TotalItems, DateOnly ShipsOn, Shipping Shipping);

/// <summary>The typed client of samples/QuickStart and samples/HttpQuickStart (the same tools over stdio and HTTP).</summary>
[McpClient]
public partial interface IQuickStart : IAsyncDisposable
{
    [McpRemoteTool]
    Task<string> EchoAsync(string message, CancellationToken cancellationToken = default);

    [McpRemoteTool]
    Task<long> AddAsync(int a, int b);

    [McpRemoteTool]
    Task<OrderConfirmation> PlaceOrderAsync(Order order);

    [McpRemoteTool]
    Task<string> FailAsync();
}

/// <summary>McpGen's typed client against McpGen's own samples, started as processes.</summary>
public sealed class McpGenSampleTests
{
    [Theory]
    [InlineData("2026-07-28")]
    [InlineData("2025-11-25")]
    public async Task Typed_client_calls_the_http_quick_start(string revision)
    {
        await using var server = await ListeningProcess.StartAsync("dotnet", null, Repo.SampleDll("HttpQuickStart"), "--urls", "http://127.0.0.1:{port}");
        using var http = new HttpClient();
        await using var client = McpClient.Create(http, server.Endpoint, new McpClientOptions { ProtocolVersion = revision });
        await CallQuickStartAsync(client.As<IQuickStart>());
        Assert.Equal(revision, client.ProtocolVersion);
        Assert.Equal("quickstart-http", (await client.DiscoverAsync()).ServerInfo?.Name);
    }

    [Theory]
    [InlineData("2026-07-28")]
    [InlineData("2025-11-25")]
    public async Task Typed_client_calls_the_stdio_quick_start(string revision)
    {
        await using var client = McpClient.CreateStdio(
            new McpStdioServerOptions { Command = "dotnet", Arguments = [Repo.SampleDll("QuickStart")] },
            new McpClientOptions { ProtocolVersion = revision });
        await CallQuickStartAsync(client.As<IQuickStart>());
        Assert.Equal(revision, client.ProtocolVersion);
        Assert.Equal("quickstart", (await client.DiscoverAsync()).ServerInfo?.Name);
    }

    private static async Task CallQuickStartAsync(IQuickStart quickStart)
    {
        Assert.Equal("ping", await quickStart.EchoAsync("ping"));
        Assert.Equal(4_000_000_000L, await quickStart.AddAsync(2_000_000_000, 2_000_000_000));

        var confirmation = await quickStart.PlaceOrderAsync(new Order("Ann", [new OrderLine("A", 4), new OrderLine("B", 2)], Shipping.Express));
        Assert.Equal(6, confirmation.TotalItems);
        Assert.Equal(Shipping.Express, confirmation.Shipping);
        Assert.StartsWith("ord-", confirmation.OrderId, StringComparison.Ordinal);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1), confirmation.ShipsOn);

        var error = await Assert.ThrowsAsync<McpToolException>(() => quickStart.FailAsync());
        Assert.Equal("The warehouse is closed today.", error.ErrorText);
    }
}
