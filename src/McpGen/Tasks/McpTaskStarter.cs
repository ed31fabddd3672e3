using System.Threading.Tasks;

namespace McpGen;

/// <summary>
/// The hand-over point of <see cref="McpToolCall.RunAsTaskAsync"/>: the handler signals <see cref="Requested"/> and
/// waits; the processor stores the task, answers the request with its handle, then lets the handler go on.
/// </summary>
internal sealed class McpTaskStarter
{
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the handler asked to become a task.</summary>
    public Task Requested => _requested.Task;

    public Task StartAsync()
    {
        _requested.TrySetResult();
        return _stored.Task;
    }

    /// <summary>The task is stored: the handler continues as the task.</summary>
    public void Stored() => _stored.TrySetResult();

    /// <summary>The task could not be stored: the handler's await throws and the run ends.</summary>
    public void Failed(System.Exception error) => _stored.TrySetException(error);
}
