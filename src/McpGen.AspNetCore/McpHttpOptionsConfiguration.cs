using System;
using McpGen;
using McpGen.AspNetCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Reads <see cref="McpHttpOptions"/> from configuration: <c>appsettings.json</c>, environment variables, the command line.</summary>
public static class McpHttpOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Sets <see cref="McpHttpOptions"/> from <paramref name="configuration"/>, usually
    /// <c>builder.Configuration.GetSection("McpGen:Http")</c>: <c>AllowedOrigins</c> (a list, or one value),
    /// <c>ServeServerCard</c> (<c>true</c>/<c>false</c>), <c>KeepAliveInterval</c> (<c>hh:mm:ss</c>) and
    /// <c>MaxStreamBufferBytes</c> (an integer) and <c>DrainDelay</c> (<c>hh:mm:ss</c>). Read without reflection when <c>MapMcp</c> runs; a value that does not
    /// parse fails the start naming its key.
    /// </summary>
    /// <remarks>
    /// <code>
    /// builder.Services.ConfigureMcpHttp(builder.Configuration.GetSection("McpGen:Http"));
    /// // McpGen__Http__AllowedOrigins__0=https://app.example.com  McpGen__Http__KeepAliveInterval=00:00:10  McpGen__Http__DrainDelay=00:00:05
    /// </code>
    /// </remarks>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection ConfigureMcpHttp(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions();
        services.AddSingleton<IConfigureOptions<McpHttpOptions>>(new McpHttpOptionsFromConfiguration(configuration));
        return services;
    }
}

/// <summary>Applies a configuration section to <see cref="McpHttpOptions"/>.</summary>
internal sealed class McpHttpOptionsFromConfiguration(IConfiguration configuration) : IConfigureOptions<McpHttpOptions>
{
    public void Configure(McpHttpOptions options)
    {
        var read = new McpConfigurationReader(configuration);
        foreach (var (_, origin) in read.Values("AllowedOrigins"))
        {
            options.AllowedOrigins.Add(origin);
        }

        read.Bool("ServeServerCard", v => options.ServeServerCard = v);
        read.Time("KeepAliveInterval", v => options.KeepAliveInterval = v);
        read.Int("MaxStreamBufferBytes", v => options.MaxStreamBufferBytes = v);
        read.Time("DrainDelay", v => options.DrainDelay = v);
    }
}
