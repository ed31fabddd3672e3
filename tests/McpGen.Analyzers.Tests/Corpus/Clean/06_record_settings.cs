using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public sealed record ServiceSettings(string Endpoint, int Retries, IReadOnlyList<string> Scopes);

public static class SettingsTools
{
    private static readonly ServiceSettings s_defaults = new("https://api.example.invalid", 3, ["read"]);

    /// <summary>Shows the default settings.</summary>
    [McpTool] public static ServiceSettings Defaults() => s_defaults;
}
