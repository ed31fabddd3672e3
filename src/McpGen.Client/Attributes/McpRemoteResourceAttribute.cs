using System;

namespace McpGen.Client;

/// <summary>
/// Implements the method as a <c>resources/read</c> of a URI or URI template: each template variable (<c>{id}</c>, or
/// <c>{+path}</c> to keep reserved characters) is the parameter of that name. The task's result is the contents:
/// <see cref="string"/> for text, <see cref="T:byte[]"/> for a blob, <c>ReadResourceResult</c> for everything, any other
/// type read from the JSON text.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class McpRemoteResourceAttribute : Attribute
{
    /// <summary>Reads <paramref name="uri"/>.</summary>
    /// <param name="uri">The resource's URI, or an RFC 6570 URI template, e.g. <c>tickets://{id}</c>.</param>
    public McpRemoteResourceAttribute(string uri) => Uri = uri;

    /// <summary>The resource's URI or URI template.</summary>
    public string Uri { get; }
}
