using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public interface IRepository
{
    Task<int> CountAsync(string table, CancellationToken cancellationToken);
}

public sealed class SqlRepository : IRepository
{
    private static readonly string s_schema = "dbo";

    public async Task<int> CountAsync(string table, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        return (s_schema + table).Length;
    }
}

public sealed class DatabaseTools(IRepository repository)
{
    /// <summary>Counts rows of a table.</summary>
    [McpTool] public Task<int> Count(string table, CancellationToken cancellationToken) => repository.CountAsync(table, cancellationToken);
}
