using System;
using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace McpGen.Internal;

/// <summary>A growable byte buffer over <see cref="ArrayPool{T}"/> that can be cleared and reused.</summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;

    /// <summary>A writer kept per thread for <see cref="Rent"/>: a response buffer costs no allocation per request.</summary>
    [ThreadStatic]
    private static PooledBufferWriter? t_cached;

    /// <summary>What a cached writer may keep; one that grew larger gives its buffer back to the pool instead.</summary>
    private const int CachedCapacity = 16 * 1024;

    public PooledBufferWriter(int initialCapacity = 1024) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    /// <summary>An empty writer, this thread's cached one when it has one; give it back with <see cref="Return"/>.</summary>
    public static PooledBufferWriter Rent()
    {
        var writer = t_cached;
        if (writer is null)
        {
            return new PooledBufferWriter();
        }

        t_cached = null;
        return writer;
    }

    /// <summary>Rents a writer for a <c>using</c> scope: <c>using var rented = PooledBufferWriter.RentScoped();</c>.</summary>
    public static Rented RentScoped() => new(Rent());

    /// <summary>A writer from <see cref="Rent"/>, returned when disposed.</summary>
    public readonly struct Rented(PooledBufferWriter writer) : IDisposable
    {
        public PooledBufferWriter Writer { get; } = writer;

        public void Dispose() => Return(Writer);
    }

    /// <summary>Takes back a writer from <see cref="Rent"/> (on any thread); it must not be used afterwards.</summary>
    public static void Return(PooledBufferWriter writer)
    {
        if (writer._buffer.Length > CachedCapacity || writer._buffer.Length == 0)
        {
            writer.Dispose();
            return;
        }

        writer._written = 0;
        t_cached = writer;
    }

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public int WrittenCount => _written;

    /// <summary>The size of the rented buffer: what this writer holds, written or not.</summary>
    public int Capacity => _buffer.Length;

    public void Clear() => _written = 0;

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_written));
        _written += bytes.Length;
    }

    private void Ensure(int sizeHint)
    {
        if (sizeHint < 1)
        {
            sizeHint = 256;
        }

        if (_buffer.Length - _written >= sizeHint)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + sizeHint));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>A buffer and a JSON writer over it, rented per response so a request allocates neither.</summary>
internal sealed class JsonScratch
{
    [ThreadStatic]
    private static JsonScratch? t_cached;

    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        // JSON-RPC payloads are not HTML: keep non-ASCII text and characters like '<' readable and compact.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private JsonScratch()
    {
        Buffer = new PooledBufferWriter();
        Writer = new Utf8JsonWriter(Buffer, WriterOptions);
    }

    public PooledBufferWriter Buffer { get; }

    public Utf8JsonWriter Writer { get; }

    public static JsonScratch Rent()
    {
        var scratch = t_cached;
        if (scratch is null)
        {
            return new JsonScratch();
        }

        t_cached = null;
        return scratch;
    }

    /// <summary>Clears the buffer and writer so the same scratch can write a new document.</summary>
    public void Restart()
    {
        Writer.Reset(Buffer);
        Buffer.Clear();
    }

    /// <summary>Writes one JSON document with a rented writer and appends it to <paramref name="target"/>.</summary>
    public static void WriteTo<TState>(IBufferWriter<byte> target, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var scratch = Rent();
        try
        {
            write(scratch.Writer, state);
            scratch.Writer.Flush();
            target.Write(scratch.Buffer.WrittenSpan);
        }
        finally
        {
            Return(scratch);
        }
    }

    public static void Return(JsonScratch scratch)
    {
        if (scratch.Buffer.WrittenCount > 64 * 1024)
        {
            // Don't pin large buffers to a thread.
            scratch.Buffer.Dispose();
            return;
        }

        scratch.Restart();
        t_cached = scratch;
    }
}
