using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace McpGen.IntegrationTests;

/// <summary>
/// The samples their READMEs describe, run as real processes and used the way the READMEs say. (QuickStart,
/// HttpQuickStart, SdkBridge and ConformanceServer are run by the stdio, HTTP and Native AOT tests; ScaleOutServer by
/// <see cref="ScaleOutTests"/>.)
/// </summary>
public sealed class SampleTests
{
    private const string HelpDeskCapabilities = "{\"elicitation\":{\"form\":{}},\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";

    private static async Task<JsonElement> ResultAsync(HttpServerProcess server, string method, string @params, string? name, string capabilities = HelpDeskCapabilities)
    {
        using var response = await server.SendAsync(method, @params, name, clientCapabilities: capabilities);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {name}: {(int)response.StatusCode} {body}");
        var root = JsonDocument.Parse(body).RootElement.Clone();
        Assert.True(root.TryGetProperty("result", out var result), body);
        return result;
    }

    private static Task<JsonElement> CallAsync(HttpServerProcess server, string tool, string arguments, string? extra = null, string capabilities = HelpDeskCapabilities) =>
        ResultAsync(server, "tools/call", $"\"name\":\"{tool}\",\"arguments\":{arguments}{extra}", tool, capabilities);

    [Fact]
    public async Task Help_desk_serves_its_tools_template_prompt_completions_input_round_and_task()
    {
        await using var server = await HttpServerProcess.StartAsync("dotnet", Repo.SampleDll("HelpDesk"));

        var tools = await ResultAsync(server, "tools/list", "\"cursor\":null", null);
        Assert.Equal(
            ["assign_ticket", "close_ticket", "export_tickets", "open_ticket", "search_tickets"],
            tools.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray());

        // open_ticket validates its arguments and returns the ticket as structured content.
        var invalid = await CallAsync(server, "open_ticket", "{\"title\":\"x\",\"description\":\"d\",\"requester\":\"not-an-address\"}");
        Assert.True(invalid.GetProperty("isError").GetBoolean());
        Assert.Contains("Argument 'title'", invalid.GetProperty("content")[0].GetProperty("text").GetString());
        var opened = await CallAsync(server, "open_ticket", "{\"title\":\"Laptop will not boot\",\"description\":\"Black screen after the BIOS logo.\",\"requester\":\"kim@contoso.com\",\"priority\":\"High\"}");
        int id = opened.GetProperty("structuredContent").GetProperty("id").GetInt32();
        Assert.Equal("Open", opened.GetProperty("structuredContent").GetProperty("status").GetString());

        // search_tickets finds it by words, filters by priority, and counts what matched.
        var search = await CallAsync(server, "search_tickets", "{\"text\":\"laptop BOOT\",\"priority\":\"High\"}");
        Assert.Equal(1, search.GetProperty("structuredContent").GetProperty("total").GetInt32());
        Assert.Equal(id, search.GetProperty("structuredContent").GetProperty("tickets")[0].GetProperty("id").GetInt32());

        // The ticket through the resource template, and its id completed.
        var read = await ResultAsync(server, "resources/read", $"\"uri\":\"tickets://{id}\"", $"tickets://{id}");
        using (var ticket = JsonDocument.Parse(read.GetProperty("contents")[0].GetProperty("text").GetString()!))
        {
            Assert.Equal("kim@contoso.com", ticket.RootElement.GetProperty("requester").GetString());
        }

        var missing = await server.PostAsync("resources/read", "\"uri\":\"tickets://999\"", "tickets://999");
        Assert.Contains("-32602", missing.Body);
        var completion = await ResultAsync(server, "completion/complete", "\"ref\":{\"type\":\"ref/resource\",\"uri\":\"tickets://{id}\"},\"argument\":{\"name\":\"id\",\"value\":\"\"}", null);
        Assert.Contains(id.ToString(System.Globalization.CultureInfo.InvariantCulture), completion.GetProperty("completion").GetProperty("values").EnumerateArray().Select(v => v.GetString()));

        // assign_ticket, then the prompt drafts a reply from the stored ticket.
        var assigned = await CallAsync(server, "assign_ticket", $"{{\"id\":{id},\"assignee\":\"sam\"}}");
        Assert.Equal("sam", assigned.GetProperty("structuredContent").GetProperty("assignee").GetString());
        var prompt = await ResultAsync(server, "prompts/get", $"\"name\":\"draft_reply\",\"arguments\":{{\"ticketId\":\"{id}\",\"tone\":\"formal\"}}", "draft_reply");
        Assert.Contains("formal reply to kim@contoso.com", prompt.GetProperty("messages")[0].GetProperty("content").GetProperty("text").GetString());

        // close_ticket asks the user to confirm (input_required with a sealed requestState), then closes on the retry.
        var round = await CallAsync(server, "close_ticket", $"{{\"id\":{id},\"resolution\":\"Replaced the disk.\"}}");
        Assert.Equal("input_required", round.GetProperty("resultType").GetString());
        Assert.Equal("elicitation/create", round.GetProperty("inputRequests").GetProperty("confirm").GetProperty("method").GetString());
        string state = round.GetProperty("requestState").GetString()!;
        var closed = await CallAsync(server, "close_ticket", $"{{\"id\":{id},\"resolution\":\"Replaced the disk.\"}}",
            $",\"requestState\":\"{state}\",\"inputResponses\":{{\"confirm\":{{\"action\":\"accept\",\"content\":{{\"confirm\":true,\"notifyRequester\":false}}}}}}");
        Assert.Equal($"Ticket {id} closed.", closed.GetProperty("content")[0].GetProperty("text").GetString());
        var closedSearch = await CallAsync(server, "search_tickets", "{\"status\":\"Closed\"}");
        Assert.Equal(id, closedSearch.GetProperty("structuredContent").GetProperty("tickets")[0].GetProperty("id").GetInt32());

        // export_tickets is a task for a client with the extension; polled until it completes.
        var task = await CallAsync(server, "export_tickets", "{\"format\":\"Markdown\",\"delayPerTicketMs\":50}");
        Assert.Equal("task", task.GetProperty("resultType").GetString());
        var polled = await server.PollTaskAsync(task.GetProperty("taskId").GetString()!, HelpDeskCapabilities);
        Assert.Equal("completed", polled.GetProperty("status").GetString());
        string report = polled.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString()!;
        Assert.StartsWith("| # | Priority |", report);
        Assert.Contains($"| {id} | High | Closed | sam | Laptop will not boot |", report);

        // Without the extension the same tool answers at once.
        var direct = await CallAsync(server, "export_tickets", "{}", capabilities: "{}");
        Assert.StartsWith("id,priority,status,assignee,title", direct.GetProperty("content")[0].GetProperty("text").GetString());

        using var health = await server.Client.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Secure_server_challenges_without_a_token_and_enforces_scopes_with_the_printed_development_tokens()
    {
        await using var server = await HttpServerProcess.StartAsync("dotnet", Repo.SampleDll("SecureHttpServer"));
        string reader = await TokenAsync(server, "reader");
        string writer = await TokenAsync(server, "writer");

        using (var anonymous = await server.SendAsync("tools/list", "\"cursor\":null"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Contains("resource_metadata=", anonymous.Headers.WwwAuthenticate.ToString());
        }

        using (var metadata = await server.Client.GetAsync(".well-known/oauth-protected-resource/mcp"))
        {
            Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
            using var document = JsonDocument.Parse(await metadata.Content.ReadAsStringAsync());
            Assert.Equal("http://127.0.0.1:5100/mcp", document.RootElement.GetProperty("resource").GetString());
            Assert.Contains("notes:write", document.RootElement.GetProperty("scopes_supported").EnumerateArray().Select(s => s.GetString()));
        }

        // The reader sees the reading tools only; writing is 403 insufficient_scope naming the scope.
        using (var list = await server.SendAsync("tools/list", "\"cursor\":null", bearerToken: reader))
        {
            string body = await list.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            Assert.Contains("\"read_note\"", body);
            Assert.DoesNotContain("\"write_note\"", body);
        }

        const string Write = "\"name\":\"write_note\",\"arguments\":{\"title\":\"plan\",\"text\":\"ship it\"}";
        using (var denied = await server.SendAsync("tools/call", Write, "write_note", bearerToken: reader))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Contains("insufficient_scope", denied.Headers.WwwAuthenticate.ToString());
            Assert.Contains("notes:write", denied.Headers.WwwAuthenticate.ToString());
        }

        using (var written = await server.SendAsync("tools/call", Write, "write_note", bearerToken: writer))
        {
            Assert.Equal(HttpStatusCode.OK, written.StatusCode);
            Assert.Contains("Saved 'plan' (7 characters) for writer.", await written.Content.ReadAsStringAsync());
        }
    }

    /// <summary>The development token the sample prints at start-up for <paramref name="role"/>.</summary>
    private static async Task<string> TokenAsync(HttpServerProcess server, string role)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            string? line = server.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(role + ": ", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(role.Length + 2)..];
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The sample printed no {role} token:\n{server.Output}");
    }

    [Fact]
    public async Task Tasks_on_redis_walkthrough_runs_to_the_end_as_its_readme_shows()
    {
        var environment = new Dictionary<string, string>
        {
            ["NO_BUILD"] = "1",                       // built by this project's reference to ScaleOutServer
            ["CONFIGURATION"] = Repo.Configuration,
            ["REDIS_PORT"] = HttpServerProcess.FreeLoopbackPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["A_PORT"] = HttpServerProcess.FreeLoopbackPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["B_PORT"] = HttpServerProcess.FreeLoopbackPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var (exitCode, output) = await Command.RunAsync("bash", Repo.Root, TimeSpan.FromMinutes(3), environment,
            Path.Combine("samples", "TasksOnRedis", "walkthrough.sh"));

        Assert.True(exitCode == 0, output);
        string[] steps = ["== 1.", "== 2.", "== 3.", "== 4.", "== done"];
        Assert.All(steps, step => Assert.Contains(step, output));
        string afterKill = output[output.IndexOf("== 3.", StringComparison.Ordinal)..output.IndexOf("== 4.", StringComparison.Ordinal)];
        Assert.Contains("\"status\":\"completed\"", afterKill);
        Assert.Contains("Index rebuilt in 4 s.", afterKill);
        Assert.Contains("\"status\":\"cancelled\"", output[output.IndexOf("== 4.", StringComparison.Ordinal)..]);
    }
}
