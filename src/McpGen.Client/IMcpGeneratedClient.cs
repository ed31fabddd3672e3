using System.ComponentModel;

namespace McpGen.Client;

/// <summary>
/// Implemented by the generator on every <see cref="McpClientAttribute"/> interface, so typed clients are created
/// without reflection and only for interfaces it implemented: <see cref="McpClient.Create{T}(System.Uri, McpClientOptions?)"/>
/// and <c>AddMcpClient&lt;T&gt;</c> do not compile for any other type.
/// </summary>
/// <typeparam name="TSelf">The <see cref="McpClientAttribute"/> interface.</typeparam>
public interface IMcpGeneratedClient<TSelf>
    where TSelf : class, IMcpGeneratedClient<TSelf>
{
    /// <summary>Creates the generated implementation over <paramref name="client"/>.</summary>
    /// <param name="client">The untyped client every call goes through.</param>
    /// <param name="ownsClient">Whether disposing the typed client disposes <paramref name="client"/>.</param>
    /// <returns>The typed client; it implements <see cref="System.IAsyncDisposable"/> and <see cref="System.IDisposable"/>.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract TSelf Create(McpClient client, bool ownsClient);
}
