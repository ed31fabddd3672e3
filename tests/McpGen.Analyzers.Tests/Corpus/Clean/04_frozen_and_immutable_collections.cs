using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class CountryTools
{
    private static readonly System.Collections.Frozen.FrozenDictionary<string, string> s_capitals =
        System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(new Dictionary<string, string> { ["PT"] = "Lisbon", ["FR"] = "Paris" });
    private static readonly System.Collections.Immutable.ImmutableArray<string> s_codes = ["PT", "FR"];

    /// <summary>Gets a capital by country code.</summary>
    [McpTool] public static string? Capital(string code) => s_capitals.GetValueOrDefault(code);

    /// <summary>Lists known country codes.</summary>
    [McpTool] public static IEnumerable<string> Codes() => s_codes;
}
