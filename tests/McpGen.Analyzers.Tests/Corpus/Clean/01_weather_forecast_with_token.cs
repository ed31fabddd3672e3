using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public sealed record Forecast(string City, double Celsius);

public static class WeatherTools
{
    private static readonly System.Net.Http.HttpClient s_http = new() { BaseAddress = new Uri("https://example.invalid/") };

    /// <summary>Gets the forecast for a city.</summary>
    [McpTool(ReadOnly = true)]
    public static async Task<Forecast> GetForecast(string city, CancellationToken cancellationToken)
    {
        string body = await s_http.GetStringAsync("forecast/" + Uri.EscapeDataString(city), cancellationToken);
        return new Forecast(city, body.Length);
    }
}
