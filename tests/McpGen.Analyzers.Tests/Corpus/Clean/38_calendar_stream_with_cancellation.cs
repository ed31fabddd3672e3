using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public sealed record CalendarEvent(string Title, DateTimeOffset Start, DateTimeOffset End);

public interface ICalendarClient
{
    IAsyncEnumerable<CalendarEvent> GetEventsAsync(string calendarId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}

public sealed class CalendarTools(ICalendarClient calendar)
{
    /// <summary>Streams the events of the coming week, one line each.</summary>
    /// <param name="calendarId">Calendar to read.</param>
    [McpTool(ReadOnly = true)]
    public async IAsyncEnumerable<string> UpcomingEvents(string calendarId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var now = DateTimeOffset.UtcNow;
        await foreach (var e in calendar.GetEventsAsync(calendarId, now, now.AddDays(7)).WithCancellation(cancellationToken))
        {
            yield return $"{e.Start:ddd HH:mm} {e.Title}";
        }
    }

    /// <summary>Finds the first free hour in a calendar today.</summary>
    /// <param name="calendarId">Calendar to search.</param>
    [McpTool(ReadOnly = true)]
    public async Task<DateTimeOffset?> FirstFreeHour(string calendarId, CancellationToken cancellationToken)
    {
        var day = DateTimeOffset.UtcNow.Date;
        var candidate = new DateTimeOffset(day.AddHours(9), TimeSpan.Zero);
        var events = calendar.GetEventsAsync(calendarId, candidate, candidate.AddHours(9));
        await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (e.Start - candidate >= TimeSpan.FromHours(1))
            {
                return candidate;
            }

            candidate = e.End > candidate ? e.End : candidate;
        }

        return candidate;
    }

    /// <summary>Counts the events of a calendar in a range.</summary>
    /// <param name="calendarId">Calendar to read.</param>
    /// <param name="from">Start of the range.</param>
    /// <param name="to">End of the range.</param>
    [McpTool(ReadOnly = true)]
    public async Task<int> CountEvents(string calendarId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        int count = 0;
        await foreach (var _ in calendar.GetEventsAsync(calendarId, from, to).ConfigureAwait(false).WithCancellation(cancellationToken))
        {
            count++;
        }

        await foreach (var _ in calendar.GetEventsAsync(calendarId, to, to.AddDays(1), cancellationToken))
        {
            count++;
        }

        return count;
    }
}
