namespace McpGen.SourceGeneration.Model;

/// <summary>One method of an <c>[McpClient]</c> interface: the remote tool, resource or prompt it calls.</summary>
/// <param name="Kind">What it calls.</param>
/// <param name="RemoteName">The tool or prompt name, or the resource's URI template.</param>
/// <param name="MethodName">The interface method.</param>
/// <param name="ReturnTypeName">The declared return type, <c>global::</c>-qualified with its nullable annotations.</param>
/// <param name="ReturnsValueTask">Whether it returns <c>ValueTask</c>/<c>ValueTask&lt;T&gt;</c> rather than a <c>Task</c>.</param>
/// <param name="Result">How the answer becomes the return value.</param>
/// <param name="ResultType">For <see cref="RemoteResultKind.Value"/>: the type read from the answer (the task's result type otherwise).</param>
/// <param name="Parameters">The method's parameters, in order.</param>
/// <param name="UriTemplate">For resources: the parsed URI template.</param>
internal sealed record RemoteCallSpec(
    RemoteKind Kind,
    string RemoteName,
    string MethodName,
    string ReturnTypeName,
    bool ReturnsValueTask,
    RemoteResultKind Result,
    TypeRefSpec? ResultType,
    string? ResultTypeName,
    EquatableArray<RemoteParameterSpec> Parameters,
    EquatableArray<TemplatePartSpec> UriTemplate)
{
    /// <summary>Tools: marked read-only or idempotent, so a resilience handler may send a call again.</summary>
    public bool Retryable { get; init; }
}
