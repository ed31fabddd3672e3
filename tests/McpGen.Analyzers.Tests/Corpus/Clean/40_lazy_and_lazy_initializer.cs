using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace Compliance
{
    /// <summary>Country and keyword tables built on first use with Lazy and LazyInitializer.</summary>
    public static class SanctionsTools
    {
        private static readonly Lazy<FrozenDictionary<string, string>> s_countries = new(() =>
            new Dictionary<string, string> { ["FR"] = "France", ["DE"] = "Germany", ["JP"] = "Japan" }.ToFrozenDictionary());

        private static Regex? s_keywords;

        private static Regex Keywords => LazyInitializer.EnsureInitialized(ref s_keywords, () => new Regex(@"\b(embargo|sanction)\w*\b", RegexOptions.IgnoreCase));

        /// <summary>Names a country from its ISO code.</summary>
        [McpTool]
        public static string Country(string isoCode) => s_countries.Value.GetValueOrDefault(isoCode.ToUpperInvariant(), "unknown");

        /// <summary>Tells whether a text mentions sanctions.</summary>
        [McpTool]
        public static bool MentionsSanctions(string text) => Keywords.IsMatch(text);
    }
}
