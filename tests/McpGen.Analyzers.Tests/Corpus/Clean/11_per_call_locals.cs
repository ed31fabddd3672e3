using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class TextTools
{
    /// <summary>Counts words.</summary>
    [McpTool]
    public static Dictionary<string, int> WordCounts(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var builder = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            counts[word] = counts.GetValueOrDefault(word) + 1;
            builder.Append(word[0]);
        }

        counts["initials:" + builder] = 0;
        return counts;
    }
}
