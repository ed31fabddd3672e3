using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen;

/// <summary>One line read from the input: a pooled copy of its bytes (without the newline), or end of stream.</summary>
internal readonly record struct StdioLine(byte[]? Bytes, int Length, bool TooLong)
{
    public bool IsEndOfStream => Bytes is null && !TooLong;
}

/// <summary>Splits a byte stream into newline-delimited messages, skipping blank lines and bounding message size.</summary>
internal sealed class LineReader(Stream input, int maxLineBytes)
{
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private bool _discarding;
    private bool _eof;

    public async ValueTask<StdioLine> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                int lineStart = _start;
                _start = newline + 1;
                if (_discarding || newline - lineStart > maxLineBytes)
                {
                    _discarding = false;
                    return new StdioLine(null, 0, TooLong: true);
                }

                if (TryTake(lineStart, newline, out var line))
                {
                    return line;
                }

                continue;
            }

            if (_eof)
            {
                bool discarded = _discarding;
                _discarding = false;
                if (discarded)
                {
                    _start = _end;
                    return new StdioLine(null, 0, TooLong: true);
                }

                if (_start < _end && TryTake(_start, _end, out var last))
                {
                    _start = _end;
                    return last;
                }

                _start = _end;
                return default;
            }

            if (_end - _start > maxLineBytes)
            {
                // Keep reading to the next newline, but drop the bytes.
                _discarding = true;
                _start = _end = 0;
            }

            Compact();
            // Console streams ignore the token once a read blocks: stop waiting on a pending read when asked to stop
            // (SIGTERM), leaving it to end with the process.
            var pending = input.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            int read = pending.IsCompleted || !cancellationToken.CanBeCanceled
                ? await pending.ConfigureAwait(false)
                : await pending.AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }
    }

    private bool TryTake(int start, int end, out StdioLine line)
    {
        var span = _buffer.AsSpan(start, end - start).Trim(" \t\r"u8);
        if (span.IsEmpty)
        {
            line = default;
            return false;
        }

        var copy = ArrayPool<byte>.Shared.Rent(span.Length);
        span.CopyTo(copy);
        line = new StdioLine(copy, span.Length, TooLong: false);
        return true;
    }

    private void Compact()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
    }
}

/// <summary>Writes whole messages, one per line, from any thread; the only writer of the output stream.</summary>
internal sealed class LineWriter(Stream output) : IMcpNotificationSink
{
    private readonly object _gate = new();
    private bool _broken;

    public void Send(ReadOnlySpan<byte> utf8Message)
    {
        lock (_gate)
        {
            if (_broken)
            {
                return;
            }

            try
            {
                output.Write(utf8Message);
                output.Write("\n"u8);
                output.Flush();
            }
            catch (IOException)
            {
                // The client went away; nothing more can reach it.
                _broken = true;
            }
            catch (ObjectDisposedException)
            {
                _broken = true;
            }
        }
    }

    public Task FlushAsync()
    {
        lock (_gate)
        {
            if (!_broken)
            {
                try
                {
                    output.Flush();
                }
                catch (IOException)
                {
                    _broken = true;
                }
            }
        }

        return Task.CompletedTask;
    }
}
