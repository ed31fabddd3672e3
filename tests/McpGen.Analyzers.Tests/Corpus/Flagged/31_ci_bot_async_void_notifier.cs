using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public sealed record BuildRequest(string Repository, string Branch);

public interface IBuildQueue
{
    Task<string> EnqueueAsync(BuildRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Posts build news to the team chat. Fire and forget, so the bot answers fast.</summary>
public sealed class ChatNotifier(HttpClient http)
{
    public async void Notify(string channel, string text)
    {
        await http.PostAsJsonAsync("https://chat.example.com/hooks/" + channel, new { text });
    }
}

public sealed class CiBotTools(IBuildQueue queue, ChatNotifier notifier)
{
    /// <summary>Starts a build of a branch and tells the team channel.</summary>
    /// <param name="repository">Repository, as owner/name.</param>
    /// <param name="branch">Branch to build.</param>
    [McpTool]
    public async Task<string> StartBuild(string repository, string branch, CancellationToken cancellationToken)
    {
        string buildId = await queue.EnqueueAsync(new BuildRequest(repository, branch), cancellationToken);
        notifier.Notify("builds", $"Build {buildId} of {repository}@{branch} queued"); // expect: MCPG6020
        return buildId;
    }

    /// <summary>Re-runs the given builds and tells each one's channel.</summary>
    /// <param name="buildIds">Builds to re-run.</param>
    [McpTool]
    public async Task<int> Rerun(string[] buildIds, CancellationToken cancellationToken)
    {
        await Task.Delay(10, cancellationToken);
        buildIds.ToList().ForEach(async id => // expect: MCPG6020
        {
            await queue.EnqueueAsync(new BuildRequest("rerun", id), cancellationToken);
        });
        LogRerun(buildIds.Length); // expect: MCPG6020
        return buildIds.Length;
    }

    private static async void LogRerun(int count)
    {
        await Task.Yield();
        Console.WriteLine($"re-ran {count} builds");
    }
}
