using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class LimitsTools
{
    private const int MaxResults = 50;
    private static readonly string s_prefix = "issue-";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);
    private static readonly Guid s_namespace = Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    /// <summary>Describes the limits.</summary>
    [McpTool] public static string Limits() => $"{s_prefix}{MaxResults} within {s_timeout} ({s_namespace})";
}
