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
        var read = new McpConfigurationReader(configuration);
        read.Int("PageSize", v => options.PageSize = v);
        read.Int("MaxMessageBytes", v => options.MaxMessageBytes = v);
        read.Int("MaxResourceSubscriptions", v => options.MaxResourceSubscriptions = v);
        read.Int("MaxResourceUriLength", v => options.MaxResourceUriLength = v);
        read.Time("ListTimeToLive", v => options.ListTimeToLive = v);
        read.Enum("ListCacheScope", v => options.ListCacheScope = v, McpCacheScope.Unspecified);
        read.Time("ResourceTimeToLive", v => options.ResourceTimeToLive = v);
        read.Enum("ResourceCacheScope", v => options.ResourceCacheScope = v, McpCacheScope.Unspecified);
        read.Time("ClientRequestTimeout", v => options.ClientRequestTimeout = v);
        read.Enum<Microsoft.Extensions.Logging.LogLevel>("LegacyClientLogLevel", v => options.LegacyClientLogLevel = v);

        read.Time("RequestState:Lifetime", v => options.RequestState.Lifetime = v);
        foreach (var (path, value) in read.Values("RequestState:Keys"))
        {
            try
            {
                options.RequestState.Keys.Add(Convert.FromBase64String(value));
            }
            catch (FormatException)
            {
                throw McpConfigurationReader.Invalid(path, value, "a base64 key (make one with: openssl rand -base64 32)");
            }
        }

        read.Time("Tasks:TimeToLive", v => options.Tasks.TimeToLive = v);
        read.Time("Tasks:PollInterval", v => options.Tasks.PollInterval = v);
        read.Time("Tasks:Timeout", v => options.Tasks.Timeout = v);
        read.Time("Tasks:LeaseDuration", v => options.Tasks.LeaseDuration = v);
        read.Int("Tasks:MaxAttempts", v => options.Tasks.MaxAttempts = v);
        read.Int("Tasks:MaxActiveTasksPerCaller", v => options.Tasks.MaxActiveTasksPerCaller = v);
        read.Int("Tasks:MaxActiveTasks", v => options.Tasks.MaxActiveTasks = v);
        read.Int("Tasks:MaxFinishedTasksPerCaller", v => options.Tasks.MaxFinishedTasksPerCaller = v);
        read.Bool("Tasks:KeepCallerToken", v => options.Tasks.KeepCallerToken = v);
    }
}

/// <summary>
/// Reads typed values from a configuration section without reflection (so under Native AOT too); a value that does
/// not parse throws an error naming its full key, what it is, and what was expected.
/// </summary>
internal readonly struct McpConfigurationReader(IConfiguration configuration)
{
    /// <summary>The values of a list: the section's children in order, or the section's own value when it holds just one.</summary>
    public IEnumerable<(string Path, string Value)> Values(string key)
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

    public void Int(string key, Action<int> set)
    {
        if (Value(key) is { } value)
        {
            set(int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) ? parsed : throw Invalid(PathOf(key), value, "an integer"));
        }
    }

    public void Bool(string key, Action<bool> set)
    {
        if (Value(key) is { } value)
        {
            set(bool.TryParse(value, out bool parsed) ? parsed : throw Invalid(PathOf(key), value, "true or false"));
        }
    }

    public void Time(string key, Action<TimeSpan> set)
    {
        if (Value(key) is { } value)
        {
            set(TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed >= TimeSpan.Zero
                ? parsed
                : throw Invalid(PathOf(key), value, "a time span such as 00:00:30"));
        }
    }

    public void Enum<TEnum>(string key, Action<TEnum> set, params TEnum[] excluded)
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

    public static InvalidOperationException Invalid(string path, string value, string expected) =>
        new($"Configuration '{path}' is '{value}', not {expected}.");

    private string? Value(string key) => configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>The full configuration path of <paramref name="key"/>, as the user wrote it.</summary>
    private string PathOf(string key) => configuration is IConfigurationSection { Path.Length: > 0 } section ? section.Path + ":" + key : key;
}
