using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace Microsoft.Extensions.Caching.Memory
{
    public interface IMemoryCache
    {
        bool TryGetValue(object key, out object? value);
    }

    public static class CacheExtensions
    {
        public static TItem GetOrCreate<TItem>(this IMemoryCache cache, object key, Func<object, TItem> factory) => factory(key);
    }
}

namespace Mailing
{
    using Microsoft.Extensions.Caching.Memory;

    public sealed class CompiledTemplate(string source)
    {
        public string Render(string name) => source.Replace("{name}", name, StringComparison.Ordinal);
    }

    /// <summary>Renders mails from templates compiled once per instance: the same on every instance.</summary>
    public sealed class MailTools([McpProcessLocal("Compiled templates keyed by constant names: identical on every instance, cheap to rebuild.")] IMemoryCache templates)
    {
        private const string WelcomeSource = "Welcome aboard, {name}!";

        /// <summary>Renders the welcome mail for a new user.</summary>
        [McpTool]
        public string Welcome(string name) =>
            templates.GetOrCreate("welcome", _ => new CompiledTemplate(WelcomeSource)).Render(name);
    }
}
