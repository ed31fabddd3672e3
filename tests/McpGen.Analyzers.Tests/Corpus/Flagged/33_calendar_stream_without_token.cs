using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public sealed record Meeting(string Title, DateTimeOffset Start, TimeSpan Length);

public interface IMeetingStore
{
    IAsyncEnumerable<Meeting> ReadDayAsync(string calendarId, DateOnly day, CancellationToken cancellationToken = default);
}

public sealed class AgendaTools(IMeetingStore store)
{
    /// <summary>Lists the meetings of a day in a calendar.</summary>
    /// <param name="calendarId">Calendar to read.</param>
    /// <param name="day">Day, as yyyy-MM-dd.</param>
    [McpTool(ReadOnly = true)]
    public async IAsyncEnumerable<string> Agenda(string calendarId, DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var meeting in store.ReadDayAsync(calendarId, day)) // expect: MCPG6002
        {
            yield return $"{meeting.Start:HH:mm} {meeting.Title}";
        }
    }

    /// <summary>Total meeting time on a day.</summary>
    /// <param name="calendarId">Calendar to read.</param>
    /// <param name="day">Day, as yyyy-MM-dd.</param>
    [McpTool(ReadOnly = true)]
    public async Task<TimeSpan> Busy(string calendarId, DateOnly day, CancellationToken cancellationToken)
    {
        var total = TimeSpan.Zero;
        await foreach (var meeting in store.ReadDayAsync(calendarId, day).ConfigureAwait(false)) // expect: MCPG6002
        {
            total += meeting.Length;
        }

        return total;
    }
}
