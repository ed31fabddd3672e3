using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class PageTools
{
    private static readonly System.Net.Http.HttpClient s_http = new();

    /// <summary>Gets a page after a pause.</summary>
    [McpTool]
    public static async Task<string> Get(string url, CancellationToken cancellationToken)
    {
        await Task.Delay(100); // expect: MCPG6002
        return await s_http.GetStringAsync(url); // expect: MCPG6002
    }
}
