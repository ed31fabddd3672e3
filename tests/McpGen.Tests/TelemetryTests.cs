using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace McpGen.Tests;

/// <summary>Spans on a transport without headers or authentication (stdio), and for legacy clients.</summary>
public sealed class TelemetryTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public TelemetryTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == McpTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    private static async Task<string> SendAsync(McpRequestProcessor processor, McpConnection connection, string message)
    {
        var response = new ArrayBufferWriter<byte>();
        await processor.ProcessAsync(Encoding.UTF8.GetBytes(message), response, connection);
        return Encoding.UTF8.GetString(response.WrittenSpan);
    }

    [Fact]
    public void The_source_and_the_meter_carry_the_assembly_version()
    {
        // A build-time constant since issue 22 (Assembly.GetName() loads ICU); it must stay what GetName() says.
        Assert.Equal(McpGenAssembly.Version, typeof(McpTelemetry).Assembly.GetName().Version!.ToString());
        Assert.Equal(McpGenAssembly.Version, McpTelemetry.Source.Version);
        Assert.Equal(McpGenAssembly.Version, McpTelemetry.Meter.Version);
    }

    [Fact]
    public async Task A_stdio_request_continues_the_trace_in_meta_and_says_pipe()
    {
        string traceId = ActivityTraceId.CreateRandom().ToHexString();
        var processor = new McpRequestProcessor(TestServer.Definition);
        string answer = await SendAsync(processor, new McpConnection { Transport = McpTransportKind.Stdio },
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"},\"_meta\":{" +
            "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},\"traceparent\":\"00-" + traceId + "-00f067aa0ba902b7-01\"}}}");
        Assert.Contains("\"text\":\"hi\"", answer);

        var span = Assert.Single(_spans, s => s.TraceId.ToHexString() == traceId);
        Assert.Equal("tools/call echo", span.DisplayName);
        Assert.Equal("00f067aa0ba902b7", span.ParentSpanId.ToHexString());
        Assert.Equal("pipe", span.GetTagItem("network.transport"));
        Assert.Equal("9", span.GetTagItem("jsonrpc.request.id"));
    }

    [Fact]
    public async Task Unknown_tools_are_errors_without_a_high_cardinality_span_name()
    {
        string traceId = ActivityTraceId.CreateRandom().ToHexString();
        var processor = new McpRequestProcessor(TestServer.Definition);
        await SendAsync(processor, new McpConnection(),
            "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"tools/call\",\"params\":{\"name\":\"no_such_tool_12345\",\"arguments\":{},\"_meta\":{" +
            "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},\"traceparent\":\"00-" + traceId + "-00f067aa0ba902b7-01\"}}}");

        var span = Assert.Single(_spans, s => s.TraceId.ToHexString() == traceId);
        Assert.Equal("tools/call", span.DisplayName);
        Assert.Null(span.GetTagItem("gen_ai.tool.name"));
        Assert.Equal("-32602", span.GetTagItem("error.type"));
        Assert.Equal("inproc", span.GetTagItem("network.transport"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task Legacy_requests_carry_the_negotiated_revision()
    {
        var processor = new McpRequestProcessor(TestServer.Definition);
        var connection = new McpConnection { Transport = McpTransportKind.Stdio };
        await SendAsync(processor, connection, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"old\",\"version\":\"1\"}}}");
        using var parent = new Activity("legacy-test").Start();
        await SendAsync(processor, connection, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}}");
        parent.Stop();

        var span = Assert.Single(_spans, s => s.TraceId == parent.TraceId && s.DisplayName == "tools/call echo");
        Assert.Equal(parent.SpanId, span.ParentSpanId);
        Assert.Equal("2025-11-25", span.GetTagItem("mcp.protocol.version"));
    }
}
