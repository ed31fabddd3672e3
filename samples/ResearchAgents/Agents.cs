using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace McpGen.Samples.ResearchAgents;

// Four agents, one process each: research delegates to search, summarize and cite. Every agent's tools are task
// tools, so each hop of a question is a durable task in Redis, and research's run records each hop as a link of its
// own task (docs/delegation.md): an instance that dies mid-chain costs a lease, not the chain.

/// <summary>Answers a question by delegating to the search, summarize and cite agents.</summary>
[McpServer("research", Version = "1.0.0", Types = [typeof(ResearchTools)])]
public partial class ResearchServer;

/// <summary>Finds sources for a question.</summary>
[McpServer("search", Version = "1.0.0", Types = [typeof(SearchTools)])]
public partial class SearchServer;

/// <summary>Summarizes what sources say.</summary>
[McpServer("summarize", Version = "1.0.0", Types = [typeof(SummarizeTools)])]
public partial class SummarizeServer;

/// <summary>Registers citations for a summary.</summary>
[McpServer("cite", Version = "1.0.0", Types = [typeof(CiteTools)])]
public partial class CiteServer;

/// <summary>One source found for a question.</summary>
/// <param name="Title">The source's title.</param>
/// <param name="Url">Where it is.</param>
/// <param name="Snippet">What it says, in a sentence.</param>
public sealed record Hit(string Title, string Url, string Snippet);

/// <summary>What the search agent found.</summary>
/// <param name="Question">The question searched for.</param>
/// <param name="Hits">The sources, best first.</param>
public sealed record SearchResult(string Question, Hit[] Hits);

/// <summary>What the summarize agent made of the sources.</summary>
/// <param name="Text">The summary.</param>
/// <param name="Sources">The URLs the summary draws on.</param>
public sealed record Summary(string Text, string[] Sources);

/// <summary>The citations the cite agent registered.</summary>
/// <param name="RegistrationId">The registry's id of this set of citations.</param>
/// <param name="References">One formatted reference per source.</param>
public sealed record Citations(string RegistrationId, string[] References);

/// <summary>The research agent's answer.</summary>
/// <param name="Question">The question.</param>
/// <param name="Summary">What the sources say.</param>
/// <param name="References">Where it comes from.</param>
/// <param name="RegistrationId">The cite agent's registration of the references.</param>
public sealed record Report(string Question, string Summary, string[] References, string RegistrationId);

/// <summary>What every agent is configured with.</summary>
/// <param name="Name">Which agent this process is.</param>
/// <param name="Work">How long each tool pretends to work (<c>--Agents:WorkMs</c>).</param>
public sealed record AgentSettings(string Name, TimeSpan Work);

/// <summary>
/// Counts every run of every tool in Redis (<c>research-agents:runs:{tool}:{digest of the arguments}</c>), so anyone can
/// check with <c>redis-cli</c> (and the tests do) that a killed instance made no tool run twice.
/// </summary>
public sealed class RunCounter(IConnectionMultiplexer redis)
{
    /// <summary>The prefix of the counters' keys.</summary>
    public const string Prefix = "research-agents:runs:";

    /// <summary>Counts a run of <paramref name="tool"/> with <paramref name="arguments"/> (any stable text of them).</summary>
    public async Task<long> CountAsync(string tool, string arguments) =>
        await redis.GetDatabase().StringIncrementAsync(Prefix + tool + ":" + Digest(arguments)).ConfigureAwait(false);

    /// <summary>A short stable digest of <paramref name="text"/>.</summary>
    public static string Digest(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8)).ToLowerInvariant();
}

/// <summary>The research agent's tool.</summary>
public sealed class ResearchTools(RunCounter runs)
{
    /// <summary>
    /// Researches a question: search finds sources, summarize reads them, cite registers the references. Each remote
    /// call is a link of this task; a run resumed on another instance re-attaches to the call in progress or reads the
    /// result of one that finished, so no remote tool runs twice.
    /// </summary>
    /// <param name="question">What to research.</param>
    /// <param name="search">The search agent.</param>
    /// <param name="summary">The summarize agent.</param>
    /// <param name="cite">The cite agent.</param>
    /// <param name="cancellationToken">Cancelled by tasks/cancel (the running child is cancelled too), or when this instance stops (it is not).</param>
    [McpTool(TaskSupport = McpTaskSupport.Required, TaskPollIntervalMs = 250)]
    public async Task<Report> Research(string question, ISearchAgent search, ISummaryAgent summary, ICiteAgent cite, CancellationToken cancellationToken)
    {
        await runs.CountAsync("research", question).ConfigureAwait(false);
        SearchResult found = await search.FindAsync(question, cancellationToken).ConfigureAwait(false);
        Summary summarized = await summary.SummarizeAsync(found.Hits, cancellationToken).ConfigureAwait(false);
        Citations cited = await cite.CiteAsync(summarized.Text, summarized.Sources, cancellationToken).ConfigureAwait(false);
        return new Report(question, summarized.Text, cited.References, cited.RegistrationId);
    }
}

/// <summary>The search agent's tool.</summary>
public sealed class SearchTools(RunCounter runs, AgentSettings settings)
{
    /// <summary>Finds three sources for a question. Idempotent: a run interrupted by a dying instance runs again elsewhere.</summary>
    /// <param name="question">What to search for.</param>
    /// <param name="cancellationToken">Cancelled by tasks/cancel, or when this instance stops.</param>
    [McpTool(TaskSupport = McpTaskSupport.Required, Idempotent = true, TaskPollIntervalMs = 200)]
    public async Task<SearchResult> Find(string question, CancellationToken cancellationToken)
    {
        await runs.CountAsync("find", question).ConfigureAwait(false);
        await Task.Delay(settings.Work, cancellationToken).ConfigureAwait(false);
        string slug = Slug(question);
        string digest = RunCounter.Digest(question);
        return new SearchResult(question,
        [
            new Hit($"{question}: an overview", $"https://encyclopedia.example/{slug}", $"An overview of {question.TrimEnd('?')}, with its history."),
            new Hit($"Recent findings on {slug}", $"https://journal.example/articles/{digest[..6]}", $"A study ({digest[..4]}) that measured what matters for {slug}."),
            new Hit($"{slug}: open questions", $"https://forum.example/t/{digest[6..12]}", $"Practitioners on what is still unknown about {slug}."),
        ]);
    }

    private static string Slug(string text) =>
        string.Join('-', text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => new string(w.Where(char.IsLetterOrDigit).ToArray())).Where(w => w.Length > 0).Take(6));
}

/// <summary>The summarize agent's tool.</summary>
public sealed class SummarizeTools(RunCounter runs, AgentSettings settings)
{
    /// <summary>Summarizes what the sources say. Idempotent: the same sources give the same summary.</summary>
    /// <param name="hits">The sources.</param>
    /// <param name="cancellationToken">Cancelled by tasks/cancel, or when this instance stops.</param>
    [McpTool(TaskSupport = McpTaskSupport.Required, Idempotent = true, TaskPollIntervalMs = 200)]
    public async Task<Summary> Summarize(Hit[] hits, CancellationToken cancellationToken)
    {
        await runs.CountAsync("summarize", string.Join('\n', hits.Select(h => h.Url))).ConfigureAwait(false);
        await Task.Delay(settings.Work, cancellationToken).ConfigureAwait(false);
        string text = $"{hits.Length} sources: " + string.Join(" ", hits.Select(h => h.Snippet));
        return new Summary(text, [.. hits.Select(h => h.Url)]);
    }
}

/// <summary>The cite agent's tool.</summary>
public sealed class CiteTools(RunCounter runs, AgentSettings settings, IConnectionMultiplexer redis)
{
    /// <summary>The registry every cite agent appends to: the side effect that makes <see cref="Cite"/> not idempotent.</summary>
    public const string Registry = "research-agents:citations";

    /// <summary>
    /// Registers citations for a summary. Not idempotent: each run appends to the citation registry, so a run
    /// interrupted by a dying instance is not run again; its task fails, saying so.
    /// </summary>
    /// <param name="summary">The summary being cited.</param>
    /// <param name="sources">The URLs to cite.</param>
    /// <param name="cancellationToken">Cancelled by tasks/cancel, or when this instance stops.</param>
    [McpTool(TaskSupport = McpTaskSupport.Required, TaskPollIntervalMs = 200)]
    public async Task<Citations> Cite(string summary, string[] sources, CancellationToken cancellationToken)
    {
        string arguments = summary + "\n" + string.Join('\n', sources);
        await runs.CountAsync("cite", arguments).ConfigureAwait(false);
        await Task.Delay(settings.Work, cancellationToken).ConfigureAwait(false);
        string id = "cit-" + RunCounter.Digest(arguments);
        string[] references = [.. sources.Select((url, i) => $"[{i + 1}] {url}")];
        await redis.GetDatabase().ListRightPushAsync(Registry, id + " " + string.Join(' ', references)).ConfigureAwait(false);
        return new Citations(id, references);
    }
}
