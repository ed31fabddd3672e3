using System;
using System.Net.Http;
using McpGen.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers typed MCP clients with dependency injection.</summary>
public static class McpClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="T"/>, an <see cref="McpClientAttribute"/> interface, as a singleton that calls the
    /// server at <paramref name="endpoint"/> over Streamable HTTP. Each request takes its <see cref="HttpClient"/> from
    /// <see cref="IHttpClientFactory"/> (named after <typeparamref name="T"/>), so the returned builder adds handlers
    /// (authentication, resilience, logging) and handler rotation works while the client and its discover cache live
    /// as long as the application. The options are named options of the same name, so they can also be configured later
    /// with <c>services.Configure&lt;McpClientOptions&gt;(name, …)</c>.
    /// </summary>
    /// <typeparam name="T">The <see cref="McpClientAttribute"/> interface.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="endpoint">The server's MCP endpoint, e.g. <c>https://helpdesk.example/mcp</c>.</param>
    /// <param name="configure">Configures the client's options (client info, input handlers, protocol version).</param>
    /// <returns>The builder of the named <see cref="HttpClient"/> the client sends through.</returns>
    public static IHttpClientBuilder AddMcpClient<T>(this IServiceCollection services, Uri endpoint, Action<McpClientOptions>? configure = null)
        where T : class, IMcpGeneratedClient<T>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(endpoint);
        string name = ClientName<T>();
        var optionsBuilder = services.AddOptions<McpClientOptions>(name);
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        // As McpClient.Create(Uri) configures its own client: no overall timeout (calls end with their tokens), no
        // redirects of POSTs, no cookies. Handlers the caller configures afterwards win.
        var http = services.AddHttpClient(name)
            .ConfigureHttpClient(static client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        services.TryAddSingleton<T>(provider =>
        {
            var factory = provider.GetRequiredService<IHttpClientFactory>();
            var options = provider.GetRequiredService<IOptionsMonitor<McpClientOptions>>().Get(name);
            options.LoggerFactory ??= provider.GetService<ILoggerFactory>();
            var client = McpClient.Create(new McpHttpClientTransport(() => factory.CreateClient(name), endpoint), options);
            return T.Create(client, ownsClient: true);
        });

        // A task cancelled between runs cancels its children through the client registered for their server.
        services.AddSingleton(new McpClientRegistration(name, endpoint));
        services.TryAddSingleton<McpGen.IMcpChildTaskCanceller, McpRegisteredClientCanceller>();
        return http;
    }

    /// <summary>The name of <typeparamref name="T"/>'s <see cref="HttpClient"/> and options.</summary>
    /// <typeparam name="T">The <see cref="McpClientAttribute"/> interface.</typeparam>
    /// <returns>The name, <c>McpGen.Client:</c> and the interface's full name.</returns>
    public static string ClientName<T>()
        where T : class, IMcpGeneratedClient<T> =>
        "McpGen.Client:" + typeof(T).FullName;

    /// <summary>
    /// Adds the standard resilience handler (rate limiter, timeouts, retry, circuit breaker) with retries limited to
    /// what MCP allows: a <c>tools/call</c> of a tool that may have side effects is never sent twice, whatever failed.
    /// </summary>
    /// <param name="builder">The client's <see cref="HttpClient"/> builder, e.g. from <c>AddMcpClient&lt;T&gt;</c>.</param>
    /// <param name="configure">Adjusts the standard options (the retry predicate keeps MCP's rule on top of yours).</param>
    /// <returns>The resilience pipeline builder.</returns>
    public static IHttpStandardResiliencePipelineBuilder AddMcpResilienceHandler(this IHttpClientBuilder builder, Action<HttpStandardResilienceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStandardResilienceHandler(options =>
        {
            configure?.Invoke(options);
            var transient = options.Retry.ShouldHandle;
            options.Retry.ShouldHandle = async args =>
                args.Context.GetRequestMessage() is { } request && McpRetry.IsRetryable(request) && await transient(args).ConfigureAwait(false);
        });
    }
}
