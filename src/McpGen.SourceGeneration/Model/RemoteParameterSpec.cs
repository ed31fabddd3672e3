namespace McpGen.SourceGeneration.Model;

/// <summary>A parameter of an <c>[McpClient]</c> method: an argument sent to the server, or the call's cancellation token.</summary>
/// <param name="Name">The C# parameter name.</param>
/// <param name="DeclaredType">The declared type, <c>global::</c>-qualified with its nullable annotations.</param>
/// <param name="WireName">The argument's name on the wire (<c>[McpRemoteArgument]</c>, else <see cref="Name"/>).</param>
/// <param name="Type">How the value is written; <see langword="null"/> for the cancellation token.</param>
internal sealed record RemoteParameterSpec(string Name, string DeclaredType, string WireName, TypeRefSpec? Type)
{
    /// <summary>Tools: the <c>Mcp-Param-*</c> header suffix the argument is mirrored into (<c>[McpHeader]</c>, or <c>x-mcp-header</c> when imported).</summary>
    public string? HeaderName { get; init; }

    public bool IsCancellationToken => Type is null;
}
