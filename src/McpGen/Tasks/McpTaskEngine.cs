using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

/// <summary>
/// The tasks extension (<c>io.modelcontextprotocol/tasks</c>): durable task records in an <see cref="IMcpTaskStore"/>,
/// runs under a lease on whichever instance accepted or resumed the task, the sweep that takes over tasks of stopped
/// instances, and <c>tasks/get</c>, <c>tasks/update</c>, <c>tasks/cancel</c> on any instance. The processor only calls
/// into it.
/// </summary>
/// <remarks>
/// A host starts it (<see cref="StartAsync"/>: the sweep loop) and stops it (<see cref="StopAsync"/>: runs stop and hand
/// their tasks back). Without a host it starts itself on first use, the first task created or served.
/// </remarks>
internal sealed partial class McpTaskEngine : IHostedService
{
    internal const string TasksExtension = "io.modelcontextprotocol/tasks";

    /// <summary>How long a stopping host waits for its task runs to hand their tasks back.</summary>
    internal static readonly TimeSpan HandBackTimeout = TimeSpan.FromSeconds(5);

    private readonly McpServerRuntime _runtime;
    private readonly IMcpTaskStore _store;
    private readonly IMcpTaskExecutor _executor;
    private readonly ConcurrentDictionary<string, McpTaskRun> _runningTasks = new(StringComparer.Ordinal);

    /// <summary>Runs that began as a request (<see cref="McpToolCall.RunAsTaskAsync"/>), not through the executor.</summary>
    private readonly ConcurrentDictionary<Task, McpTaskRun> _runsStartedByHandlers = new();

    /// <summary>Cancelled when this engine stops: the sweep ends, runs stop and hand their tasks back.</summary>
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Set once the sweep loop was started (by a host, or on first use).</summary>
    private int _started;

    /// <summary>Completes once every run stopped by <see cref="StopAsync"/> has handed its task back.</summary>
    private Task? _stoppedTaskRuns;
    private object? _stopGate;
    private string? _instanceIdValue;

    public McpTaskEngine(McpServerRuntime runtime)
    {
        _runtime = runtime;
        _store = runtime.Services.GetService<IMcpTaskStore>() ?? new InMemoryMcpTaskStore();
        _executor = runtime.Services.GetService<IMcpTaskExecutor>() ?? new InProcessMcpTaskExecutor();
    }

    /// <summary>The store this server keeps tasks in: the registered <see cref="IMcpTaskStore"/>, or one in memory.</summary>
    public IMcpTaskStore Store => _store;

    /// <summary>Names this instance as a lease owner; made on first use, so servers that run no task never touch the crypto library.</summary>
    private string InstanceId => LazyInitializer.EnsureInitialized(ref _instanceIdValue, static () =>
        Environment.MachineName + "/" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "/" + Base64Url.Encode(RandomNumberGenerator.GetBytes(6)));

    /// <summary>Starts the sweep for orphaned tasks (servers with task tools only). Idempotent.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureStarted();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops this instance's task runs (once) and completes when their tasks are handed back to the store for another
    /// instance to resume. <paramref name="cancellationToken"/> gives up waiting; the runs still stop.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        BeginStop();
        return _stoppedTaskRuns!.WaitAsync(cancellationToken);
    }

    /// <summary>Starts stopping: the sweep ends, runs stop and hand their tasks back. Does not wait; <see cref="StopAsync"/> does.</summary>
    public void BeginStop()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        LazyInitializer.EnsureInitialized(ref _stoppedTaskRuns, ref _stopGate, StopTaskRunsAsync);
    }

    /// <summary>Starts the sweep loop once, unless the engine is stopping or the server has no task tools.</summary>
    private void EnsureStarted()
    {
        if (Volatile.Read(ref _started) != 0 || !_runtime.Documents.HasTasks || _stopping.IsCancellationRequested || Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        _ = SweepLoopAsync(_stopping.Token);
    }

    private async Task StopTaskRunsAsync()
    {
        // The stopping token has been cancelled: the runs are stopping; wait for each to record the hand-back.
        if (_executor is InProcessMcpTaskExecutor executor)
        {
            await executor.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(_runsStartedByHandlers.Keys).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Each run records its own failure; a hand-back that failed leaves the lease to lapse.
            LogTaskHandBackFailed(_runtime.Logger, ex);
        }
    }


    /// <summary>Whether this request's client capabilities name the tasks extension (decided per request, never remembered).</summary>
    internal static bool DeclaresTasks(ReadOnlySpan<byte> clientCapabilities)
    {
        if (clientCapabilities.IsEmpty)
        {
            return false;
        }

        var reader = new Utf8JsonReader(clientCapabilities);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isExtensions = reader.ValueTextEquals("extensions"u8);
            reader.Read();
            if (isExtensions && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isTasks = reader.ValueTextEquals(TasksExtension);
                    reader.Read();
                    if (isTasks && reader.TokenType == JsonTokenType.StartObject)
                    {
                        return true;
                    }

                    reader.Skip();
                }

                return false;
            }

            reader.Skip();
        }

        return false;
    }

    internal static void WriteMissingTasksExtension(IBufferWriter<byte> response, ReadOnlySpan<byte> id, string what) =>
        WriteError(response, id, McpProtocol.ErrorCodes.MissingRequiredClientCapability,
            $"{what} needs the client extension {TasksExtension}; declare it in params._meta[\"io.modelcontextprotocol/clientCapabilities\"].extensions.",
            static w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("requiredCapabilities"u8);
                w.WriteStartObject("extensions"u8);
                w.WriteStartObject(TasksExtension);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            });


    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "The task store failed for {What}.")]
    private static partial void LogTaskStoreFailed(ILogger logger, string what, Exception exception);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "A stopping task run could not hand its task back; another instance resumes it once its lease lapses.")]
    private static partial void LogTaskHandBackFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "The lease of task {TaskId} could not be renewed; trying again every tick until it runs out.")]
    private static partial void LogTaskLeaseRenewalFailed(ILogger logger, string taskId, Exception exception);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "Task {TaskId} lost its lease (not renewed within {Lease}, or taken over by another instance); its run is stopped so the task is not run twice.")]
    private static partial void LogTaskLeaseLost(ILogger logger, string taskId, TimeSpan lease);

    [LoggerMessage(EventId = 25, Level = LogLevel.Information, Message = "The task store answers again for task {TaskId}.")]
    private static partial void LogTaskStoreRecovered(ILogger logger, string taskId);

    [LoggerMessage(EventId = 26, Level = LogLevel.Warning, Message = "The outcome of task {TaskId} could not be recorded yet; trying again until the store answers.")]
    private static partial void LogTaskOutcomeDelayed(ILogger logger, string taskId, Exception exception);

    [LoggerMessage(EventId = 27, Level = LogLevel.Error, Message = "The outcome of task {TaskId} was not recorded before this instance stopped; the sweep resumes or fails the task once its lease lapses.")]
    private static partial void LogTaskOutcomeLost(ILogger logger, string taskId);

    [LoggerMessage(EventId = 28, Level = LogLevel.Information, Message = "A task for tool {Tool} was refused: the limit {Option} ({Limit}) is reached.")]
    private static partial void LogTaskLimitReached(ILogger logger, string tool, string option, int limit);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "Task {TaskId} failed unexpectedly.")]
    private static partial void LogTaskFailed(ILogger logger, string taskId, Exception exception);
}
