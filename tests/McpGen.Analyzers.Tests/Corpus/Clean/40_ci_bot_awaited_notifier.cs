using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public interface IPipeline
{
    Task<string> TriggerAsync(string repository, string branch, CancellationToken cancellationToken = default);
}

/// <summary>Posts build news to the team chat.</summary>
public sealed class BuildNotifier(HttpClient http)
{
    public async Task NotifyAsync(string channel, string text, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("https://chat.example.com/hooks/" + channel, new { text }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}

public sealed class PipelineTools(IPipeline pipeline, BuildNotifier notifier)
{
    /// <summary>Triggers a pipeline run and tells the team channel.</summary>
    /// <param name="repository">Repository, as owner/name.</param>
    /// <param name="branch">Branch to build.</param>
    [McpTool]
    public async Task<string> Trigger(string repository, string branch, CancellationToken cancellationToken)
    {
        string runId = await pipeline.TriggerAsync(repository, branch, cancellationToken);
        await notifier.NotifyAsync("builds", $"Run {runId} of {repository}@{branch} started", cancellationToken);
        return runId;
    }

    /// <summary>Triggers the same branch in several repositories, four at a time.</summary>
    /// <param name="repositories">Repositories, as owner/name.</param>
    /// <param name="branch">Branch to build.</param>
    [McpTool]
    public async Task<int> TriggerMany(string[] repositories, string branch, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(repositories, options, async (repository, token) =>
        {
            await pipeline.TriggerAsync(repository, branch, token);
        });
        return repositories.Length;
    }
}
