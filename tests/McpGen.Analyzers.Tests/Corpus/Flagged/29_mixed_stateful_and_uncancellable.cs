using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public sealed class CrawlTools
{
    private static readonly HashSet<string> s_seen = new(); // expect: MCPG5001
    private static readonly System.Net.Http.HttpClient s_http = new();
    private int _pages; // expect: MCPG5002

    /// <summary>Crawls a page once.</summary>
    [McpTool]
    public async Task<int> Crawl(string url, CancellationToken cancellationToken)
    {
        if (!s_seen.Add(url)) { return 0; }
        string html = await s_http.GetStringAsync(url); // expect: MCPG6002
        _pages++;
        return html.Length + _pages;
    }
}
