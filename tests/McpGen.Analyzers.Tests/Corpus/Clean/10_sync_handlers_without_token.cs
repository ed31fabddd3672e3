using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class MathTools
{
    /// <summary>Adds two numbers.</summary>
    [McpTool] public static int Add(int a, int b) => a + b;

    /// <summary>Averages numbers.</summary>
    [McpTool] public static double Average(double[] values) => values.Length == 0 ? 0 : values.Average();
}
