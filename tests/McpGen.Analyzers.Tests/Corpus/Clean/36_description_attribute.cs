using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class ConvertTools
{
    [McpTool, System.ComponentModel.Description("Converts Celsius to Fahrenheit.")]
    public static double ToFahrenheit(double celsius) => celsius * 9 / 5 + 32;

    [McpTool(Description = "Converts Fahrenheit to Celsius.")]
    public static double ToCelsius(double fahrenheit) => (fahrenheit - 32) * 5 / 9;
}
