using System.Net.Http;
using System.Text.Json;

/// <summary>The authorization set-up of the auth/* scenarios.</summary>
internal static class ConformanceAuthorization
{
    public static HttpClient CreateHttpClient(string scenario, JsonElement context) => new();
}
