namespace McpGen.SourceGeneration.Model;

/// <summary>The completions one method serves (it may carry several <c>[McpCompletion]</c> attributes).</summary>
internal sealed record CompletionMethodSpec(EquatableArray<CompletionSpec> Completions);
