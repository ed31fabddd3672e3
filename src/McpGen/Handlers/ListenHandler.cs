using System.Threading.Tasks;

namespace McpGen;

/// <summary><c>subscriptions/listen</c>: a stream of change notifications, held by the listen hub.</summary>
internal sealed class ListenHandler(McpServerRuntime runtime, McpListenHub listens) : McpMethodHandler(runtime)
{
    public override ValueTask<McpProcessResult> HandleAsync(in McpRequest request) =>
        listens.ListenAsync(request.Id, request.Response, request.Connection, request.Params, request.CancellationToken);
}
