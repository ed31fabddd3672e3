namespace McpGen.SourceGeneration.Model;

/// <summary>A resource's or resource listing's <c>McpCacheScope</c>, with the same numeric values.</summary>
internal enum CacheScope
{
    /// <summary>Not set on the attribute.</summary>
    Unspecified = 0,

    Public = 1,

    Private = 2,
}
