using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using McpGen;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Reads <see cref="McpServerOptions"/> from configuration: <c>appsettings.json</c>, environment variables, the command line.</summary>
public static class McpServerOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Sets <see cref="McpServerOptions"/> from <paramref name="configuration"/>, usually
    /// <c>builder.Configuration.GetSection("McpGen")</c>, for every transport. Keys are the option names
    /// (<c>PageSize</c>, <c>RequestState:Keys</c>, <c>Tasks:LeaseDuration</c>, …); time spans are written
    /// <c>hh:mm:ss</c>; request-state keys are base64. The section is read when the server starts, without reflection,
    /// so it works under Native AOT; a value that does not parse fails the start naming its key. Code that configures
    /// the options too (<c>Configure&lt;McpServerOptions&gt;</c>) runs in registration order with it.
    /// </summary>
    /// <remarks>
    /// <code>
    /// builder.Services.ConfigureMcpServer(builder.Configuration.GetSection("McpGen"));
    /// // McpGen__RequestState__Keys__0=$(openssl rand -base64 32)  McpGen__Tasks__LeaseDuration=00:00:10
    /// </code>
    /// </remarks>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection ConfigureMcpServer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions();
        services.AddSingleton<IConfigureOptions<McpServerOptions>>(new McpServerOptionsFromConfiguration(configuration));
        return services;
    }
}

/// <summary>Applies a configuration section to <see cref="McpServerOptions"/>, key by key, with errors that name the key.</summary>
internal sealed class McpServerOptionsFromConfiguration(IConfiguration configuration) : IConfigureOptions<McpServerOptions>
{
    public void Configure(McpServerOptions options)
    {
        Int("PageSize", v => options.PageSize = v);
        Int("MaxMessageBytes", v => options.MaxMessageBytes = v);
        Time("ListTimeToLive", v => options.ListTimeToLive = v);
        Enum("ListCacheScope", v => options.ListCacheScope = v, McpCacheScope.Unspecified);
        Time("ResourceTimeToLive", v => options.ResourceTimeToLive = v);
        Enum("ResourceCacheScope", v => options.ResourceCacheScope = v, McpCacheScope.Unspecified);
        Time("ClientRequestTimeout", v => options.ClientRequestTimeout = v);
        Enum<Microsoft.Extensions.Logging.LogLevel>("LegacyClientLogLevel", v => options.LegacyClientLogLevel = v);

        Time("RequestState:Lifetime", v => options.RequestState.Lifetime = v);
        foreach (var (path, value) in Keys("RequestState:Keys"))
        {
            try
            {
                options.RequestState.Keys.Add(Convert.FromBase64String(value));
            }
            catch (FormatException)
            {
                throw Invalid(path, value, "a base64 key (make one with: openssl rand -base64 32)");
            }
        }

        Time("Tasks:TimeToLive", v => options.Tasks.TimeToLive = v);
        Time("Tasks:PollInterval", v => options.Tasks.PollInterval = v);
        Time("Tasks:Timeout", v => options.Tasks.Timeout = v);
        Time("Tasks:LeaseDuration", v => options.Tasks.LeaseDuration = v);
        Int("Tasks:MaxAttempts", v => options.Tasks.MaxAttempts = v);
    }

    /// <summary>The keys: the section's children in order, or the section's own value when it holds just one.</summary>
    private IEnumerable<(string Path, string Value)> Keys(string key)
    {
        var section = configuration.GetSection(key);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            yield return (section.Path, section.Value.Trim());
        }

        foreach (var child in section.GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(child.Value))
            {
                yield return (child.Path, child.Value.Trim());
            }
        }
    }

    private void Int(string key, Action<int> set)
    {
        if (Value(key) is { } value)
        {
            set(int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) ? parsed : throw Invalid(PathOf(key), value, "an integer"));
        }
    }

    private void Time(string key, Action<TimeSpan> set)
    {
        if (Value(key) is { } value)
        {
            set(TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed >= TimeSpan.Zero
                ? parsed
                : throw Invalid(PathOf(key), value, "a time span such as 00:00:30"));
        }
    }

    private void Enum<TEnum>(string key, Action<TEnum> set, params TEnum[] excluded)
        where TEnum : struct, Enum
    {
        if (Value(key) is { } value)
        {
            // Names only: a number would bind whatever member has that value.
            bool parsed = !char.IsAsciiDigit(value[0]) && value[0] != '-' && System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var member)
                && System.Enum.IsDefined(member) && Array.IndexOf(excluded, member) < 0;
            if (!parsed)
            {
                var names = System.Enum.GetValues<TEnum>().Where(m => Array.IndexOf(excluded, m) < 0).Select(m => m.ToString());
                throw Invalid(PathOf(key), value, "one of " + string.Join(", ", names));
            }

            set(System.Enum.Parse<TEnum>(value, ignoreCase: true));
        }
    }

    private string? Value(string key) => configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static InvalidOperationException Invalid(string path, string value, string expected) =>
        new($"Configuration '{path}' is '{value}', not {expected}.");

    /// <summary>The full configuration path of <paramref name="key"/>, as the user wrote it.</summary>
    private string PathOf(string key) => configuration is IConfigurationSection { Path.Length: > 0 } section ? section.Path + ":" + key : key;
}
