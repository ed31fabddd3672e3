using System.Collections.Generic;
using System.Linq;

namespace McpGen.Conformance;

/// <summary>Resource fixtures (conformance scenarios resources-*, sep-2164-resource-not-found, caching).</summary>
public static class ConformanceResources
{
    /// <summary>A static text resource.</summary>
    [McpResource("test://static-text", Name = "static_text", MimeType = "text/plain", CacheScope = McpCacheScope.Public, TimeToLiveMs = 60_000)]
    public static string StaticText() => "This is the content of the static text resource.";

    /// <summary>A static binary resource: a 1×1 PNG.</summary>
    [McpResource("test://static-binary", Name = "static_binary", MimeType = "image/png", CacheScope = McpCacheScope.Public, TimeToLiveMs = 60_000)]
    public static byte[] StaticBinary() => Fixtures.Png;

    /// <summary>A resource clients may subscribe to.</summary>
    [McpResource("test://watched-resource", Name = "watched_resource")]
    public static string WatchedResource() => "This resource is watched for changes.";

    /// <summary>Data for an item, by id.</summary>
    /// <param name="id">The item id.</param>
    [McpResource("test://template/{id}/data", Name = "template_data")]
    public static TemplateData TemplateData(string id) => new(id, true, "Data for ID: " + id);

    /// <summary>Suggests item ids for the template.</summary>
    [McpCompletion(ResourceTemplate = "test://template/{id}/data", Argument = "id")]
    public static IEnumerable<string> CompleteId(string value) =>
        new[] { "123", "456", "789" }.Where(id => id.StartsWith(value, System.StringComparison.Ordinal));
}

/// <summary>What <c>test://template/{id}/data</c> returns.</summary>
public sealed record TemplateData(string Id, bool TemplateTest, string Data);
