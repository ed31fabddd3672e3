using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace McpGen;

/// <summary>Opens the process's stdout for MCP messages.</summary>
/// <remarks>
/// <para>
/// On Unix, every write to <see cref="Console.OpenStandardOutput()"/> first takes <c>lock (Console.Out)</c>, and
/// creating <see cref="Console.Out"/> reads <see cref="Console.OutputEncoding"/>, which lower-cases the locale's
/// charset with the invariant culture: in an app without <c>InvariantGlobalization</c> that loads ICU, about 3 ms
/// before the first answer (issue 22). It also shares that lock with <see cref="Console.Error"/>, so a stderr pipe
/// nobody reads could stop the answers.
/// </para>
/// <para>
/// So on Linux, when stdout is a blocking pipe, socket or terminal, McpGen writes to file descriptor 1 directly: the
/// same <c>write(2)</c> calls, partial writes continued, without the lock. Anything else (a regular file, where
/// a <see cref="FileStream"/> would write at its own offset; a non-blocking descriptor, which the console stream
/// waits on when it is full; other systems) keeps the console stream.
/// </para>
/// </remarks>
internal static class StandardOutput
{
    /// <summary>Linux's <c>O_NONBLOCK</c>, octal 04000.</summary>
    private const int LinuxNonBlocking = 0x800;

    public static Stream Open()
    {
        if (OperatingSystem.IsLinux() && IsBlockingOnLinux())
        {
            try
            {
                var stream = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
                if (!stream.CanSeek)
                {
                    return stream;
                }

                stream.Dispose();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // Closed or unusual descriptor: the console stream knows what to do with it.
            }
        }

        return Console.OpenStandardOutput();
    }

    /// <summary>Whether file descriptor 1 is open without <c>O_NONBLOCK</c>, from <c>/proc/self/fdinfo/1</c>.</summary>
    private static bool IsBlockingOnLinux()
    {
        try
        {
            using var info = File.OpenHandle("/proc/self/fdinfo/1");
            Span<byte> text = stackalloc byte[512];
            int length = RandomAccess.Read(info, text, 0);
            return TryParseFlags(text[..length], out int flags) && (flags & LinuxNonBlocking) == 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Reads the octal <c>flags:</c> field of an fdinfo file.</summary>
    internal static bool TryParseFlags(ReadOnlySpan<byte> fdinfo, out int flags)
    {
        flags = 0;
        ReadOnlySpan<byte> key = "flags:"u8;
        int start = fdinfo.IndexOf(key);
        if (start < 0 || (start > 0 && fdinfo[start - 1] != (byte)'\n'))
        {
            return false;
        }

        var rest = fdinfo[(start + key.Length)..];
        int i = 0;
        while (i < rest.Length && (rest[i] == (byte)' ' || rest[i] == (byte)'\t'))
        {
            i++;
        }

        int digits = 0;
        for (; i < rest.Length && rest[i] is >= (byte)'0' and <= (byte)'7'; i++, digits++)
        {
            if (digits == 10)
            {
                return false;
            }

            flags = (flags << 3) | (rest[i] - '0');
        }

        return digits > 0;
    }
}
