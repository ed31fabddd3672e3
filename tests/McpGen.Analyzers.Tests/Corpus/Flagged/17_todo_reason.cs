using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class QueueTools
{
    [McpProcessLocal("TODO: explain why per-process state is correct here")] // expect: MCPG5007
    private static readonly Queue<string> s_jobs = new();

    /// <summary>Queues a job.</summary>
    [McpTool] public static int Enqueue(string job) { s_jobs.Enqueue(job); return s_jobs.Count; }
}
