using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public interface IJobs { Task RunAsync(CancellationToken cancellationToken); Task<int> CountAsync(CancellationToken cancellationToken); }

public sealed class JobTools(IJobs jobs)
{
    /// <summary>Runs the jobs.</summary>
    [McpTool]
    public int Run(CancellationToken cancellationToken)
    {
        jobs.RunAsync(cancellationToken).Wait(); // expect: MCPG6004
        return jobs.CountAsync(cancellationToken).GetAwaiter().GetResult(); // expect: MCPG6004
    }
}
