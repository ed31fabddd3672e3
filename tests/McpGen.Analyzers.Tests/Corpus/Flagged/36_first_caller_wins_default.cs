using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace Calendars
{
    public static class CalendarTools
    {
        // Looks like lazy initialization, but the value comes from the first caller: every later user gets their time zone.
        private static string? s_defaultTimeZone; // expect: MCPG5001

        /// <summary>Lists the day's meetings in the caller's time zone.</summary>
        [McpTool]
        public static string Agenda(DateOnly day, string timeZone)
        {
            s_defaultTimeZone ??= timeZone;
            var zone = TimeZoneInfo.FindSystemTimeZoneById(s_defaultTimeZone);
            return $"{day:yyyy-MM-dd} ({zone.DisplayName}): no meetings.";
        }
    }
}
