using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen.Client.Internal;

/// <summary>Splits a byte stream into lines (<c>\n</c> or <c>\r\n</c>) in a pooled buffer: stdio framing and SSE.</summary>
internal sealed class LineReader : IDisposable
{
    private readonly Stream _stream;
    private readonly PooledByteBuffer _buffer = new(8192);
    private int _consumed;
    private int _scanFrom;

    public LineReader(Stream stream) => _stream = stream;

    /// <summary>The next line without its terminator, valid until the next call; <see langword="null"/> at the end of the stream.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
    {
        if (_consumed > 0)
        {
            _buffer.DiscardFront(_consumed);
            _consumed = 0;
        }

        while (true)
        {
            int newline = _buffer.WrittenSpan[_scanFrom..].IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int end = _scanFrom + newline;
                _consumed = end + 1;
                _scanFrom = 0;
                return _buffer.WrittenMemory[..(end > 0 && _buffer.WrittenSpan[end - 1] == (byte)'\r' ? end - 1 : end)];
            }

            _scanFrom = _buffer.Count;
            int read = await _stream.ReadAsync(_buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (_buffer.Count == 0)
                {
                    return null;
                }

                // A last line without a terminator still counts.
                _consumed = _buffer.Count;
                _scanFrom = 0;
                return _buffer.WrittenMemory;
            }

            _buffer.Advance(read);
        }
    }

    public void Dispose() => _buffer.Dispose();
}
