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
    /// <summary>The prefix of every key the store writes. Default <c>mcpgen:tasks:</c>.</summary>
    public string KeyPrefix { get; set; } = "mcpgen:tasks:";
}

/// <summary>
/// An <see cref="IMcpTaskStore"/> in Redis, shared by every instance. Each task is a hash (<c>v</c>: its version,
/// <c>d</c>: its record) that Redis expires by itself at the task's time to live; a sorted set of lease deadlines lets
/// any instance find tasks whose instance died. Creation and compare-and-swap are single Lua scripts, so each is
/// atomic. The keys of one deployment share no hash slot, so the store uses one Redis node (or a primary with replicas),
/// not a cluster; persistence (AOF) decides what survives a Redis restart.
/// </summary>
public sealed class RedisMcpTaskStore : IMcpTaskStore
{
    private const string CreateScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'v', '0', 'd', ARGV[1])
        redis.call('PEXPIREAT', KEYS[1], ARGV[2])
        if ARGV[3] ~= '' then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4]) end
        return 1
        """;

    private const string ReplaceScript = """
        local v = redis.call('HGET', KEYS[1], 'v')
        if (not v) or v ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'v', ARGV[2], 'd', ARGV[3])
        if ARGV[4] == '' then redis.call('ZREM', KEYS[2], ARGV[5]) else redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5]) end
        return 1
        """;

    private static readonly RedisValue[] s_fields = ["v", "d"];

    private readonly IConnectionMultiplexer _redis;
    private readonly string _prefix;
    private readonly RedisKey _leases;

    /// <summary>Creates the store.</summary>
    /// <param name="redis">The connection to Redis.</param>
    /// <param name="options">Key prefix; <see langword="null"/> for the defaults.</param>
    public RedisMcpTaskStore(IConnectionMultiplexer redis, RedisMcpTaskStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _prefix = (options ?? new RedisMcpTaskStoreOptions()).KeyPrefix;
        _leases = _prefix + "leases";
    }

    private IDatabase Db => _redis.GetDatabase();

    /// <inheritdoc/>
    public async Task CreateAsync(McpTaskRecord task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        long expiresAt = task.CreatedAt.ToUnixTimeMilliseconds() + task.TimeToLiveMs;
        var created = await Db.ScriptEvaluateAsync(CreateScript, [Key(task.TaskId), _leases],
            [McpTaskRecordJson.Write(task with { Version = 0 }), expiresAt, LeaseScore(task), task.TaskId]).WaitAsync(cancellationToken).ConfigureAwait(false);
        if ((long)created != 1)
        {
            throw new InvalidOperationException($"A task with id '{task.TaskId}' exists already.");
        }
    }

    /// <inheritdoc/>
    public async Task<McpTaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken)
    {
        var values = await Db.HashGetAsync(Key(taskId), s_fields).WaitAsync(cancellationToken).ConfigureAwait(false);
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
        var replaced = await Db.ScriptEvaluateAsync(ReplaceScript, [Key(task.TaskId), _leases],
            [expectedVersion.ToString(CultureInfo.InvariantCulture), next.ToString(CultureInfo.InvariantCulture), McpTaskRecordJson.Write(task with { Version = next }), LeaseScore(task), task.TaskId])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)replaced == 1;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> FindLapsedLeasesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var db = Db;
        var members = await db.SortedSetRangeByScoreAsync(_leases, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: limit).WaitAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<string>(members.Length);
        foreach (var member in members)
        {
            string id = member.ToString();
            if (await db.KeyExistsAsync(Key(id)).WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(id);
            }
            else
            {
                // The task expired with its lease still listed: drop the entry so the set does not grow.
                await db.SortedSetRemoveAsync(_leases, member).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return ids;
    }

    private RedisKey Key(string taskId) => _prefix + taskId;

    /// <summary>Working tasks are listed by lease deadline; others not at all.</summary>
    private static RedisValue LeaseScore(McpTaskRecord task) =>
        task.Status == McpTaskStatus.Working && task.LeaseExpiresAt is { } expires ? expires.ToUnixTimeMilliseconds() : RedisValue.EmptyString;
}
