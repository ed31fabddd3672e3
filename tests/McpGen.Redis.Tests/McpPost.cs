using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace McpGen.Redis.Tests;

/// <summary>One 2026-07-28 request to an instance's <c>/mcp</c>, as a client with elicitation and the tasks extension sends it.</summary>
internal static class McpPost
{
    /// <summary>Sends the request and returns the whole JSON-RPC answer (<c>result</c> or <c>error</c>).</summary>
    public static async Task<JsonElement> SendAsync(WebApplication instance, string method, string @params, string name)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent($"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"{method}\",\"params\":{{{@params},\"_meta\":{{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{{\"elicitation\":{{}},\"extensions\":{{\"io.modelcontextprotocol/tasks\":{{}}}}}}}}}}}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", method);
        request.Headers.Add("Mcp-Name", name);
        using var response = await instance.GetTestClient().SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
