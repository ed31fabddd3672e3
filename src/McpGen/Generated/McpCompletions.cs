using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;

namespace McpGen.Generated;

/// <summary>Builds <c>completion/complete</c> answers for generated completion handlers.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class McpCompletions
{
    private const int MaxValues = 100;

    /// <summary>The candidates that start with <paramref name="prefix"/> (ignoring case), for enum and boolean arguments.</summary>
    public static ValueTask<Completion> StartingWith(string[] candidates, string prefix)
    {
        var values = new List<string>();
        foreach (var candidate in candidates)
        {
            if (candidate.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(candidate);
            }
        }

        return new(new Completion { Values = values, Total = values.Count, HasMore = false });
    }

    /// <summary>
    /// Values from a completion method: at most 100 are kept; <c>total</c> is known when the sequence ends within them
    /// or is a collection, and <c>hasMore</c> says whether more were left out.
    /// </summary>
    public static Completion From(IEnumerable<string>? values)
    {
        if (values is null)
        {
            return new Completion();
        }

        var kept = new List<string>();
        bool more = false;
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }

            if (kept.Count == MaxValues)
            {
                more = true;
                break;
            }

            kept.Add(value);
        }

        int? total = !more ? kept.Count
            : values is IReadOnlyCollection<string> collection ? collection.Count
            : values is ICollection<string> list ? list.Count
            : null;
        return new Completion { Values = kept, Total = total, HasMore = more };
    }

    /// <summary>A completion built by the method itself, passed through (the server caps it at 100 values).</summary>
    public static Completion From(Completion? completion) => completion ?? new Completion();
}
