using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using McpGen;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers McpGen servers with a .NET Generic Host.</summary>
public static class McpStdioServiceCollectionExtensions
{
    /// <summary>
    /// Serves <typeparamref name="TServer"/> over stdin and stdout while the host runs, and stops the application when
    /// the client closes stdin. Tool classes and tool parameters resolve from the host's services, one scope per call.
    /// </summary>
    /// <remarks>
    /// stdout carries only MCP messages: send logs to stderr, e.g.
    /// <c>builder.Logging.AddConsole(o =&gt; o.LogToStandardErrorThreshold = LogLevel.Trace)</c>.
    /// <code>
    /// var builder = Host.CreateApplicationBuilder(args);
    /// builder.Services.AddSingleton&lt;IForecastClient, ForecastClient&gt;();
    /// builder.Services.AddMcpStdioServer&lt;WeatherServer&gt;();
    /// await builder.Build().RunAsync();
    /// </code>
    /// </remarks>
    /// <typeparam name="TServer">The <see cref="McpServerAttribute"/> class.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">
    /// Adjusts the <see cref="McpServerOptions"/>; optional. <c>services.Configure&lt;McpServerOptions&gt;(…)</c> works
    /// too, as for Streamable HTTP.
    /// </param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddMcpStdioServer<TServer>(this IServiceCollection services, Action<McpServerOptions>? configure = null)
        where TServer : IMcpServer
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<StdioStreams>();
        services.AddHostedService(sp => new McpStdioHostedService(
            TServer.Definition,
            sp,
            McpServerOptions.FromServices(sp) ?? new McpServerOptions(),
            sp.GetRequiredService<StdioStreams>(),
            sp.GetRequiredService<IHostApplicationLifetime>()));
        return services;
    }
}

/// <summary>The streams the hosted stdio server reads and writes; the process's own unless replaced (tests).</summary>
internal class StdioStreams
{
    public virtual Stream OpenInput() => Console.OpenStandardInput();

    public virtual Stream OpenOutput() => StandardOutput.Open();
}

/// <summary>Runs the stdio host inside a Generic Host; the end of stdin ends the application.</summary>
internal sealed class McpStdioHostedService(
    McpServerDefinition definition,
    IServiceProvider services,
    McpServerOptions options,
    StdioStreams streams,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Leave the host's start-up path at once: serving runs for the life of the application.
        await Task.Yield();
        await using var input = streams.OpenInput();
        await using var output = streams.OpenOutput();
        // The host stopping (SIGTERM, Ctrl+C) ends reading as closing stdin would: requests in flight get their moment to finish.
        var processor = new McpRequestProcessor(definition, services, options);

        // Listens end as soon as the application starts stopping, and it exits only once running tasks are handed back.
        McpHostLifetime.Attach(processor, lifetime);
        await McpStdioHost.RunAsync(processor, input, output, stopReading: stoppingToken, CancellationToken.None).ConfigureAwait(false);
        lifetime.StopApplication();
    }
}
