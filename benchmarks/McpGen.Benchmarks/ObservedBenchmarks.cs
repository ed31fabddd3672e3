using System;
using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using McpGen;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What observing costs: tools/call echo with nothing listening (the default), with an OpenTelemetry-style activity
/// listener and meter listener attached, and with an audit sink. Compare with <see cref="DispatchBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class ObservedDispatchBenchmarks
{
    private const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"}";

    private readonly byte[] _echo = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hello\"}," + Meta + "}}");
    private readonly McpConnection _connection = new();
    private readonly ArrayBufferWriter<byte> _response = new(4096);
    private McpRequestProcessor _plain = null!;
    private McpRequestProcessor _audited = null!;
    private ActivityListener? _activities;
    private MeterListener? _meters;

    [GlobalSetup]
    public void Setup()
    {
        _plain = new McpRequestProcessor(BenchServer.Definition);
        var services = new ServiceCollection().AddSingleton<IMcpAuditSink, DiscardingAuditSink>().BuildServiceProvider();
        _audited = new McpRequestProcessor(BenchServer.Definition, services);
    }

    [GlobalSetup(Targets = [nameof(Traced)])]
    public void SetupTraced()
    {
        Setup();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == McpTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener { InstrumentPublished = (instrument, listener) => { if (instrument.Meter.Name == McpTelemetry.MeterName) { listener.EnableMeasurementEvents(instrument); } } };
        _meters.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        _meters.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _activities?.Dispose();
        _meters?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "tools/call echo, nothing listening")]
    public ValueTask<McpProcessResult> Plain() => Process(_plain);

    [Benchmark(Description = "tools/call echo, span + histogram recorded")]
    public ValueTask<McpProcessResult> Traced() => Process(_plain);

    [Benchmark(Description = "tools/call echo, audit event to a sink")]
    public ValueTask<McpProcessResult> Audited() => Process(_audited);

    private ValueTask<McpProcessResult> Process(McpRequestProcessor processor)
    {
        _response.ResetWrittenCount();
        return processor.ProcessAsync(_echo, _response, _connection);
    }

    private sealed class DiscardingAuditSink : IMcpAuditSink
    {
        public ValueTask WriteAsync(McpAuditEvent auditEvent, CancellationToken cancellationToken) => default;
    }
}
