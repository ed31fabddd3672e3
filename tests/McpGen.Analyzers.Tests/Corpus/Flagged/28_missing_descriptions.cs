using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class BareTools
{
    [McpTool] public static int Square(int x) => x * x; // expect: MCPG1012

    [McpPrompt("explain")] public static string Explain(string topic) => "Explain " + topic; // expect: MCPG1012

    /// <summary>Cubes a number.</summary>
    [McpTool] public static int Cube(int x) => x * x * x;
}
