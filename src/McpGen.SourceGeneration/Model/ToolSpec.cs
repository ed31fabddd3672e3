namespace McpGen.SourceGeneration.Model;

/// <summary>Everything the emitter needs to serve one tool.</summary>
internal sealed record ToolSpec(
    string Name,
    string? Title,
    string? Description,
    MethodSpec Method,
    ReturnSpec Return,
    string InputSchema,
    string? OutputSchema,
    string? ReadOnlyHint,
    string? DestructiveHint,
    string? IdempotentHint,
    string? OpenWorldHint,
    EquatableArray<ObjectTypeSpec> Types)
{
    /// <summary>The attribute's <c>McpTaskSupport</c>.</summary>
    public TaskSupport TaskSupport { get; init; }

    /// <summary>Task policy from the attribute, in milliseconds or attempts; 0 where the server's options decide.</summary>
    public int TaskTimeToLiveMs { get; init; }

    public int TaskPollIntervalMs { get; init; }

    public int TaskMaxAttempts { get; init; }

    public int TaskTimeoutMs { get; init; }

    /// <summary>The method calls <c>RunAsTaskAsync</c> itself: the task starts there, not before the handler runs.</summary>
    public bool StartsTaskInHandler { get; init; }

    /// <summary>Arguments mirrored into <c>Mcp-Param-*</c> headers (<c>[McpHeader]</c>), in parameter order.</summary>
    public EquatableArray<HeaderParameterSpec> HeaderParameters { get; init; } = EquatableArray<HeaderParameterSpec>.Empty;
}
