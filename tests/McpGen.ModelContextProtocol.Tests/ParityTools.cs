using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;
using ModelContextProtocol.Server;

namespace McpGen.ModelContextProtocol.Tests;

/// <summary>The McpGen server over the same tool class the SDK registers by reflection.</summary>
[McpServer("parity", Version = "1.0.0", Types = [typeof(ParityTools), typeof(ParityPrimitives)])]
public partial class ParityServer;

/// <summary>One line of an order.</summary>
/// <param name="Sku">The product code.</param>
/// <param name="Quantity">How many.</param>
public sealed record OrderLine(string Sku, int Quantity);

/// <summary>An order.</summary>
/// <param name="Customer">Who orders.</param>
/// <param name="Lines">What they order.</param>
public sealed record Order(string Customer, IReadOnlyList<OrderLine> Lines);

/// <summary>The warehouse's answer.</summary>
/// <param name="Customer">Who ordered.</param>
/// <param name="TotalItems">How many items in all.</param>
public sealed record Quote(string Customer, int TotalItems);

/// <summary>A counter the tools share through dependency injection.</summary>
public sealed class CallCounter
{
    [McpGen.McpProcessLocal("The parity tests count calls within one process on purpose.")]
    private int _calls;

    /// <summary>Counts one call.</summary>
    public int Next() => Interlocked.Increment(ref _calls);
}

/// <summary>Tools carrying both attribute sets: the SDK's (reflection) and McpGen's (generated).</summary>
[McpServerToolType]
public sealed class ParityTools(CallCounter counter)
{
    /// <summary>Echoes the message back.</summary>
    /// <param name="message">The text to echo.</param>
    [McpTool("echo", ReadOnly = true)]
    [McpServerTool(Name = "echo", ReadOnly = true), Description("Echoes the message back.")]
    public static string Echo([Description("The text to echo.")] string message) => message;

    /// <summary>Adds two integers.</summary>
    /// <param name="a">The first addend.</param>
    /// <param name="b">The second addend.</param>
    [McpTool("add", Idempotent = true)]
    [McpServerTool(Name = "add", Idempotent = true), Description("Adds two integers.")]
    public static long Add([Description("The first addend.")] int a, [Description("The second addend.")] int b) => (long)a + b;

    /// <summary>Prices an order.</summary>
    /// <param name="order">The order.</param>
    [McpTool("price_order")]
    [McpServerTool(Name = "price_order", UseStructuredContent = true), Description("Prices an order.")]
    public static Quote PriceOrder([Description("The order.")] Order order) => new(order.Customer, order.Lines.Sum(l => l.Quantity));

    /// <summary>Counts calls with a service from the container.</summary>
    /// <param name="cancellationToken">Cancelled with the request.</param>
    [McpTool("count")]
    [McpServerTool(Name = "count"), Description("Counts calls with a service from the container.")]
    public async Task<string> Count(CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return "call " + counter.Next();
    }

    /// <summary>Reports progress twice, then answers.</summary>
    /// <param name="progress">Receives the updates.</param>
    [McpTool("steps")]
    public static string Steps(IProgress<McpProgress> progress)
    {
        progress.Report(new McpProgress(1, 2, "half"));
        progress.Report(new McpProgress(2, 2, "done"));
        return "stepped";
    }
}

/// <summary>A resource, a template and a prompt, McpGen-only (the bridge serves them through the SDK).</summary>
public static class ParityPrimitives
{
    /// <summary>The greeting.</summary>
    [McpResource("parity://greeting", MimeType = "text/plain")]
    public static string Greeting() => "hello";

    /// <summary>One item.</summary>
    /// <param name="id">The item's id.</param>
    [McpResource("parity://items/{id}")]
    public static string Item(int id) => "item " + (id * 2);

    /// <summary>Asks for a code review.</summary>
    /// <param name="code">The code to review.</param>
    [McpPrompt("review")]
    public static string Review(string code) => "Please review: " + code;
}
