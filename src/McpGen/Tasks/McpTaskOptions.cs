using System;

namespace McpGen;

/// <summary>A task-capable tool's own policy (from <see cref="McpToolAttribute"/>); what it leaves unset comes from <see cref="McpTaskOptions"/>.</summary>
public sealed class McpTaskPolicy
{
    /// <summary>How long the task's record and result are kept after it was created.</summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>How often clients should poll.</summary>
    public TimeSpan? PollInterval { get; init; }

    /// <summary>How many times the task may be started when the instance running it dies (idempotent tools only).</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>How long one run may take before it is cancelled and the task fails.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>How tasks of the <c>io.modelcontextprotocol/tasks</c> extension are kept and run; part of <see cref="McpServerOptions"/>.</summary>
public sealed class McpTaskOptions
{
    /// <summary>
    /// Keep the access token of the caller who created a task in its record, sealed with the <c>requestState</c> keys,
    /// while the task is unfinished, so its runs can call other servers on the caller's behalf (the token-exchange grant
    /// of McpGen.Client reads it from <see cref="McpTaskRunContext.CallerAccessToken"/>). It is dropped when the task
    /// ends. Default <see langword="false"/>: a task keeps no credential.
    /// </summary>
    public bool KeepCallerToken { get; set; }

    /// <summary>How long a task's record and result are kept after it was created (<c>ttlMs</c>). Default 1 hour.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often clients should poll (<c>pollIntervalMs</c>). Default 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times a task of an idempotent tool may be started when the instance running it dies. Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How long one run may take before it is cancelled and the task fails. Default 1 hour.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the instance running a task holds it without renewing; another instance takes over after that. Default 30 seconds.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many unfinished tasks (working or waiting for input) one caller may have at once; past it, creating a task
    /// is refused with an error naming this option. Callers are told apart by their token's issuer and subject; all
    /// anonymous callers count as one. Default 100.
    /// </summary>
    public int MaxActiveTasksPerCaller { get; set; } = 100;

    /// <summary>How many unfinished tasks the server (every instance sharing the store) may have at once. Default 10,000.</summary>
    public int MaxActiveTasks { get; set; } = 10_000;

    /// <summary>
    /// How many finished tasks of one caller are kept for their time to live; past it, creating a task drops the
    /// caller's oldest finished tasks early (polling them then answers "unknown task"), so a caller that creates tasks
    /// quickly cannot fill the store with results. All anonymous callers count as one. Default 1,000.
    /// </summary>
    public int MaxFinishedTasksPerCaller { get; set; } = 1_000;
}
