using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace Formatting
{
    /// <summary>A helper with a lookup table: filled by its initializer, only read by the code handlers reach.</summary>
    public static class CurrencyFormat
    {
        public static readonly Dictionary<string, string> Symbols = new(StringComparer.OrdinalIgnoreCase)
        {
            ["EUR"] = "€",
            ["USD"] = "$",
            ["GBP"] = "£",
            ["JPY"] = "¥",
        };

        private static readonly int[] s_noDecimals = [392];

        public static string Format(decimal amount, string currency, int isoNumber) =>
            (Symbols.TryGetValue(currency, out var symbol) ? symbol : currency + " ")
            + (s_noDecimals.Contains(isoNumber) ? amount.ToString("0") : amount.ToString("0.00"));
    }

    public static class PriceTools
    {
        /// <summary>Formats a price with its currency symbol.</summary>
        [McpTool]
        public static string FormatPrice(decimal amount, string currency) => CurrencyFormat.Format(amount, currency, currency == "JPY" ? 392 : 0);
    }
}
