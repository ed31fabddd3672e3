using System.Threading;
using System.Threading.Tasks;

namespace McpGen;

/// <summary>
/// Cancels a task's children when the task is cancelled while none of its runs is in progress (it was waiting for
/// input, or its instance died): a run in progress cancels its own children when its token fires. McpGen.Client
/// registers one with <c>AddMcpClient</c>; it reaches each child's server through the client registered for it.
/// </summary>
public interface IMcpChildTaskCanceller
{
    /// <summary>Sends <c>tasks/cancel</c> for the link's child task; best effort.</summary>
    /// <param name="link">A link in <see cref="McpChildLinkState.Running"/> with its <see cref="McpChildLink.ChildTaskId"/>.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns><see langword="true"/> when the child's server acknowledged; <see langword="false"/> when no client reaches it.</returns>
    ValueTask<bool> CancelChildAsync(McpChildLink link, CancellationToken cancellationToken);
}
