using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client.Internal;

namespace McpGen.Client;

// Server-sent events beyond one POST's answer (2025-11-25): resuming a stream with Last-Event-ID, and the standalone GET
// stream on which a session's server sends requests and notifications unrelated to any client request.
public sealed partial class McpHttpClientTransport
{
    private const int MaxResumptions = 5;
    private CancellationTokenSource? _listening;

    /// <summary>Where an event stream got to: the last event id and the server's reconnection delay.</summary>
    private sealed class EventStreamCursor
    {
        public string? LastEventId { get; set; }

        public TimeSpan Retry { get; set; } = TimeSpan.FromSeconds(1);
    }

    /// <summary>
    /// Reads events until the response to <paramref name="requestId"/> (returned) or the end of the stream (null).
    /// Notifications go to the client; server requests are answered with a POST each.
    /// </summary>
    private async ValueTask<PooledByteBuffer?> ReadEventsAsync(System.IO.Stream stream, long? requestId, string? protocolVersion, EventStreamCursor cursor, CancellationToken cancellationToken)
    {
        using var lines = new LineReader(stream);
        var data = new PooledByteBuffer();
        try
        {
            while (true)
            {
                var line = await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (line is null && data.Count == 0)
                {
                    return null;
                }

                // The end of the stream also ends an event the server did not close with a blank line.
                var span = line is { } text ? text.Span : default;
                if (span.StartsWith("data:"u8))
                {
                    if (data.Count > 0)
                    {
                        data.Write("\n"u8);
                    }

                    span = span[5..];
                    data.Write(span.StartsWith(" "u8) ? span[1..] : span);
                    continue;
                }

                if (span.StartsWith("id:"u8))
                {
                    span = span[3..];
                    cursor.LastEventId = System.Text.Encoding.UTF8.GetString(span.StartsWith(" "u8) ? span[1..] : span);
                    continue;
                }

                if (span.StartsWith("retry:"u8))
                {
                    if (System.Buffers.Text.Utf8Parser.TryParse(span[6..].Trim(" "u8), out int milliseconds, out _) && milliseconds >= 0)
                    {
                        cursor.Retry = TimeSpan.FromMilliseconds(milliseconds);
                    }

                    continue;
                }

                if (!span.IsEmpty || data.Count == 0)
                {
                    // Comments (keep-alives) and event names carry nothing the client needs.
                    continue;
                }

                var parts = JsonRpcMessageParts.Read(data.WrittenSpan);
                switch (parts.Kind)
                {
                    case JsonRpcKind.Response when requestId is { } id && parts.HasNumericId && parts.NumericId == id:
                        var response = data;
                        data = null!;
                        return response;
                    case JsonRpcKind.Notification:
                        Peer.OnNotification(data.WrittenSpan, parts);
                        break;
                    case JsonRpcKind.Request:
                        await AnswerAsync(data.WrittenMemory, parts, protocolVersion, cancellationToken).ConfigureAwait(false);
                        break;
                }

                data.Clear();
            }
        }
        finally
        {
            data?.Dispose();
        }
    }

    /// <summary>A GET for the session's event stream (resuming after <paramref name="lastEventId"/>), or null when the server offers none.</summary>
    private async ValueTask<HttpResponseMessage?> GetEventStreamAsync(string? lastEventId, string? protocolVersion, CancellationToken cancellationToken)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, Endpoint);
        get.Headers.TryAddWithoutValidation("Accept", "text/event-stream");
        if (_sessionId is { } sessionId)
        {
            get.Headers.TryAddWithoutValidation(SessionIdHeader, sessionId);
        }

        if (protocolVersion is not null)
        {
            get.Headers.TryAddWithoutValidation(ProtocolVersionHeader, protocolVersion);
        }

        if (lastEventId is not null)
        {
            get.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        var response = await Http.SendAsync(get, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            return response;
        }

        response.Dispose();
        return null;
    }

    /// <summary>Opens the session's standalone GET stream (once <c>notifications/initialized</c> is sent, when the client answers
    /// elicitation, sampling or roots requests) and keeps it open, resuming it when it ends.</summary>
    private void StartListening(string? protocolVersion)
    {
        // Without handlers for server requests there is nothing to listen for: the server says the rest on the POSTs' streams.
        if (_sessionId is null || _listening is not null || !Peer.AnswersServerRequests)
        {
            return;
        }

        var listening = new CancellationTokenSource();
        if (Interlocked.CompareExchange(ref _listening, listening, null) is not null)
        {
            listening.Dispose();
            return;
        }

        _ = Task.Run(() => ListenAsync(protocolVersion, listening.Token));
    }

    private async Task ListenAsync(string? protocolVersion, CancellationToken cancellationToken)
    {
        var cursor = new EventStreamCursor();
        try
        {
            for (int attempt = 0; attempt <= MaxResumptions && !cancellationToken.IsCancellationRequested; attempt++)
            {
                using var response = await GetEventStreamAsync(cursor.LastEventId, protocolVersion, cancellationToken).ConfigureAwait(false);
                if (response is null)
                {
                    // 405: the server does not offer the stream; it says everything on the POSTs' streams.
                    return;
                }

                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    await ReadEventsAsync(stream, null, protocolVersion, cursor, cancellationToken).ConfigureAwait(false);
                }

                await Task.Delay(cursor.Retry, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or System.IO.IOException or McpClientException or ObjectDisposedException)
        {
            // The stream is a courtesy channel: losing it loses only what the server would have said unprompted.
        }
    }

    private void StopListening()
    {
        if (Interlocked.Exchange(ref _listening, null) is { } listening)
        {
            listening.Cancel();
            listening.Dispose();
        }
    }
}
