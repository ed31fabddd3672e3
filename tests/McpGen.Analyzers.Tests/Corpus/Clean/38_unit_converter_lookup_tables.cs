using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace Converters
{
    /// <summary>Length and weight conversions from fixed tables, filled once and only read.</summary>
    public static class UnitConverterTools
    {
        private static readonly Dictionary<string, double> s_metresPer = new(StringComparer.OrdinalIgnoreCase)
        {
            ["mm"] = 0.001,
            ["cm"] = 0.01,
            ["m"] = 1,
            ["km"] = 1000,
            ["in"] = 0.0254,
            ["ft"] = 0.3048,
            ["mi"] = 1609.344,
        };

        private static readonly HashSet<string> s_weightUnits = new(StringComparer.OrdinalIgnoreCase) { "g", "kg", "lb", "oz" };

        private static readonly string[] s_lengthUnits = ["mm", "cm", "m", "km", "in", "ft", "mi"];

        /// <summary>Converts a length from one unit to another.</summary>
        [McpTool]
        public static string ConvertLength(double value, string from, string to)
        {
            if (!s_metresPer.TryGetValue(from, out double fromFactor) || !s_metresPer.TryGetValue(to, out double toFactor))
            {
                return $"Unknown unit. Supported: {string.Join(", ", s_lengthUnits)}.";
            }

            return (value * fromFactor / toFactor).ToString("0.####", CultureInfo.InvariantCulture) + " " + to;
        }

        /// <summary>Lists the units the converter knows.</summary>
        [McpTool]
        public static IReadOnlyList<string> Units(bool weights) =>
            weights ? s_weightUnits.Order(StringComparer.Ordinal).ToList() : s_lengthUnits;
    }
}
