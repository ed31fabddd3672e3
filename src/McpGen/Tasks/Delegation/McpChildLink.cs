using System;

namespace McpGen;

/// <summary>Where a remote call made by a task's run is, as the parent task's record keeps it.</summary>
public enum McpChildLinkState
{
    /// <summary>
    /// About to be sent, or sent without an answer recorded yet. A run resumed from this state cannot know whether the
    /// remote server received the call: it sends it again only when the remote tool is idempotent.
    /// </summary>
    Sending,

    /// <summary>The remote server made the call a task (<see cref="McpChildLink.ChildTaskId"/>); a resumed run re-attaches to it.</summary>
    Running,

    /// <summary>The call produced a result (<see cref="McpChildLink.Result"/>); a resumed run reads it instead of calling again.</summary>
    Completed,

    /// <summary>The call failed for good (<see cref="McpChildLink.Error"/>); a resumed run fails the same way.</summary>
    Failed,

    /// <summary>
    /// The remote server answered with <c>input_required</c> before acting (<see cref="McpChildLink.InputRequests"/>,
    /// <see cref="McpChildLink.RequestState"/>): its questions went up to the parent's client, and a resumed run sends
    /// the call again with the answers. Safe to send again: a server acts only once it has its answers.
    /// </summary>
    InputRequired,
}

/// <summary>
/// One remote call a task's run made (a link of a chain of delegated tasks), kept in the parent task's record
/// (<see cref="McpTaskRecord.Links"/>) so that any instance resuming the parent re-attaches to the child or reads its
/// result instead of calling again. Records are values: change a copy and record it again.
/// </summary>
public sealed record McpChildLink
{
    /// <summary>
    /// Identifies the call within the run: a digest of the server, the tool and the arguments, and which occurrence of
    /// that call this is. A resumed run that makes the same calls finds the same keys.
    /// </summary>
    public required string Key { get; init; }

    /// <summary>The remote server: its endpoint URL, or the command of a stdio server.</summary>
    public required string Server { get; init; }

    /// <summary>The remote tool.</summary>
    public required string Tool { get; init; }

    /// <summary>Where the call is.</summary>
    public McpChildLinkState State { get; init; }

    /// <summary>The remote task's id, once the remote server made the call a task.</summary>
    public string? ChildTaskId { get; init; }

    /// <summary>How many times the call was sent (a retried idempotent call counts each send).</summary>
    public int Attempts { get; init; }

    /// <summary>When the remote server forgets the child task (its <c>createdAt</c> plus <c>ttlMs</c>), when it said.</summary>
    public DateTimeOffset? ChildExpiresAt { get; init; }

    /// <summary>When <see cref="McpChildLinkState.Completed"/>: the <c>tools/call</c> result as the remote server sent it, UTF-8 JSON.</summary>
    public ReadOnlyMemory<byte> Result { get; init; }

    /// <summary>When <see cref="McpChildLinkState.Failed"/>: <c>{code, message}</c>, the message naming the link and the remote error.</summary>
    public ReadOnlyMemory<byte> Error { get; init; }

    /// <summary>When <see cref="McpChildLinkState.InputRequired"/>: the remote server's questions, its <c>inputRequests</c> object.</summary>
    public ReadOnlyMemory<byte> InputRequests { get; init; }

    /// <summary>When <see cref="McpChildLinkState.InputRequired"/>: the remote server's <c>requestState</c> JSON value, echoed back as it came.</summary>
    public ReadOnlyMemory<byte> RequestState { get; init; }

    /// <summary>Whether the call has ended for good.</summary>
    public bool IsSettled => State is McpChildLinkState.Completed or McpChildLinkState.Failed;
}
