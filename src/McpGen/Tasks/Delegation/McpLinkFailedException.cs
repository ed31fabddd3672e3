using System;

namespace McpGen;

/// <summary>
/// A remote call a task's run delegated failed for good: the remote tool failed and was not (or no longer) retried,
/// its task was cancelled or expired on its server, or a resumed run cannot know whether it was sent. The message
/// names the link: which server, which tool, which child task, and the remote error. A task run that lets it
/// propagate fails with that message; a run that catches it fails the same way on every replay.
/// </summary>
public sealed class McpLinkFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="link">The link that failed, as recorded.</param>
    /// <param name="parentTaskId">The task whose run made the call.</param>
    /// <param name="message">What happened, naming the link.</param>
    /// <param name="remoteErrorCode">The remote JSON-RPC error code, when the remote server sent one.</param>
    /// <param name="innerException">The client's own exception, when there was one.</param>
    public McpLinkFailedException(McpChildLink link, string parentTaskId, string message, int? remoteErrorCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(link);
        Link = link;
        ParentTaskId = parentTaskId;
        RemoteErrorCode = remoteErrorCode;
    }

    /// <summary>The link that failed.</summary>
    public McpChildLink Link { get; }

    /// <summary>The task whose run made the call.</summary>
    public string ParentTaskId { get; }

    /// <summary>The remote JSON-RPC error code, when there was one.</summary>
    public int? RemoteErrorCode { get; }
}
