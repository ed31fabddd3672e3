using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace McpGen;

/// <summary>
/// The names of McpGen's <see cref="ActivitySource"/> and <see cref="Meter"/>: pass them to OpenTelemetry
/// (<c>tracing.AddSource(McpTelemetry.ActivitySourceName)</c>, <c>metrics.AddMeter(McpTelemetry.MeterName)</c>).
/// </summary>
/// <remarks>
/// <para>
/// Every request gets one <see cref="ActivityKind.Server"/> span and one <c>mcp.server.operation.duration</c>
/// measurement, following the OpenTelemetry semantic conventions for MCP: span name <c>{mcp.method.name} {target}</c>
/// (the tool or prompt name), attributes <c>mcp.method.name</c>, <c>jsonrpc.request.id</c>,
/// <c>mcp.protocol.version</c>, <c>gen_ai.tool.name</c> and <c>gen_ai.operation.name</c> (<c>execute_tool</c>),
/// <c>gen_ai.prompt.name</c>, <c>mcp.resource.uri</c>, <c>network.transport</c>, and on failure <c>error.type</c>
/// (the JSON-RPC error code, or <c>tool_error</c> for an <c>isError</c> result) with <c>rpc.response.status_code</c>.
/// </para>
/// <para>
/// The span's parent is the <c>traceparent</c>/<c>tracestate</c> the client put in <c>params._meta</c>; without one it
/// is the current activity (the ASP.NET Core request span). When both exist, the request span is linked.
/// Nothing is measured unless a listener is attached: the cost without one is a flag check.
/// </para>
/// </remarks>
public static class McpTelemetry
{
    /// <summary>The name of McpGen's <see cref="ActivitySource"/>.</summary>
    public const string ActivitySourceName = "McpGen";

    /// <summary>The name of McpGen's <see cref="Meter"/>.</summary>
    public const string MeterName = "McpGen";

    /// <summary>The histogram of request durations, in seconds.</summary>
    public const string ServerOperationDuration = "mcp.server.operation.duration";

#if NET9_0_OR_GREATER
    // The semantic conventions' advice for MCP operation durations.
    private static readonly IReadOnlyList<double> s_buckets = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];
#endif

    // The version is a build-time constant: Assembly.GetName() builds a CultureInfo, and in an app without
    // InvariantGlobalization that loads ICU on the first request (about 3 ms of stdio start-up; issue 22).
    internal static readonly ActivitySource Source = new(ActivitySourceName, McpGenAssembly.Version);

    internal static readonly Meter Meter = new(MeterName, McpGenAssembly.Version);

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        ServerOperationDuration,
        unit: "s",
        description: "MCP request duration as observed on the receiver from the time it was received until the result is sent."
#if NET9_0_OR_GREATER
        , tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_buckets }
#endif
        );

    /// <summary>Whether anything listens: spans, the histogram, or both.</summary>
    internal static bool IsEnabled => Source.HasListeners() || Duration.Enabled;
}
