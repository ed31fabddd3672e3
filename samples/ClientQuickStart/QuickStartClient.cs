using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client;

namespace ClientQuickStart;

/// <summary>
/// The tools of samples/QuickStart (stdio) and samples/HttpQuickStart (HTTP), as this client sees them. The generator
/// implements the interface: arguments are written and results read by generated code, with no reflection.
/// </summary>
[McpClient]
public partial interface IQuickStart
{
    /// <summary>Echoes the message back unchanged.</summary>
    [McpRemoteTool]
    Task<string> EchoAsync(string message, CancellationToken cancellationToken = default);

    /// <summary>Adds two integers.</summary>
    [McpRemoteTool]
    Task<long> AddAsync(int a, int b, CancellationToken cancellationToken = default);

    /// <summary>Places an order; the server's structured result is read into <see cref="OrderConfirmation"/>.</summary>
    [McpRemoteTool]
    Task<OrderConfirmation> PlaceOrderAsync(Order order, CancellationToken cancellationToken = default);

    /// <summary>Always fails: the server's error becomes an <see cref="McpToolException"/>.</summary>
    [McpRemoteTool]
    Task<string> FailAsync(CancellationToken cancellationToken = default);
}

/// <summary>How fast an order ships.</summary>
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
