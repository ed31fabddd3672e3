using System.Collections.Generic;
using System.Text.Json;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;

namespace McpGen.SourceGeneration.Tests;

/// <summary>The compile-time server card: naming, shortening, and the document's shape.</summary>
public sealed class ServerCardBuilderTests
{
    private static (ServerCardSpec? Card, List<CardProblem> Problems) Build(
        string name, string? publisher = null, string ns = "Contoso.Weather", string? title = null, string? description = "Forecasts.", string[]? remotes = null)
    {
        var problems = new List<CardProblem>();
        var card = ServerCardBuilder.Build(name, publisher, ns, "1.2.0", title, description, null, [], remotes ?? [], problems);
        return (card, problems);
    }

    [Theory]
    [InlineData("weather", null, "Contoso.Weather", "contoso.weather/weather")]
    [InlineData("weather", "com.contoso", "Contoso.Weather", "com.contoso/weather")]
    [InlineData("io.github.me/weather", "ignored", "X", "io.github.me/weather")]
    [InlineData("my weather!", null, "", "local/my-weather-")]
    [InlineData("weather", null, "My_App.Servers", "my-app.servers/weather")]
    public void The_card_name_has_the_namespace_slash_name_form(string serverName, string? publisher, string ns, string expected)
    {
        var (card, problems) = Build(serverName, publisher, ns);
        Assert.Empty(problems);
        Assert.Equal(expected, card!.Name);
        using var document = JsonDocument.Parse(card.Json);
        Assert.Equal(expected, document.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public void A_long_description_is_cut_at_a_word_within_100_characters()
    {
        string description = "Forecasts for any place on Earth, with hourly detail for the next two days and daily outlooks for two weeks ahead.";
        var (card, _) = Build("weather", description: description);
        using var document = JsonDocument.Parse(card!.Json);
        string shortened = document.RootElement.GetProperty("description").GetString()!;
        Assert.True(shortened.Length <= 100, shortened);
        Assert.EndsWith("…", shortened);
        Assert.StartsWith(shortened.TrimEnd('…'), description);
    }

    [Fact]
    public void Without_a_description_the_title_or_name_stands_in()
    {
        using var titled = JsonDocument.Parse(Build("weather", title: "Weather", description: null).Card!.Json);
        Assert.Equal("Weather", titled.RootElement.GetProperty("description").GetString());
        using var bare = JsonDocument.Parse(Build("weather", description: null).Card!.Json);
        Assert.Equal("weather", bare.RootElement.GetProperty("description").GetString());
    }

    [Fact]
    public void Remotes_list_every_revision_served_over_http()
    {
        var (card, _) = Build("weather", remotes: ["https://mcp.contoso.com/mcp"]);
        using var document = JsonDocument.Parse(card!.Json);
        var remote = document.RootElement.GetProperty("remotes")[0];
        Assert.Equal("streamable-http", remote.GetProperty("type").GetString());
        Assert.Equal<IEnumerable<string>>(ServerCardBuilder.HttpProtocolVersions, System.Linq.Enumerable.Select(remote.GetProperty("supportedProtocolVersions").EnumerateArray(), v => v.GetString()!));
    }

    [Fact]
    public void The_etag_changes_with_the_content_and_is_deterministic()
    {
        var a = Build("weather").Card!;
        var again = Build("weather").Card!;
        var b = Build("weather", title: "Weather").Card!;
        Assert.Equal(a.ETag, again.ETag);
        Assert.NotEqual(a.ETag, b.ETag);
        Assert.Matches("^\"[0-9a-f]{32}\"$", a.ETag);
    }
}
