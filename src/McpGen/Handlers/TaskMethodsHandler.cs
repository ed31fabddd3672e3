using System.Threading.Tasks;

namespace McpGen;

/// <summary><c>tasks/get</c>, <c>tasks/update</c> and <c>tasks/cancel</c> (the tasks extension), served by the task engine.</summary>
internal sealed class TaskMethodsHandler(McpRequestProcessor processor) : McpMethodHandler(processor.Runtime)
{
    public override ValueTask<McpProcessResult> HandleAsync(in McpRequest request) =>
        processor.ServeTaskMethodAsync(request.Id, request.Response, request.Message.Method, request.Params, McpCallerIdentity.Of(request.Connection.User), request.CancellationToken);
}
