using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public interface IClock { DateTimeOffset Now { get; } }

public sealed class TimeTools
{
    private readonly IClock _clock;
    private string _zone;
    private int _offsetHours = 0;

    public TimeTools(IClock clock)
    {
        _clock = clock;
        _zone = "UTC";
        _offsetHours = 1;
    }

    /// <summary>Gets the local time.</summary>
    [McpTool] public string Now() => _clock.Now.AddHours(_offsetHours).ToString("O") + " " + _zone;
}
