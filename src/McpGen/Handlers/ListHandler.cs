using System;
using System.Threading.Tasks;

namespace McpGen;

/// <summary>The lists whose pages are serialized once: <c>tools/list</c>, <c>resources/templates/list</c>, <c>prompts/list</c>.</summary>
internal sealed class ListHandler : McpMethodHandler
{
    private readonly McpListPages _pages;
    private readonly string _method;

    public ListHandler(McpServerRuntime runtime, string method, McpListPages pages)
        : base(runtime)
    {
        _method = method;
        _pages = pages;
    }

    public override ValueTask<McpProcessResult> HandleAsync(in McpRequest request)
    {
        WriteList(request.Response, request.Id.Span, request.Params, _pages, _method, request.IsCurrent, request.Connection.User);
        return new(McpProcessResult.Responded);
    }
}
