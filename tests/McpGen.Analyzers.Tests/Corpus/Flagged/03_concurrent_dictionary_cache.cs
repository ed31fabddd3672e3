using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class GeoTools
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, double[]> s_cache = new(); // expect: MCPG5001

    /// <summary>Geocodes a place.</summary>
    [McpTool] public static double[] Geocode(string place) => s_cache.GetOrAdd(place, _ => [0, 0]);
}
