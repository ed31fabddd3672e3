using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public interface IIssueTracker
{
    Task<IReadOnlyList<string>> SearchAsync(string query, CancellationToken cancellationToken);
}

public sealed class IssueTools
{
    private readonly IIssueTracker _tracker;

    public IssueTools(IIssueTracker tracker) => _tracker = tracker;

    /// <summary>Searches issues.</summary>
    [McpTool(ReadOnly = true)]
    public Task<IReadOnlyList<string>> Search(string query, CancellationToken cancellationToken) => _tracker.SearchAsync(query, cancellationToken);
}
