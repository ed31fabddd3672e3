using System;
using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using McpGen;
using McpGen.Redis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

/// <summary>Tools the task benchmarks run.</summary>
public static class BenchTaskTools
{
    /// <summary>Answers at once, as a task.</summary>
    [McpTool(TaskSupport = McpTaskSupport.Optional)]
    public static string Instant(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return "done";
    }
}

/// <summary>
/// Task creation (<c>tools/call</c> answered with a stored task) and <c>tasks/get</c>, against the in-memory store and a
/// real redis-server on loopback (started here, without persistence). Needs redis-server on the PATH.
/// </summary>
[MemoryDiagnoser]
public class TaskBenchmarks
{
    private const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}}";

    private readonly ArrayBufferWriter<byte> _response = new(4096);
    private readonly McpConnection _connection = new();
    private readonly byte[] _create = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"instant\",\"arguments\":{}," + Meta + "}}");
    private Process? _redisServer;
    private ConnectionMultiplexer? _redis;
    private McpRequestProcessor _memory = null!;
    private McpRequestProcessor _redisBacked = null!;
    private byte[] _getMemory = [];
    private byte[] _getRedis = [];

    [Params("memory", "redis")]
    public string Store { get; set; } = "memory";

    [GlobalSetup]
    public void Setup()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _redisServer = System.Diagnostics.Process.Start(new ProcessStartInfo("redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no") { RedirectStandardOutput = true, UseShellExecute = false })!;
        for (int i = 0; i < 100 && _redis is not { IsConnected: true }; i++)
        {
            Thread.Sleep(50);
            try
            {
                _redis = ConnectionMultiplexer.Connect($"127.0.0.1:{port}");
            }
            catch (RedisConnectionException)
            {
            }
        }

        _memory = new McpRequestProcessor(BenchServer.Definition);
        _redisBacked = new McpRequestProcessor(BenchServer.Definition, new ServiceCollection().AddSingleton<IMcpTaskStore>(new RedisMcpTaskStore(_redis!)).BuildServiceProvider());
        _getMemory = GetRequest(_memory);
        _getRedis = GetRequest(_redisBacked);
    }

    /// <summary>A tasks/get of a task that has completed.</summary>
    private byte[] GetRequest(McpRequestProcessor processor)
    {
        _response.ResetWrittenCount();
        processor.ProcessAsync(_create, _response, _connection).AsTask().GetAwaiter().GetResult();
        string taskId = JsonDocument.Parse(_response.WrittenMemory).RootElement.GetProperty("result").GetProperty("taskId").GetString()!;
        Thread.Sleep(200);
        return Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tasks/get\",\"params\":{\"taskId\":\"" + taskId + "\"," + Meta + "}}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _redis?.Dispose();
        _redisServer?.Kill();
        _redisServer?.Dispose();
    }

    [Benchmark(Description = "tools/call creating a task (stored, run started)")]
    public ValueTask<McpProcessResult> Create() => Process(_create);

    [Benchmark(Description = "tasks/get of a completed task")]
    public ValueTask<McpProcessResult> Get() => Process(Store == "redis" ? _getRedis : _getMemory);

    private ValueTask<McpProcessResult> Process(byte[] request)
    {
        _response.ResetWrittenCount();
        return (Store == "redis" ? _redisBacked : _memory).ProcessAsync(request, _response, _connection);
    }
}
