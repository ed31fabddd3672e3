using System.Threading.Tasks;

namespace McpGen;

/// <summary><c>tasks/get</c>, <c>tasks/update</c> and <c>tasks/cancel</c> (the tasks extension), served by the task engine.</summary>
internal sealed class TaskMethodsHandler(McpServerRuntime runtime, McpTaskEngine tasks) : McpMethodHandler(runtime)
{
    public override ValueTask<McpProcessResult> HandleAsync(in McpRequest request) =>
        tasks.ServeAsync(request.Id, request.Response, request.Message.Method, request.Params, McpCallerIdentity.Of(request.Connection.User), request.CancellationToken);
}
