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
    public void Dates_are_written_and_shown_as_the_invariant_culture_writes_them()
    {
        foreach (var date in new[] { DateOnly.MinValue, DateOnly.MaxValue, new DateOnly(2026, 7, 28), new DateOnly(999, 1, 9), new DateOnly(2024, 2, 29) })
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                McpJsonWrite.DateOnly(writer, date);
            }

            Assert.Equal("\"" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "\"", Encoding.UTF8.GetString(buffer.WrittenSpan));
            Assert.Equal(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), McpJsonWrite.DateText(date));
        }
    }

    [Fact]
    public void Times_are_written_and_shown_as_the_invariant_culture_writes_them()
    {
        foreach (var time in new[] { TimeOnly.MinValue, TimeOnly.MaxValue, new TimeOnly(12, 0), new TimeOnly(9, 5, 7), new TimeOnly(23, 59, 59, 500), new TimeOnly(10, 20, 30, 123, 400), new TimeOnly(new TimeSpan(0, 0, 0, 1).Ticks + 10) })
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                McpJsonWrite.TimeOnly(writer, time);
            }

            Assert.Equal("\"" + time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "\"", Encoding.UTF8.GetString(buffer.WrittenSpan));
            Assert.Equal(time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture), McpJsonWrite.TimeText(time));
        }
    }

    /// <summary>The culture-free date reader accepts exactly what <c>ParseExact("yyyy-MM-dd")</c> with the invariant culture accepts.</summary>
    [Theory]
    [InlineData("2026-07-28")]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("2024-02-29")]
    [InlineData("2023-02-29")]
    [InlineData("2026-04-31")]
    [InlineData("0000-01-01")]
    [InlineData("2026-13-01")]
    [InlineData("2026-00-10")]
    [InlineData("2026-01-00")]
    [InlineData("2026-1-01")]
    [InlineData("26-01-01")]
    [InlineData("02026-01-01")]
    [InlineData("2026/01/01")]
    [InlineData(" 2026-01-01")]
    [InlineData("2026-01-01 ")]
    [InlineData("2026-01-01\0")]
    [InlineData("2026-01-01T00:00")]
    [InlineData("+026-01-01")]
    [InlineData("２０２６-01-01")]
    [InlineData("")]
    public void Dates_are_read_as_the_invariant_culture_reads_them(string text)
    {
        bool expected = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expectedDate);
        Assert.Equal(expected, McpJsonRead.TryParseDate(text, out var date));
        Assert.Equal(expectedDate, date);
    }

    /// <summary>The culture-free time reader accepts exactly what <c>ParseExact</c> accepts with the formats the binder used.</summary>
    [Theory]
    [InlineData("12:30")]
    [InlineData("00:00")]
    [InlineData("23:59:59")]
    [InlineData("12:30:15")]
    [InlineData("12:30:15.5")]
    [InlineData("12:30:15.1234567")]
    [InlineData("12:30:15.0000001")]
    [InlineData("12:30:15.12345678")]
    [InlineData("12:30:15.")]
    [InlineData("12:30:15.x")]
    [InlineData("24:00")]
    [InlineData("12:60")]
    [InlineData("12:30:60")]
    [InlineData("1:30")]
    [InlineData("12:3")]
    [InlineData("12:30:1")]
    [InlineData("12.30")]
    [InlineData("12:30:")]
    [InlineData(" 12:30")]
    [InlineData("12:30 ")]
    [InlineData("12:30\0")]
    [InlineData("12:30:15,5")]
    [InlineData("12:30 PM")]
    [InlineData("")]
    public void Times_are_read_as_the_invariant_culture_reads_them(string text)
    {
        bool expected = TimeOnly.TryParseExact(text, ["HH:mm:ss.FFFFFFF", "HH:mm:ss", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var expectedTime);
        Assert.Equal(expected, McpJsonRead.TryParseTime(text, out var time));
        Assert.Equal(expectedTime, time);
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
