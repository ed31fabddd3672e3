using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace McpGen.Redis;

/// <summary>Options of <see cref="RedisMcpTaskStore"/>.</summary>
public sealed class RedisMcpTaskStoreOptions
{
    /// <summary>
    /// The prefix of every key the store writes. Default <c>mcpgen:tasks:</c>. Unless it holds a Redis hash tag
    /// already (<c>{…}</c>), the store makes it one (<c>{mcpgen:tasks}:</c>), so every key of the deployment lives in
    /// one hash slot and the store's atomic scripts work on a Redis Cluster.
    /// </summary>
    public string KeyPrefix { get; set; } = "mcpgen:tasks:";

    /// <summary>
    /// How long a read or an update may take before the store gives up and reports itself unavailable, so a stalled
    /// Redis costs a request this long rather than the connection's whole timeout. Creating a task is not cut short:
    /// a create given up on could still be applied later and run a task nobody knows of. Default 2 seconds.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// An <see cref="IMcpTaskStore"/> in Redis, shared by every instance. Each task is a hash (<c>v</c>: its version,
/// <c>d</c>: its record) that Redis expires by itself at the task's time to live (extended as the task changes); a
/// sorted set of lease deadlines lets any instance find tasks whose instance died, and sorted sets of unfinished
/// tasks (overall and per caller) and of finished tasks (per caller), scored by expiry, enforce <see cref="McpTaskLimits"/>. Creation and
/// compare-and-swap are single Lua scripts, so each is atomic. Every key of one deployment carries the same hash tag
/// (see <see cref="RedisMcpTaskStoreOptions.KeyPrefix"/>), so the store runs on one Redis node, a primary with replicas
/// (Sentinel) or a Redis Cluster, where the deployment's tasks live on the shard that owns that slot. Persistence (AOF)
/// and replication decide what survives a Redis restart or failover. While Redis is unreachable every operation fails
/// at once with <see cref="McpTaskStoreUnavailableException"/>.
/// </summary>
public sealed class RedisMcpTaskStore : IMcpTaskStore, IMcpDependencyProbe
{
    // KEYS: task, leases, active, active of the caller, finished of the caller.
    // ARGV: record, expires at, lease score, id, now, max active, max active of the caller, unfinished, max finished of the caller.
    private const string CreateScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', ARGV[5])
        local over = redis.call('ZCARD', KEYS[5]) - tonumber(ARGV[9]) + 1
        if over > 0 then
          local popped = redis.call('ZPOPMIN', KEYS[5], over)
          for i = 1, #popped, 2 do redis.call('DEL', KEYS[6] .. popped[i]) end
        end
        if ARGV[8] == '1' then
          redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[5])
          redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', ARGV[5])
          if redis.call('ZCARD', KEYS[4]) >= tonumber(ARGV[7]) then return -1 end
          if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[6]) then return -2 end
          redis.call('ZADD', KEYS[3], ARGV[2], ARGV[4])
          redis.call('ZADD', KEYS[4], ARGV[2], ARGV[4])
          local last = redis.call('ZRANGE', KEYS[4], -1, -1, 'WITHSCORES')
          redis.call('PEXPIREAT', KEYS[4], last[2])
        end
        redis.call('HSET', KEYS[1], 'v', '0', 'd', ARGV[1])
        redis.call('PEXPIREAT', KEYS[1], ARGV[2])
        if ARGV[3] ~= '' then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4]) end
        return 1
        """;

    // KEYS: task, leases, active, active of the caller, finished of the caller. ARGV: expected version, next version, record, lease score, id, expires at, unfinished.
    private const string ReplaceScript = """
        local v = redis.call('HGET', KEYS[1], 'v')
        if (not v) or v ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'v', ARGV[2], 'd', ARGV[3])
        redis.call('PEXPIREAT', KEYS[1], ARGV[6])
        if ARGV[4] == '' then redis.call('ZREM', KEYS[2], ARGV[5]) else redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5]) end
        if ARGV[7] == '1' then
          redis.call('ZADD', KEYS[3], 'XX', ARGV[6], ARGV[5])
          if redis.call('ZADD', KEYS[4], 'XX', 'CH', ARGV[6], ARGV[5]) == 1 then
            local last = redis.call('ZRANGE', KEYS[4], -1, -1, 'WITHSCORES')
            redis.call('PEXPIREAT', KEYS[4], last[2])
          end
        else
          redis.call('ZREM', KEYS[3], ARGV[5])
          if redis.call('ZREM', KEYS[4], ARGV[5]) == 1 then
            redis.call('ZADD', KEYS[5], ARGV[6], ARGV[5])
            local last = redis.call('ZRANGE', KEYS[5], -1, -1, 'WITHSCORES')
            redis.call('PEXPIREAT', KEYS[5], last[2])
          end
        end
        return 1
        """;

    private static readonly RedisValue[] s_fields = ["v", "d"];

    private readonly IConnectionMultiplexer _redis;
    private readonly string _prefix;
    private readonly RedisKey _leases;
    private readonly RedisKey _active;
    private readonly TimeSpan _timeout;

    /// <summary>Creates the store.</summary>
    /// <param name="redis">The connection to Redis.</param>
    /// <param name="options">Key prefix and timeout; <see langword="null"/> for the defaults.</param>
    public RedisMcpTaskStore(IConnectionMultiplexer redis, RedisMcpTaskStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        options ??= new RedisMcpTaskStoreOptions();
        _redis = redis;
        _prefix = HashTagged(options.KeyPrefix);
        _leases = _prefix + "leases";
        _active = _prefix + "active";
        _timeout = options.OperationTimeout;
    }

    /// <inheritdoc/>
    public async Task<McpTaskCreation> CreateAsync(McpTaskRecord task, McpTaskLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        long expiresAt = ExpiresAt(task);
        var created = await Run(Connected().ScriptEvaluateAsync(CreateScript, [Key(task.TaskId), _leases, _active, ActiveOf(task), FinishedOf(task), _prefix],
            [McpTaskRecordJson.Write(task with { Version = 0 }), expiresAt, LeaseScore(task), task.TaskId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
             limits.MaxActiveTasks, limits.MaxActiveTasksPerCaller, task.IsTerminal ? "0" : "1", limits.MaxFinishedTasksPerCaller]), limitTime: false, cancellationToken).ConfigureAwait(false);
        return (long)created switch
        {
            1 => McpTaskCreation.Created,
            -1 => McpTaskCreation.CallerLimitReached,
            -2 => McpTaskCreation.ServerLimitReached,
            _ => throw new InvalidOperationException($"A task with id '{task.TaskId}' exists already."),
        };
    }

    /// <inheritdoc/>
    public async Task<McpTaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken)
    {
        var values = await Run(Connected().HashGetAsync(Key(taskId), s_fields), limitTime: true, cancellationToken).ConfigureAwait(false);
        if (values[1].IsNull || !values[0].TryParse(out long version))
        {
            return null;
        }

        return McpTaskRecordJson.Read((byte[])values[1]!) with { Version = version };
    }

    /// <inheritdoc/>
    public async Task<bool> TryReplaceAsync(McpTaskRecord task, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        long next = expectedVersion + 1;
        var replaced = await Run(Connected().ScriptEvaluateAsync(ReplaceScript, [Key(task.TaskId), _leases, _active, ActiveOf(task), FinishedOf(task)],
            [expectedVersion.ToString(CultureInfo.InvariantCulture), next.ToString(CultureInfo.InvariantCulture), McpTaskRecordJson.Write(task with { Version = next }),
             LeaseScore(task), task.TaskId, ExpiresAt(task), task.IsTerminal ? "0" : "1"]), limitTime: true, cancellationToken).ConfigureAwait(false);
        return (long)replaced == 1;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> FindLapsedLeasesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var db = Connected();
        var members = await Run(db.SortedSetRangeByScoreAsync(_leases, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: limit), limitTime: true, cancellationToken).ConfigureAwait(false);
        var ids = new List<string>(members.Length);
        foreach (var member in members)
        {
            string id = member.ToString();
            if (await Run(db.KeyExistsAsync(Key(id)), limitTime: true, cancellationToken).ConfigureAwait(false))
            {
                ids.Add(id);
            }
            else
            {
                // The task expired with its lease still listed: drop the entry so the set does not grow.
                await Run(db.SortedSetRemoveAsync(_leases, member), limitTime: true, cancellationToken).ConfigureAwait(false);
            }
        }

        return ids;
    }

    /// <inheritdoc/>
    public async ValueTask<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Run(Connected().PingAsync(), limitTime: true, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (McpTaskStoreUnavailableException e)
        {
            return "The Redis task store does not answer: " + e.Message;
        }
    }

    /// <summary>The multiplexer knows the connection is down: fail now instead of queueing a command until its timeout.</summary>
    private IDatabase Connected()
    {
        if (!_redis.IsConnected)
        {
            throw new McpTaskStoreUnavailableException("Redis is not connected.");
        }

        return _redis.GetDatabase();
    }

    /// <summary>
    /// Awaits one Redis operation, failing after <see cref="RedisMcpTaskStoreOptions.OperationTimeout"/>
    /// when <paramref name="limitTime"/>; Redis's own failures become <see cref="McpTaskStoreUnavailableException"/>.
    /// </summary>
    private async Task<T> Run<T>(Task<T> operation, bool limitTime, CancellationToken cancellationToken)
    {
        try
        {
            return limitTime
                ? await operation.WaitAsync(_timeout, cancellationToken).ConfigureAwait(false)
                : await operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            Observe(operation);
            throw new McpTaskStoreUnavailableException($"Redis did not answer within {_timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s.", ex);
        }
        catch (RedisException ex)
        {
            throw new McpTaskStoreUnavailableException("Redis cannot be reached.", ex);
        }
        catch (OperationCanceledException)
        {
            Observe(operation);
            throw;
        }
    }

    /// <summary>An operation given up on may still fail later: observe it so its exception is not reported as unobserved.</summary>
    private static void Observe(Task operation) =>
        _ = operation.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>
    /// The prefix as given when it holds a hash tag (a non-empty <c>{…}</c>); otherwise the whole prefix, without its
    /// trailing separator, becomes the tag: <c>mcpgen:tasks:</c> gives <c>{mcpgen:tasks}:</c>.
    /// </summary>
    internal static string HashTagged(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        int open = prefix.IndexOf('{', StringComparison.Ordinal);
        if (open >= 0 && prefix.IndexOf('}', open + 1) > open + 1)
        {
            return prefix;
        }

        string tag = prefix.TrimEnd(':');
        return "{" + (tag.Length == 0 ? prefix : tag) + "}:";
    }

    private RedisKey ActiveOf(McpTaskRecord task) => _prefix + "active:" + (task.CreatedBy ?? "");

    private RedisKey FinishedOf(McpTaskRecord task) => _prefix + "finished:" + (task.CreatedBy ?? "");

    private static long ExpiresAt(McpTaskRecord task) => task.CreatedAt.ToUnixTimeMilliseconds() + task.TimeToLiveMs;

    private RedisKey Key(string taskId) => _prefix + taskId;

    /// <summary>Working tasks are listed by lease deadline; others not at all.</summary>
    private static RedisValue LeaseScore(McpTaskRecord task) =>
        task.Status == McpTaskStatus.Working && task.LeaseExpiresAt is { } expires ? expires.ToUnixTimeMilliseconds() : RedisValue.EmptyString;
}
