using Microsoft.CodeAnalysis;

namespace McpGen.SourceGeneration.Model;

/// <summary>A diagnostic to report, by descriptor id, with its message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic(Compilation compilation) =>
        Diagnostic.Create(Diagnostics.DiagnosticDescriptors.ById(Id), Location?.ToLocation(compilation), messageArgs: [.. Arguments]);
}
