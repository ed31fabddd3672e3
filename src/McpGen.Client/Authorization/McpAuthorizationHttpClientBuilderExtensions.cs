using System;
using McpGen.Client.Authorization;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds MCP client authorization to <c>IHttpClientFactory</c> clients.</summary>
public static class McpAuthorizationHttpClientBuilderExtensions
{
    /// <summary>
    /// Adds an <see cref="McpAuthorizationHandler"/> to the named client's pipeline. The options (with their token store
    /// and the client registrations made at authorization servers) are shared by every handler the factory creates, so
    /// rotating handlers neither signs the user in again nor registers the client again.
    /// </summary>
    /// <param name="builder">The client's builder, from <c>AddHttpClient</c> or <c>AddMcpClient</c>.</param>
    /// <param name="configure">Sets up the authorization.</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder AddMcpAuthorization(this IHttpClientBuilder builder, Action<McpClientAuthorizationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new McpClientAuthorizationOptions();
        configure(options);
        return builder.AddHttpMessageHandler(() => new McpAuthorizationHandler(options));
    }
}
