using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace McpGen.SourceGeneration.Model;

/// <summary>A source location without a reference to the syntax tree, so it can live in a cached model.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    /// <summary>The location in its syntax tree when the compilation still has it (so #pragma and the IDE work).</summary>
    public Location ToLocation(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.FilePath == FilePath && tree.Length >= Span.End)
            {
                return Location.Create(tree, Span);
            }
        }

        return ToLocation();
    }

    public static LocationInfo? From(Location? location) =>
        location?.SourceTree is null ? null : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
}
