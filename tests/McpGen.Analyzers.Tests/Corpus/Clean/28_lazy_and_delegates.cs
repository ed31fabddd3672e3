using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class FormatTools
{
    private static readonly Lazy<string> s_banner = new(() => "McpGen " + Environment.Version);
    private static readonly Func<double, string> s_celsius = c => $"{c:F1} °C";

    /// <summary>Shows the banner.</summary>
    [McpTool] public static string Banner() => s_banner.Value;

    /// <summary>Formats a temperature.</summary>
    [McpTool] public static string Celsius(double value) => s_celsius(value);
}
