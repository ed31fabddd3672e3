using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public interface IDocuments
{
    Task<string> ReadAsync(string path, CancellationToken cancellationToken = default);
}

public sealed class DocumentTools(IDocuments documents)
{
    /// <summary>Reads a document.</summary>
    [McpTool]
    public Task<string> Read(string path, McpToolCall call) => documents.ReadAsync(path, call.CancellationToken);
}
