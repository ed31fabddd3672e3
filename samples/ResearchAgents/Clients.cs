using System.Threading;
using System.Threading.Tasks;
using McpGen.Client;

namespace McpGen.Samples.ResearchAgents;

// The research agent's view of its peers: typed clients the generator implements. Called from research's task run,
// each call becomes a link of the research task (docs/delegation.md).

/// <summary>The search agent, as research calls it.</summary>
[McpClient]
public partial interface ISearchAgent
{
    /// <summary>Finds sources for a question; safe to send again.</summary>
    [McpRemoteTool(Idempotent = true)]
    Task<SearchResult> FindAsync(string question, CancellationToken cancellationToken = default);
}

/// <summary>The summarize agent, as research calls it.</summary>
[McpClient]
public partial interface ISummaryAgent
{
    /// <summary>Summarizes the sources; safe to send again.</summary>
    [McpRemoteTool(Idempotent = true)]
    Task<Summary> SummarizeAsync(Hit[] hits, CancellationToken cancellationToken = default);
}

/// <summary>The cite agent, as research calls it.</summary>
[McpClient]
public partial interface ICiteAgent
{
    /// <summary>Registers citations: a side effect, never sent twice.</summary>
    [McpRemoteTool]
    Task<Citations> CiteAsync(string summary, string[] sources, CancellationToken cancellationToken = default);
}
