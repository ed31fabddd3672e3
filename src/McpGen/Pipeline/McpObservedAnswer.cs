using System;
using System.Buffers;
using McpGen.Internal;

namespace McpGen;

/// <summary>
/// The buffer an observed request is answered into. The writers that end a request in a way worth telling apart (an
/// error, an <c>isError</c> tool result, <c>input_required</c>, a created task) record it here as they write, so
/// observation learns the outcome from the handlers instead of parsing the answer again.
/// </summary>
internal sealed class McpObservedAnswer : IBufferWriter<byte>, IDisposable
{
    private readonly PooledBufferWriter _buffer = new();

    /// <summary>How the answer ended; <see cref="McpAuditOutcome.Succeeded"/> until a writer says otherwise.</summary>
    public McpAuditOutcome Kind { get; private set; } = McpAuditOutcome.Succeeded;

    /// <summary>The JSON-RPC error code, when the answer is an error.</summary>
    public int? ErrorCode { get; private set; }

    /// <summary>The JSON-RPC error message, when the answer is an error.</summary>
    public string? ErrorMessage { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>Records that <paramref name="output"/>, when it is observed, received an answer of <paramref name="kind"/>.</summary>
    public static void Record(IBufferWriter<byte> output, McpAuditOutcome kind)
    {
        if (output is McpObservedAnswer answer)
        {
            answer.Kind = kind;
        }
    }

    /// <summary>Records that <paramref name="output"/>, when it is observed, received a JSON-RPC error.</summary>
    public static void RecordError(IBufferWriter<byte> output, int code, string message)
    {
        if (output is McpObservedAnswer answer)
        {
            answer.Kind = McpAuditOutcome.Error;
            answer.ErrorCode = code;
            answer.ErrorMessage = message;
        }
    }

    public void Advance(int count) => _buffer.Advance(count);

    public Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);

    public void Dispose() => _buffer.Dispose();
}
