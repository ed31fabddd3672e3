using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public sealed record ChatMessage(string Author, string Text);
public sealed record CompletionReply(string Text);

public sealed class SummaryTools(HttpClient http)
{
    /// <summary>Summarizes a chat thread in three bullet points.</summary>
    /// <param name="messages">The thread, oldest first.</param>
    [McpTool(ReadOnly = true)]
    public async Task<string> SummarizeThread(IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken)
    {
        string transcript = string.Join("\n", messages.Select(m => $"{m.Author}: {m.Text}"));
        using var response = await http.PostAsJsonAsync(
            "https://llm.example.com/v1/complete",
            new { prompt = "Summarize in three bullets:\n" + transcript },
            CancellationToken.None); // expect: MCPG6021
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<CompletionReply>(cancellationToken);
        return reply?.Text ?? "";
    }

    /// <summary>Translates the last message of a thread.</summary>
    /// <param name="text">Text to translate.</param>
    /// <param name="language">Target language code.</param>
    [McpTool(ReadOnly = true)]
    public async Task<string> Translate(string text, string language, McpToolCall call)
    {
        var reply = await http.GetFromJsonAsync<CompletionReply>(
            $"https://llm.example.com/v1/translate?to={language}&q={Uri.EscapeDataString(text)}", default); // expect: MCPG6021
        return reply?.Text ?? text;
    }
}
