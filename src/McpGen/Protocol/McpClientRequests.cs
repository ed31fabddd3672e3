using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;

namespace McpGen;

/// <summary>
/// The client answered a request the server sent it (a legacy client's <c>elicitation/create</c>,
/// <c>sampling/createMessage</c> or <c>roots/list</c>) with a JSON-RPC error, or did not answer in time.
/// </summary>
public sealed class McpClientRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="method">The request the server sent.</param>
    /// <param name="code">The client's error code, or <see langword="null"/> when it did not answer in time.</param>
    /// <param name="message">What went wrong.</param>
    public McpClientRequestException(string method, int? code, string message)
        : base(message)
    {
        Method = method;
        Code = code;
    }

    /// <summary>The request the server sent, e.g. <c>sampling/createMessage</c>.</summary>
    public string Method { get; }

    /// <summary>The client's JSON-RPC error code; <see langword="null"/> when it did not answer in time.</summary>
    public int? Code { get; }
}

/// <summary>
/// Requests the server sends legacy (2025-11-25) clients while it serves one of their calls, and the responses that
/// answer them. A response may arrive on another connection than the call (Streamable HTTP posts it separately), so the
/// table belongs to the processor; ids are unguessable, so no other client can answer in someone else's place. State of
/// one call on one instance only: nothing here outlives the call.
/// </summary>
internal sealed class McpClientRequests
{
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private long _next;

    public int Count => _pending.Count;

    /// <summary>Sends <paramref name="method"/> to the client through <paramref name="sink"/> and waits for its result.</summary>
    public async Task<byte[]> SendAsync(IMcpNotificationSink sink, string method, byte[] paramsJson, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string id = "mcpgen-" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Base64Url.Encode(RandomNumberGenerator.GetBytes(12));
        var pending = new Pending(method);
        _pending[id] = pending;
        try
        {
            var scratch = JsonScratch.Rent();
            try
            {
                var w = scratch.Writer;
                w.WriteStartObject();
                w.WriteString("jsonrpc"u8, "2.0"u8);
                w.WriteString("id"u8, id);
                w.WriteString("method"u8, method);
                w.WritePropertyName("params"u8);
                w.WriteRawValue(paramsJson, skipInputValidation: true);
                w.WriteEndObject();
                w.Flush();
                sink.Send(scratch.Buffer.WrittenSpan);
            }
            finally
            {
                JsonScratch.Return(scratch);
            }

            using var timer = new CancellationTokenSource(timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            try
            {
                return await pending.Completion.Task.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new McpClientRequestException(method, null, $"The client did not answer {method} within {timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s.");
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Completes the request a client response answers; <see langword="false"/> when it answers none.</summary>
    public bool TryComplete(in JsonRpcMessage response)
    {
        var idReader = new Utf8JsonReader(response.Id.Span);
        if (!idReader.Read() || idReader.TokenType != JsonTokenType.String || !_pending.TryGetValue(idReader.GetString()!, out var pending))
        {
            return false;
        }

        if (!response.Error.IsEmpty)
        {
            var (code, message) = ReadError(response.Error.Span);
            pending.Completion.TrySetException(new McpClientRequestException(pending.Method, code, $"The client answered {pending.Method} with error {code}: {message}"));
        }
        else
        {
            pending.Completion.TrySetResult(response.Result.ToArray());
        }

        return true;
    }

    private static (int Code, string Message) ReadError(ReadOnlySpan<byte> error)
    {
        int code = McpProtocol.ErrorCodes.InternalError;
        string message = "(no message)";
        var reader = new Utf8JsonReader(error);
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isCode = reader.ValueTextEquals("code"u8), isMessage = reader.ValueTextEquals("message"u8);
                reader.Read();
                if (isCode && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int c))
                {
                    code = c;
                }
                else if (isMessage && reader.TokenType == JsonTokenType.String)
                {
                    message = reader.GetString()!;
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return (code, message);
    }

    private sealed class Pending(string method)
    {
        public string Method { get; } = method;

        public TaskCompletionSource<byte[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
