namespace McpGen.SourceGeneration.Model;

internal sealed record ReturnSpec(ReturnKind Kind, bool IsAsync, TypeRefSpec? Type, bool WrapInResult);
