using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

namespace System.Runtime.Caching
{
    public class MemoryCache
    {
        public static MemoryCache Default { get; } = new();
        public object? Get(string key, string? regionName = null) => null;
        public void Set(string key, object value, DateTimeOffset absoluteExpiration, string? regionName = null) { }
    }
}

namespace ChatSummaries
{
    public interface ISummarizer
    {
        Task<string> SummarizeAsync(string transcript, CancellationToken cancellationToken);
    }

    public sealed class SummaryTools(ISummarizer summarizer)
    {
        private static readonly System.Runtime.Caching.MemoryCache s_summaries = new(); // expect: MCPG5005

        /// <summary>Summarizes the user's conversation and remembers the summary for follow-up questions.</summary>
        [McpTool]
        public async Task<string> Summarize(string userId, string transcript, CancellationToken cancellationToken)
        {
            string summary = await summarizer.SummarizeAsync(transcript, cancellationToken);
            s_summaries.Set("summary/" + userId, summary, DateTimeOffset.UtcNow.AddHours(1)); // expect: MCPG5021
            return summary;
        }

        /// <summary>Returns the last summary made for the user.</summary>
        [McpTool]
        public string LastSummary(string userId) => s_summaries.Get("summary/" + userId) as string ?? "No summary yet.";
    }
}
