using System;

namespace McpGen.Internal;

/// <summary>The services of a server started without a service provider: none.</summary>
internal sealed class EmptyServiceProvider : IServiceProvider
{
    public static readonly EmptyServiceProvider Instance = new();

    public object? GetService(Type serviceType) => null;
}
