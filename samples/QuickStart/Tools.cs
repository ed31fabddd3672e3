using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace QuickStart;

/// <summary>Stateless tools: every call stands alone.</summary>
public static class BasicTools
{
    /// <summary>Echoes the message back unchanged.</summary>
    /// <param name="message">The text to echo.</param>
    [McpTool(ReadOnly = true, Idempotent = true)]
    public static string Echo(string message) => message;

    /// <summary>Adds two integers.</summary>
    /// <param name="a">The first addend.</param>
    /// <param name="b">The second addend.</param>
    [McpTool(ReadOnly = true, Idempotent = true)]
    public static long Add(int a, int b) => (long)a + b;

    /// <summary>Counts down, reporting progress each step; honours cancellation.</summary>
    /// <param name="seconds">How many seconds to count down.</param>
    /// <param name="progress">Receives one update per second (sent when the client asked for progress).</param>
    /// <param name="cancellationToken">Cancelled when the client cancels the call.</param>
    [McpTool(ReadOnly = true)]
    public static async Task<string> Countdown([Range(0, 60)] int seconds, IProgress<McpProgress> progress, CancellationToken cancellationToken)
    {
        for (int i = 0; i < seconds; i++)
        {
            progress.Report(new McpProgress(i, seconds, $"{seconds - i} seconds left"));
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        progress.Report(new McpProgress(seconds, seconds, "done"));
        return $"Counted down from {seconds}.";
    }

    /// <summary>Always fails, to show how tool errors reach the model.</summary>
    [McpTool]
    public static string Fail() => throw new InvalidOperationException("The warehouse is closed today.");
}

/// <summary>How fast an order ships.</summary>
public enum Shipping
{
    Standard,
    Express,
}

/// <summary>One line of an order.</summary>
/// <param name="Sku">The product code.</param>
/// <param name="Quantity">How many to order.</param>
public sealed record OrderLine(string Sku, [property: Range(1, 100)] int Quantity);

/// <summary>An order to place.</summary>
/// <param name="Customer">The customer's name.</param>
/// <param name="Lines">What to order.</param>
/// <param name="Shipping">How fast to ship.</param>
/// <param name="Note">An optional note for the warehouse.</param>
public sealed record Order(string Customer, IReadOnlyList<OrderLine> Lines, Shipping Shipping = Shipping.Standard, string? Note = null);

/// <summary>The warehouse's answer.</summary>
public sealed record OrderConfirmation(string OrderId, int TotalItems, DateOnly ShipsOn, Shipping Shipping);

/// <summary>Order tools: records in, records out; the schemas and JSON code are generated at compile time.</summary>
public sealed class OrderTools
{
    /// <summary>Places an order and returns its confirmation.</summary>
    /// <param name="order">The order.</param>
    [McpTool(Destructive = false)]
    public OrderConfirmation PlaceOrder(Order order)
    {
        int total = order.Lines.Sum(l => l.Quantity);
        var shipsOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(order.Shipping == Shipping.Express ? 1 : 3);
        return new OrderConfirmation("ord-" + Math.Abs(order.Customer.GetHashCode() % 100000), total, shipsOn, order.Shipping);
    }
}
