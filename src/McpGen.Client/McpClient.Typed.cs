using System;
using System.Net.Http;

namespace McpGen.Client;

// Typed clients: [McpClient] interfaces, implemented by the generator.
public sealed partial class McpClient
{
    /// <summary>Creates a typed client of the server at <paramref name="endpoint"/> over Streamable HTTP.</summary>
    /// <typeparam name="T">An <see cref="McpClientAttribute"/> interface.</typeparam>
    /// <param name="endpoint">The server's MCP endpoint, e.g. <c>https://example.com/mcp</c>.</param>
    /// <param name="options">How the client introduces itself and answers the server; defaults when null.</param>
    /// <returns>The typed client; dispose it (it is <see cref="IAsyncDisposable"/>) to release the connection.</returns>
    public static T Create<T>(Uri endpoint, McpClientOptions? options = null)
        where T : class, IMcpGeneratedClient<T> =>
        T.Create(Create(endpoint, options), ownsClient: true);

    /// <summary>Creates a typed client of the server at <paramref name="endpoint"/> through <paramref name="httpClient"/>.</summary>
    /// <typeparam name="T">An <see cref="McpClientAttribute"/> interface.</typeparam>
    /// <param name="httpClient">Sends the requests (not disposed by the client).</param>
    /// <param name="endpoint">The server's MCP endpoint.</param>
    /// <param name="options">How the client introduces itself and answers the server; defaults when null.</param>
    /// <returns>The typed client.</returns>
    public static T Create<T>(HttpClient httpClient, Uri endpoint, McpClientOptions? options = null)
        where T : class, IMcpGeneratedClient<T> =>
        T.Create(Create(httpClient, endpoint, options), ownsClient: true);

    /// <summary>Starts the server as a child process and creates a typed client that speaks to it over stdio.</summary>
    /// <typeparam name="T">An <see cref="McpClientAttribute"/> interface.</typeparam>
    /// <param name="server">The command to run.</param>
    /// <param name="options">How the client introduces itself and answers the server; defaults when null.</param>
    /// <returns>The typed client; dispose it to stop the process.</returns>
    public static T CreateStdio<T>(McpStdioServerOptions server, McpClientOptions? options = null)
        where T : class, IMcpGeneratedClient<T> =>
        T.Create(CreateStdio(server, options), ownsClient: true);

    /// <summary>A typed view of this client: its calls go through this client, which stays the caller's to dispose.</summary>
    /// <typeparam name="T">An <see cref="McpClientAttribute"/> interface.</typeparam>
    /// <returns>The typed client.</returns>
    public T As<T>()
        where T : class, IMcpGeneratedClient<T> =>
        T.Create(this, ownsClient: false);
}
