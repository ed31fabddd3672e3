using System.Threading.Tasks;

namespace McpGen;

/// <summary>The 2025-11-25 <c>resources/subscribe</c> and <c>resources/unsubscribe</c>, kept by the listen hub.</summary>
internal sealed class LegacySubscriptionHandler(McpServerRuntime runtime, McpListenHub listens, bool subscribe) : McpMethodHandler(runtime)
{
    public override ValueTask<McpProcessResult> HandleAsync(in McpRequest request) =>
        new(listens.ChangeLegacySubscription(request.Id.Span, request.Response, request.Connection, request.Params, subscribe));
}
