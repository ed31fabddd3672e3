namespace McpGen.SourceGeneration.Model;

/// <summary>The result of parsing one attributed declaration: the spec, or only the reasons it cannot be one.</summary>
internal sealed record ParseResult<T>(T? Value, EquatableArray<DiagnosticInfo> Diagnostics)
    where T : class;
