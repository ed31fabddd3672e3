using System;
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

    /// <summary>Starts a task of the test server's task tools (<c>charge</c>, <c>tally</c>) and returns its id.</summary>
    public static async Task<string> StartTaskAsync(WebApplication instance, string tool, string label, int milliseconds)
    {
        var answer = await SendAsync(instance, "tools/call", $"\"name\":\"{tool}\",\"arguments\":{{\"label\":\"{label}\",\"milliseconds\":{milliseconds}}}", tool);
        return answer.TryGetProperty("result", out var result) ? result.GetProperty("taskId").GetString()! : throw new InvalidOperationException("No task: " + answer);
    }

    /// <summary>Polls until the task is in a state <paramref name="done"/> accepts; answers that say the store is unavailable are polled through, as a client would.</summary>
    public static async Task<JsonElement> UntilAsync(WebApplication instance, string taskId, Func<JsonElement, bool> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await SendAsync(instance, "tasks/get", $"\"taskId\":\"{taskId}\"", taskId);
            if (last.TryGetProperty("result", out var task) && done(task))
            {
                return task;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Task {taskId} did not get there: {last}");
    }
}
