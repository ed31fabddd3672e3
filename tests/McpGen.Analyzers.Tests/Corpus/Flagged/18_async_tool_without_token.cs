using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class DownloadTools
{
    private static readonly System.Net.Http.HttpClient s_http = new();

    /// <summary>Downloads a page.</summary>
    [McpTool]
    public static async Task<int> Download(string url) // expect: MCPG6001
        => (await s_http.GetStringAsync(url)).Length;
}
