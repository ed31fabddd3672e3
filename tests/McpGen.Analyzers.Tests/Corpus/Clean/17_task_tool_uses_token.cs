using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public sealed record Report(string Region, int Rows);

public static class ReportTools
{
    /// <summary>Builds a regional report.</summary>
    [McpTool(TaskSupport = McpTaskSupport.Required)]
    public static async Task<Report> Build(string region, CancellationToken cancellationToken)
    {
        int rows = 0;
        for (int month = 1; month <= 12; month++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Delay(10, cancellationToken);
            rows += month;
        }

        return new Report(region, rows);
    }
}
