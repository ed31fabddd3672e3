using System.Linq;
using Microsoft.CodeAnalysis;

namespace McpGen.SourceGeneration.Model;

/// <summary>How to call an attributed method: its class, how that class is created, and its parameters.</summary>
internal sealed record MethodSpec(
    string ContainingTypeName,
    string ContainingTypeKey,
    string MethodName,
    bool IsStatic,
    EquatableArray<string> ConstructorServices,
    bool IsDisposable,
    bool IsAsyncDisposable,
    EquatableArray<ParameterSpec> Parameters,
    LocationInfo? Location)
{
    /// <summary>Whether calls need services (and so a dependency-injection scope).</summary>
    public bool UsesServices =>
        (!IsStatic && ConstructorServices.Count > 0)
        || Parameters.Any(p => p.Source is ParameterSource.Service or ParameterSource.ServiceProvider or ParameterSource.RequestContext);

    /// <summary>Whether user code receives the request's context (a <c>McpRequestContext</c> or <c>McpToolCall</c> parameter) and so could keep it.</summary>
    public bool SeesContext => Parameters.Any(p => p.Source is ParameterSource.RequestContext);

    /// <summary>Whether an instance is created and must be disposed after the call.</summary>
    public bool Disposes => !IsStatic && (IsDisposable || IsAsyncDisposable);

    /// <summary>OAuth scopes from <c>[McpScope]</c> on the method and its class, deduplicated, in declaration order.</summary>
    public EquatableArray<string> RequiredScopes { get; init; } = EquatableArray<string>.Empty;
}
