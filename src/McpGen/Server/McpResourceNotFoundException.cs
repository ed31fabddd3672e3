using System;

namespace McpGen;

/// <summary>
/// Thrown by a resource handler when the URI matched a template but names nothing that exists (e.g. a deleted note).
/// The client receives the protocol's resource-not-found error (<c>-32602</c> with <c>data.uri</c>; <c>-32002</c> for
/// clients of revisions before 2026-07-28), never empty contents.
/// </summary>
public sealed class McpResourceNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="uri">The URI that names nothing.</param>
    public McpResourceNotFoundException(string uri)
        : base($"Resource '{uri}' not found.") => Uri = uri;

    /// <summary>The URI that names nothing.</summary>
    public string Uri { get; }
}
