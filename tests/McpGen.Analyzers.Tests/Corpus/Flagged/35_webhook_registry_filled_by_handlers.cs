using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace CiBot
{
    /// <summary>Which repositories have a webhook: a lookup set, but handlers add to it.</summary>
    public static class WebhookRegistry
    {
        private static readonly HashSet<string> s_hooked = new(StringComparer.OrdinalIgnoreCase); // expect: MCPG5006
        private static readonly string[] s_supportedEvents = ["push", "pull_request", "release"];

        public static bool IsSupported(string eventName) => Array.IndexOf(s_supportedEvents, eventName) >= 0;

        public static bool Register(string repository) => s_hooked.Add(repository);

        public static bool IsRegistered(string repository) => s_hooked.Contains(repository);
    }

    public static class WebhookTools
    {
        /// <summary>Registers the CI webhook for a repository.</summary>
        [McpTool]
        public static string Register(string repository, string eventName)
        {
            if (!WebhookRegistry.IsSupported(eventName))
            {
                return $"Unsupported event '{eventName}'.";
            }

            return WebhookRegistry.Register(repository) ? "Registered." : "Already registered.";
        }

        /// <summary>Tells whether a repository has the CI webhook.</summary>
        [McpTool]
        public static bool IsRegistered(string repository) => WebhookRegistry.IsRegistered(repository);
    }
}
