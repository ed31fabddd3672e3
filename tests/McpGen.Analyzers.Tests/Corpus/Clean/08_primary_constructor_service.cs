using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public interface ICalendar
{
    Task<string[]> EventsAsync(DateOnly day, CancellationToken cancellationToken = default);
}

public sealed class CalendarTools(ICalendar calendar)
{
    /// <summary>Lists the events of a day.</summary>
    [McpTool]
    public async Task<string[]> Events(DateOnly day, CancellationToken cancellationToken)
    {
        var events = await calendar.EventsAsync(day, cancellationToken);
        return events.OrderBy(e => e, StringComparer.Ordinal).ToArray();
    }
}
