using System.Threading.Tasks;

namespace McpGen;

/// <summary><c>server/discover</c>: the result was serialized once, at start-up.</summary>
internal sealed class DiscoverHandler(McpServerRuntime runtime) : McpMethodHandler(runtime)
{
    public override ValueTask<McpProcessResult> HandleAsync(in McpRequest request)
    {
        McpJsonRpcWriter.WriteResult(request.Response, request.Id.Span, Runtime.Documents.DiscoverResult);
        return new(McpProcessResult.Responded);
    }
}
