using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace McpGen.AspNetCore.Tests;

/// <summary>Audit events and OpenTelemetry spans and metrics, asserted field by field over real HTTP requests.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class ObservabilityTests : IAsyncLifetime, IDisposable
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string ParentSpanId = "b7ad6b7169203331";

    private readonly TestTokens _tokens = new();
    private readonly CollectingAuditSink _audit = new();
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private TracerProvider _tracing = null!;
    private MeterProvider _meters = null!;
    private McpTestApp _app = null!;

    public async Task InitializeAsync()
    {
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource(McpTelemetry.ActivitySourceName).AddInMemoryExporter(_spans).Build()!;
        _meters = Sdk.CreateMeterProviderBuilder().AddMeter(McpTelemetry.MeterName).AddInMemoryExporter(_metrics).Build()!;
        _app = await McpTestApp.StartAsync(
            services =>
            {
                _tokens.AddJwtBearer(services);
                services.AddMcpAuthorization(o =>
                {
                    o.Resource = new Uri(TestTokens.Resource);
                    o.AuthorizationServers.Add(new Uri(TestTokens.Issuer));
                });
                // An instance registered first is the one AddMcpAuditTrail keeps.
                services.AddSingleton<IMcpAuditSink>(_audit);
                services.AddMcpAuditTrail<CollectingAuditSink>();
            },
            app => app.MapMcp<SecureTestServer>("/mcp"));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _tracing.Dispose();
        _meters.Dispose();
    }

    public void Dispose() => _tokens.Dispose();

    /// <summary>A tools/call whose _meta carries client info and a W3C trace context.</summary>
    private HttpRequestMessage Call(string tool, string arguments, string scopes = "files:read files:write")
    {
        string body = $$"""
            {"jsonrpc":"2.0","id":"req-7","method":"tools/call","params":{"name":"{{tool}}","arguments":{{arguments}},"_meta":{
              "io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},
              "io.modelcontextprotocol/clientInfo":{"name":"audit-client","version":"3.1.4"},
              "traceparent":"00-{{TraceId}}-{{ParentSpanId}}-01","tracestate":"vendor=blue"} } }
            """;
        var request = McpTestApp.Raw(body);
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", "tools/call");
        request.Headers.Add("Mcp-Name", tool);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.Create("alice", scopes));
        return request;
    }

    private static string Sha256(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task A_successful_call_is_audited_with_caller_client_digest_outcome_and_trace()
    {
        const string arguments = """{"path":"notes.txt","text":"secret"}""";
        await _app.SendJsonAsync(Call("write_file", arguments));

        var e = Assert.Single(_audit.Events);
        Assert.Equal("tools/call", e.Method);
        Assert.Equal("write_file", e.Target);
        Assert.Equal("\"req-7\"", e.RequestId);
        Assert.Equal("2026-07-28", e.ProtocolVersion);
        Assert.Equal("alice", e.Caller);
        Assert.Equal("test-client", e.User!.FindFirst("client_id")!.Value);
        Assert.Equal("audit-client", e.ClientName);
        Assert.Equal("3.1.4", e.ClientVersion);
        Assert.Equal(Sha256(arguments), e.ArgumentsDigest);
        Assert.Null(e.Arguments);
        Assert.Equal(McpAuditOutcome.Succeeded, e.Outcome);
        Assert.Null(e.ErrorCode);
        Assert.True(e.Duration > TimeSpan.Zero);
        Assert.Equal(TraceId, e.TraceId);
        Assert.Equal(McpTransportKind.StreamableHttp, e.Transport);
        Assert.True((DateTimeOffset.UtcNow - e.Timestamp).Duration() < TimeSpan.FromMinutes(1));

        _tracing.ForceFlush();
        var span = Assert.Single(_spans, s => s.OperationName == "tools/call write_file");
        Assert.Equal(e.SpanId, span.SpanId.ToHexString());
    }

    [Fact]
    public async Task The_span_follows_the_MCP_semantic_conventions_and_continues_the_clients_trace()
    {
        await _app.SendJsonAsync(Call("read_file", """{"path":"a.txt"}"""));
        _tracing.ForceFlush();

        var span = Assert.Single(_spans);
        Assert.Equal("tools/call read_file", span.DisplayName);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal(TraceId, span.TraceId.ToHexString());
        Assert.Equal(ParentSpanId, span.ParentSpanId.ToHexString());
        Assert.Equal("vendor=blue", span.TraceStateString);
        Assert.Equal("tools/call", span.GetTagItem("mcp.method.name"));
        Assert.Equal("\"req-7\"", span.GetTagItem("jsonrpc.request.id"));
        Assert.Equal("2026-07-28", span.GetTagItem("mcp.protocol.version"));
        Assert.Equal("read_file", span.GetTagItem("gen_ai.tool.name"));
        Assert.Equal("execute_tool", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("tcp", span.GetTagItem("network.transport"));
        Assert.Null(span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task A_tool_error_is_a_tool_error_in_the_audit_the_span_and_the_metric()
    {
        await _app.SendJsonAsync(Call("fail", """{"reason":"disk full"}"""));
        _tracing.ForceFlush();
        _meters.ForceFlush();

        var e = Assert.Single(_audit.Events);
        Assert.Equal(McpAuditOutcome.ToolError, e.Outcome);

        var span = Assert.Single(_spans);
        Assert.Equal("tool_error", span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);

        var point = Points().Single(p => Tag(p, "gen_ai.tool.name") == "fail");
        Assert.Equal("tool_error", Tag(point, "error.type"));
        Assert.Equal("tools/call", Tag(point, "mcp.method.name"));
        Assert.Equal("2026-07-28", Tag(point, "mcp.protocol.version"));
        Assert.Equal("tcp", Tag(point, "network.transport"));
        Assert.Equal(1, point.GetHistogramCount());
        Assert.True(point.GetHistogramSum() > 0);
    }

    [Fact]
    public async Task A_refused_call_is_rejected_with_its_code_everywhere()
    {
        using var response = await _app.SendAsync(Call("write_file", """{"path":"a","text":"b"}""", scopes: "files:read"));
        Assert.Equal(403, (int)response.StatusCode);
        _tracing.ForceFlush();
        _meters.ForceFlush();

        var e = Assert.Single(_audit.Events);
        Assert.Equal(McpAuditOutcome.Rejected, e.Outcome);
        Assert.Equal(-32600, e.ErrorCode);
        Assert.Contains("requires the scope(s) files:read files:write", e.ErrorMessage);

        var span = Assert.Single(_spans);
        Assert.Equal("-32600", span.GetTagItem("error.type"));
        Assert.Equal("-32600", span.GetTagItem("rpc.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Contains("requires the scope(s)", span.StatusDescription);

        var point = Points().Single(p => Tag(p, "gen_ai.tool.name") == "write_file");
        Assert.Equal("-32600", Tag(point, "rpc.response.status_code"));
    }

    [Fact]
    public async Task Lists_are_traced_and_measured_but_not_audited_by_default()
    {
        var request = _app.Request("tools/list");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.Create("alice"));
        await _app.SendJsonAsync(request);
        _tracing.ForceFlush();
        _meters.ForceFlush();

        Assert.Empty(_audit.Events);
        var span = Assert.Single(_spans);
        Assert.Equal("tools/list", span.DisplayName);
        Assert.Null(span.GetTagItem("gen_ai.tool.name"));
        Assert.Contains(Points(), p => Tag(p, "mcp.method.name") == "tools/list");
    }

    private IEnumerable<MetricPoint> Points()
    {
        var metric = Assert.Single(_metrics, m => m.Name == McpTelemetry.ServerOperationDuration);
        Assert.Equal("s", metric.Unit);
        Assert.Equal(MetricType.Histogram, metric.MetricType);
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            points.Add(point);
        }

        return points;
    }

    private static string? Tag(MetricPoint point, string name)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == name)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }
}

/// <summary>Audit events, collected for assertions.</summary>
public sealed class CollectingAuditSink : IMcpAuditSink
{
    public ConcurrentQueue<McpAuditEvent> Events { get; } = new();

    public ValueTask WriteAsync(McpAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        Events.Enqueue(auditEvent);
        return default;
    }
}

/// <summary>Activity and meter listeners are process-wide: tests that attach them do not run in parallel with each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObservabilityCollection
{
    public const string Name = "Observability";
}
