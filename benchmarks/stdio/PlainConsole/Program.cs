using System;
using System.ComponentModel.DataAnnotations;
using System.Linq;
using McpGen;

await WeatherServer.RunStdioAsync();       // over HTTP instead: app.MapMcp<WeatherServer>("/mcp") (McpGen.AspNetCore)

/// <summary>Weather forecasts for agents.</summary>
[McpServer("weather", Version = "1.0.0")]
public partial class WeatherServer;        // the generator fills this class in

/// <summary>One day's forecast.</summary>
public sealed record Forecast(DateOnly Day, string Place, int HighCelsius, int LowCelsius);

public static class ForecastTools
{
    /// <summary>Daily forecasts for a place.</summary>
    /// <param name="place">A city name.</param>
    /// <param name="days">How many days, 1 to 7.</param>
    [McpTool(ReadOnly = true)]             // tool name: get_forecast
    public static Forecast[] GetForecast(string place, [Range(1, 7)] int days = 3) =>
        [.. Enumerable.Range(0, days).Select(d => new Forecast(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(d), place, 21 - d, 12 - d))];
}
