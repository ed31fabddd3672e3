using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using McpGen;

if (args is ["client-alloc", ..])
{
    return await ClientAllocationProfile.RunAsync(args);
}

if (args is ["loop", string which, string count])
{
    // For a profiler (perf record with DOTNET_PerfMapEnabled=1): one dispatch benchmark in a tight loop.
    var bench = new DispatchBenchmarks();
    bench.Setup();
    var method = typeof(DispatchBenchmarks).GetMethod(which) ?? throw new System.ArgumentException($"No benchmark method '{which}'.");
    var call = method.CreateDelegate<System.Func<ValueTask<McpProcessResult>>>(bench);
    long n = long.Parse(count, System.Globalization.CultureInfo.InvariantCulture);
    var clock = System.Diagnostics.Stopwatch.StartNew();
    for (long i = 0; i < n; i++)
    {
        await call();
    }

    System.Console.WriteLine($"{which}: {clock.Elapsed.TotalNanoseconds / n:F0} ns per call over {n:N0}");
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(DispatchBenchmarks).Assembly).Run(args);
return 0;

/// <summary>The server under measurement.</summary>
[McpServer("bench", Version = "1.0.0")]
public partial class BenchServer;

public sealed record LineItem(string Sku, int Quantity, decimal UnitPrice);

public sealed record Order(string Customer, List<LineItem> Lines, string? Note = null);

public sealed record Quote(string Customer, int Items, decimal Total);

public static class BenchTools
{
    /// <summary>Echoes its input.</summary>
    [McpTool]
    public static string Echo(string message) => message;

    /// <summary>Prices an order.</summary>
    [McpTool]
    public static Quote PriceOrder(Order order) =>
        new(order.Customer, order.Lines.Sum(l => l.Quantity), order.Lines.Sum(l => l.Quantity * l.UnitPrice));
}

/// <summary>A confirmation form.</summary>
public sealed record Confirmation(bool Confirm);

public static class BenchInputTools
{
    /// <summary>Asks to confirm, then answers.</summary>
    [McpTool]
    public static async Task<string> Confirmed(string item, McpInput input, System.Threading.CancellationToken cancellationToken) =>
        (await input.Elicit<Confirmation>("confirm", "Go ahead?")).Content?.Confirm == true ? "done" : "kept";
}

public static class BenchPrimitives
{
    /// <summary>An item by id.</summary>
    [McpResource("items://{id}/data{?format}")]
    public static string Item(int id, string format = "text") => "item";

    /// <summary>A review prompt.</summary>
    [McpPrompt]
    public static string Review(string code, int depth = 1) => "Review: " + code;
}

/// <summary>
/// In-process protocol dispatch: request bytes in, response bytes out, through the same
/// <see cref="McpRequestProcessor"/> every transport uses. No I/O is measured.
/// </summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private readonly McpRequestProcessor _processor = new(BenchServer.Definition);
    private readonly McpConnection _connection = new();
    private readonly ArrayBufferWriter<byte> _response = new(4096);
    private readonly byte[] _echo = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hello\"}," + Meta + "}}");
    private readonly byte[] _order = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"price_order\",\"arguments\":{\"order\":{\"customer\":\"Ann\",\"lines\":[{\"sku\":\"A-1\",\"quantity\":2,\"unitPrice\":9.5},{\"sku\":\"B-2\",\"quantity\":1,\"unitPrice\":20}],\"note\":\"leave at door\"}}," + Meta + "}}");
    private readonly byte[] _discover = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"server/discover\",\"params\":{" + Meta + "}}");
    private readonly byte[] _list = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\",\"params\":{" + Meta + "}}");

    private readonly byte[] _read = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/read\",\"params\":{\"uri\":\"items://42/data?format=md\"," + Meta + "}}");
    private readonly byte[] _prompt = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"prompts/get\",\"params\":{\"name\":\"review\",\"arguments\":{\"code\":\"x++\",\"depth\":\"2\"}," + Meta + "}}");

    private const string InputMeta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{\"elicitation\":{}}}";
    private readonly byte[] _askFirst = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"confirmed\",\"arguments\":{\"item\":\"a\"}," + InputMeta + "}}");
    private byte[] _askRetry = [];

    /// <summary>The retry carries the state a first round sealed, so the benchmark opens real state.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Process(_askFirst).AsTask().GetAwaiter().GetResult();
        using var first = System.Text.Json.JsonDocument.Parse(_response.WrittenMemory);
        string state = first.RootElement.GetProperty("result").GetProperty("requestState").GetString()!;
        _askRetry = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"confirmed\",\"arguments\":{\"item\":\"a\"},\"requestState\":\"" + state + "\",\"inputResponses\":{\"confirm\":{\"action\":\"accept\",\"content\":{\"confirm\":true}}}," + InputMeta + "}}");
    }

    [Benchmark(Description = "tools/call input round 1 (input_required, sealed state)")]
    public ValueTask<McpProcessResult> AskFirst() => Process(_askFirst);

    [Benchmark(Description = "tools/call input round 2 (open state, read answer)")]
    public ValueTask<McpProcessResult> AskRetry() => Process(_askRetry);

    [Benchmark(Description = "resources/read template")]
    public ValueTask<McpProcessResult> ReadTemplate() => Process(_read);

    [Benchmark(Description = "prompts/get")]
    public ValueTask<McpProcessResult> GetPrompt() => Process(_prompt);

    [Benchmark(Description = "tools/call echo")]
    public ValueTask<McpProcessResult> Echo() => Process(_echo);

    [Benchmark(Description = "tools/call record in, record out")]
    public ValueTask<McpProcessResult> RecordInRecordOut() => Process(_order);

    [Benchmark(Description = "server/discover")]
    public ValueTask<McpProcessResult> Discover() => Process(_discover);

    [Benchmark(Description = "tools/list")]
    public ValueTask<McpProcessResult> ToolsList() => Process(_list);

    private ValueTask<McpProcessResult> Process(byte[] request)
    {
        _response.ResetWrittenCount();
        return _processor.ProcessAsync(request, _response, _connection);
    }
}
