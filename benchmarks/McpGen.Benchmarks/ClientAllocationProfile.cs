using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using SdkClient = ModelContextProtocol.Client.McpClient;
using SdkHttpTransport = ModelContextProtocol.Client.HttpClientTransport;
using SdkHttpTransportOptions = ModelContextProtocol.Client.HttpClientTransportOptions;
using SdkTransportMode = ModelContextProtocol.Client.HttpTransportMode;

/// <summary>
/// Bytes a client allocates per echo <c>tools/call</c>, exactly: the server runs in another process (so nothing of it is
/// counted), and <see cref="GC.GetTotalAllocatedBytes(bool)"/> is read around N calls (the calls hop threads, so the
/// per-thread counter would miss most of them). A <c>GCAllocationTick</c> listener samples which types the bytes go to.
/// The floor is a bare <see cref="HttpClient"/> POST of the same request, reading the response to its end. Then calls
/// per second, in interleaved rounds.
///   dotnet run -c Release -- client-alloc http://127.0.0.1:5000/mcp [calls]     (benchmarks/http/McpGenServer serving)
/// </summary>
internal static class ClientAllocationProfile
{
    public static async Task<int> RunAsync(string[] args)
    {
        var endpoint = new Uri(args[1]);
        int calls = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
        using var http = new HttpClient();
        await using var mcpgen = McpGen.Client.McpClient.Create(http, endpoint);
        var typed = mcpgen.As<IBenchEcho>();
        var untypedArguments = new Dictionary<string, JsonElement> { ["message"] = JsonSerializer.SerializeToElement("hello", BenchClientJson.Default.String) };
        await using var sdk = await SdkClient.CreateAsync(new SdkHttpTransport(new SdkHttpTransportOptions { Endpoint = endpoint, TransportMode = SdkTransportMode.StreamableHttp }, http, null, ownsHttpClient: false));
        var sdkArguments = new Dictionary<string, object?> { ["message"] = "hello" };
        byte[] body = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hello\"},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}");
        byte[] sink = new byte[16_384];

        async Task Bare()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ReadOnlyMemoryContent(body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
            request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", "2026-07-28");
            request.Headers.TryAddWithoutValidation("Mcp-Method", "tools/call");
            request.Headers.TryAddWithoutValidation("Mcp-Name", "echo");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using var stream = await response.Content.ReadAsStreamAsync();
            while (await stream.ReadAsync(sink) > 0)
            {
            }
        }

        var cases = new (string Name, Func<Task> Call)[]
        {
            ("bare HttpClient POST (floor)", Bare),
            ("McpGen typed client", () => typed.EchoAsync("hello")),
            ("McpGen untyped client", async () => await mcpgen.CallToolAsync("echo", untypedArguments)),
            ("official SDK client 2.4.0", async () => await sdk.CallToolAsync("echo", sdkArguments)),
        };

        foreach (var (name, call) in cases)
        {
            for (int i = 0; i < 2_000; i++)
            {
                await call();
            }

            using var listener = new AllocationTickListener();
            GC.Collect();
            long before = GC.GetTotalAllocatedBytes(precise: true);
            var time = Stopwatch.StartNew();
            for (int i = 0; i < calls; i++)
            {
                await call();
            }

            time.Stop();
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Console.WriteLine($"{name}: {allocated / (double)calls:N0} B/call, {time.Elapsed.TotalMicroseconds / calls:N1} µs/call ({calls:N0} calls)");
            foreach (var (type, bytes) in listener.Snapshot().OrderByDescending(t => t.Value).Take(12))
            {
                Console.WriteLine($"    ~{bytes / (double)calls,6:N0} B/call  {type}");
            }
        }

        // Throughput, interleaved: rounds of 1,000 calls per client in turn, so load from elsewhere on the machine
        // falls on every client alike; the median round of each is reported.
        var perSecond = cases.ToDictionary(c => c.Name, _ => new List<double>());
        for (int round = 0; round < 9; round++)
        {
            foreach (var (name, call) in cases)
            {
                var time = Stopwatch.StartNew();
                for (int i = 0; i < 1_000; i++)
                {
                    await call();
                }

                perSecond[name].Add(1_000 / time.Elapsed.TotalSeconds);
            }
        }

        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        double sdkMedian = Median(perSecond[cases[^1].Name]);
        Console.WriteLine("calls/s, median of 9 interleaved rounds of 1,000 calls:");
        foreach (var (name, _) in cases)
        {
            double median = Median(perSecond[name]);
            Console.WriteLine($"    {name}: {median:N0} calls/s ({median / sdkMedian:N2}x the SDK client; rounds {perSecond[name].Min():N0}-{perSecond[name].Max():N0})");
        }

        return 0;
    }

    /// <summary>Samples allocations (one event per ~100 KB) by type.</summary>
    private sealed class AllocationTickListener : EventListener
    {
        private readonly Dictionary<string, long> _bytes = [];

        public Dictionary<string, long> Snapshot()
        {
            lock (_bytes)
            {
                return new(_bytes);
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.Payload is null || eventData.PayloadNames is null)
            {
                return;
            }

            string type = eventData.Payload[eventData.PayloadNames.IndexOf("TypeName")] as string ?? "?";
            long amount = Convert.ToInt64(eventData.Payload[eventData.PayloadNames.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
            lock (_bytes)
            {
                _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
            }
        }
    }
}
