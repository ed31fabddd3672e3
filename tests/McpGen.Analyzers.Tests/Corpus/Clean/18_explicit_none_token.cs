using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public interface IAudit
{
    Task WriteAsync(string entry, CancellationToken cancellationToken = default);
}

public sealed class AuditedTools(IAudit audit)
{
    /// <summary>Deletes an item; the audit entry is written even if the caller goes away.</summary>
    [McpTool(Destructive = true)]
    public async Task Delete(string id, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
#pragma warning disable MCPG6021 // the item is gone: its audit entry must be written even if the caller goes away
        await audit.WriteAsync("deleted " + id, CancellationToken.None);
#pragma warning restore MCPG6021
    }
}
