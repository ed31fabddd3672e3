using System;
using McpGen.Internal;

namespace McpGen;

/// <summary>
/// Turns <see cref="IProgress{T}"/> reports into <c>notifications/progress</c> for one request, enforcing the protocol
/// rules: the token is echoed, progress strictly increases, and nothing is sent after the response.
/// </summary>
internal sealed class McpProgressReporter : IProgress<McpProgress>
{
    private readonly byte[] _token;
    private readonly IMcpNotificationSink _sink;
    private readonly object _gate = new();
    private double _last = double.NegativeInfinity;
    private bool _completed;

    public McpProgressReporter(ReadOnlySpan<byte> rawToken, IMcpNotificationSink sink)
    {
        // The message buffer may be reused once the request returns; the token must outlive it only until Complete.
        _token = rawToken.ToArray();
        _sink = sink;
    }

    public void Report(McpProgress value)
    {
        lock (_gate)
        {
            if (_completed || !(value.Progress > _last) || double.IsNaN(value.Progress) || double.IsInfinity(value.Progress))
            {
                return;
            }

            _last = value.Progress;
            var scratch = JsonScratch.Rent();
            try
            {
                var w = scratch.Writer;
                w.WriteStartObject();
                w.WriteString("jsonrpc", "2.0");
                w.WriteString("method", McpProtocol.Methods.ProgressNotification);
                w.WriteStartObject("params");
                w.WritePropertyName("progressToken");
                w.WriteRawValue(_token, skipInputValidation: true);
                w.WriteNumber("progress", value.Progress);
                if (value.Total is { } total && !double.IsNaN(total) && !double.IsInfinity(total))
                {
                    w.WriteNumber("total", total);
                }

                if (value.Message is not null)
                {
                    w.WriteString("message", value.Message);
                }

                w.WriteEndObject();
                w.WriteEndObject();
                w.Flush();
                _sink.Send(scratch.Buffer.WrittenSpan);
            }
            finally
            {
                JsonScratch.Return(scratch);
            }
        }
    }

    /// <summary>Called when the response is about to be sent: later reports are dropped.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
        }
    }
}
