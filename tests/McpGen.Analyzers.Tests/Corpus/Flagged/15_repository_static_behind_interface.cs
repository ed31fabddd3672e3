using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public interface IStore
{
    int Increment(string key);
}

public sealed class InMemoryStore : IStore
{
    private static readonly Dictionary<string, int> s_counts = new(); // expect: MCPG5006

    public int Increment(string key) => s_counts[key] = s_counts.GetValueOrDefault(key) + 1;
}

public sealed class VoteTools(IStore store)
{
    /// <summary>Votes for an option.</summary>
    [McpTool] public int Vote(string option) => store.Increment(option);
}
