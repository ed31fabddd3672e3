namespace McpGen.SourceGeneration.Model;

/// <summary>A <c>[McpResourceList]</c> method.</summary>
internal sealed record ResourceListSpec(MethodSpec Method, long TimeToLiveMs, CacheScope CacheScope);
