using System;
using System.Globalization;
using System.IO;
using System.Text;
using McpGen.Generated;

namespace McpGen.Tests;

/// <summary>The pieces that keep ICU and the console's lock off the stdio start-up path (issue 22) say the same as before.</summary>
public sealed class StdioStartupTests
{
    [Fact]
    public void The_invariant_number_format_writes_what_the_invariant_culture_writes()
    {
        var numbers = McpJsonWrite.InvariantNumbers;
        Assert.True(numbers.IsReadOnly);
        foreach (long value in new[] { 0L, 5L, -5L, 1234567L, long.MinValue, long.MaxValue })
        {
            Assert.Equal(value.ToString(CultureInfo.InvariantCulture), value.ToString(numbers));
            Assert.Equal(((int)value).ToString(CultureInfo.InvariantCulture), ((int)value).ToString(numbers));
            Assert.Equal(((short)value).ToString(CultureInfo.InvariantCulture), ((short)value).ToString(numbers));
            Assert.Equal(((sbyte)value).ToString(CultureInfo.InvariantCulture), ((sbyte)value).ToString(numbers));
            Assert.Equal(((decimal)value).ToString(CultureInfo.InvariantCulture), ((decimal)value).ToString(numbers));
        }

        foreach (ulong value in new[] { 0UL, 7UL, ulong.MaxValue })
        {
            Assert.Equal(value.ToString(CultureInfo.InvariantCulture), value.ToString(numbers));
            Assert.Equal(((uint)value).ToString(CultureInfo.InvariantCulture), ((uint)value).ToString(numbers));
            Assert.Equal(((ushort)value).ToString(CultureInfo.InvariantCulture), ((ushort)value).ToString(numbers));
            Assert.Equal(((byte)value).ToString(CultureInfo.InvariantCulture), ((byte)value).ToString(numbers));
        }

        foreach (double value in new[] { 0.0, -0.0, 1.5, -2.25, 1e300, -1e-300, 0.1 + 0.2, double.Epsilon, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue })
        {
            Assert.Equal(value.ToString(CultureInfo.InvariantCulture), value.ToString(numbers));
            Assert.Equal(((float)value).ToString(CultureInfo.InvariantCulture), ((float)value).ToString(numbers));
        }

        foreach (decimal value in new[] { 0.5m, -12345.6789m, decimal.MaxValue, decimal.MinValue, 1.000m })
        {
            Assert.Equal(value.ToString(CultureInfo.InvariantCulture), value.ToString(numbers));
        }
    }

    [Fact]
    public void Dates_are_written_as_the_invariant_culture_writes_them()
    {
        foreach (var date in new[] { DateOnly.MinValue, DateOnly.MaxValue, new DateOnly(2026, 7, 28), new DateOnly(999, 1, 9), new DateOnly(2024, 2, 29) })
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                McpJsonWrite.DateOnly(writer, date);
            }

            Assert.Equal("\"" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "\"", Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }

    [Fact]
    public void Times_are_written_as_the_invariant_culture_writes_them()
    {
        foreach (var time in new[] { TimeOnly.MinValue, TimeOnly.MaxValue, new TimeOnly(12, 0), new TimeOnly(9, 5, 7), new TimeOnly(23, 59, 59, 500), new TimeOnly(10, 20, 30, 123, 400), new TimeOnly(new TimeSpan(0, 0, 0, 1).Ticks + 10) })
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                McpJsonWrite.TimeOnly(writer, time);
            }

            Assert.Equal("\"" + time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "\"", Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }

    [Theory]
    [InlineData("pos:\t0\nflags:\t01\nmnt_id:\t16\nino:\t123\n", true, 1)]
    [InlineData("pos:\t0\nflags:\t0104001\nmnt_id:\t16\n", true, 0x8801)]
    [InlineData("flags:  02\n", true, 2)]
    [InlineData("pos:\t0\nmnt_id:\t16\n", false, 0)]
    [InlineData("pos:\t0\nxflags:\t01\n", false, 0)]
    [InlineData("pos:\t0\nflags:\t\n", false, 0)]
    [InlineData("flags:\t012345670123\n", false, 0)]
    public void Fdinfo_flags_are_read_as_octal(string fdinfo, bool parsed, int flags)
    {
        Assert.Equal(parsed, StandardOutput.TryParseFlags(Encoding.ASCII.GetBytes(fdinfo), out int actual));
        if (parsed)
        {
            Assert.Equal(flags, actual);
        }
    }

    [Fact]
    public void Standard_output_opens_a_writable_stream()
    {
        using var stream = StandardOutput.Open();
        Assert.True(stream.CanWrite);
        Assert.False(stream.CanRead);
    }
}
