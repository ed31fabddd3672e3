using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using McpGen;
using McpGen.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using SdkClient = ModelContextProtocol.Client.McpClient;
using SdkClientOptions = ModelContextProtocol.Client.McpClientOptions;
using SdkHttpTransport = ModelContextProtocol.Client.HttpClientTransport;
using SdkHttpTransportOptions = ModelContextProtocol.Client.HttpClientTransportOptions;
using SdkTransportMode = ModelContextProtocol.Client.HttpTransportMode;

/// <summary>The echo tool of <see cref="BenchServer"/>, as a typed client sees it.</summary>
[McpClient]
public partial interface IBenchEcho
{
    /// <summary>Echoes the message.</summary>
    [McpRemoteTool]
    Task<string> EchoAsync(string message, CancellationToken cancellationToken = default);
}

/// <summary>
/// Issue 23: one <c>tools/call</c> echo round trip over Streamable HTTP on 127.0.0.1 (real sockets, keep-alive), through
/// McpGen's typed client, McpGen's untyped client and the official C# SDK's client (HttpClientTransport in Streamable HTTP
/// mode, after its handshake). The server is McpGen's: Kestrel in this process (<c>in-process</c>: the Allocated column
/// then counts the server's allocations too), or benchmarks/http/McpGenServer as a child process (<c>child process</c>:
/// Allocated is the client's alone). Every client makes the same call and checks the answer.
/// </summary>
[MemoryDiagnoser]
public class ClientBenchmarks
{
    private const string Message = "hello";

    private IAsyncDisposable? _server;
    private Process? _child;
    private HttpClient _http = null!;
    private McpGen.Client.McpClient _mcpgen = null!;
    private IBenchEcho _typed = null!;
    private SdkClient _sdk = null!;
    private readonly Dictionary<string, JsonElement> _untypedArguments = new() { ["message"] = JsonSerializer.SerializeToElement(Message, BenchClientJson.Default.String) };
    private readonly Dictionary<string, object?> _sdkArguments = new() { ["message"] = Message };

    [Params("in-process", "child process")]
    public string Server { get; set; } = "in-process";

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        Uri endpoint;
        if (Server == "in-process")
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.MapMcp<BenchServer>("/mcp");
            await app.StartAsync();
            _server = app;
            endpoint = new Uri(app.Urls.Single() + "/mcp");
        }
        else
        {
            endpoint = await StartChildServerAsync();
        }

        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        _mcpgen = McpGen.Client.McpClient.Create(_http, endpoint);
        _typed = _mcpgen.As<IBenchEcho>();
        _sdk = await SdkClient.CreateAsync(
            new SdkHttpTransport(new SdkHttpTransportOptions { Endpoint = endpoint, TransportMode = SdkTransportMode.StreamableHttp }, _http, null, ownsHttpClient: false),
            new SdkClientOptions());

        // Each client connects (discover or initialize) and is checked once before measuring.
        if (await Typed() != Message || await Untyped() != Message || await OfficialSdk() != Message)
        {
            throw new InvalidOperationException("a client did not echo the message");
        }

        Console.WriteLine($"// McpGen client protocol: {_mcpgen.ProtocolVersion}; SDK client protocol: {_sdk.NegotiatedProtocolVersion}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sdk.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _mcpgen.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _http.Dispose();
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_child is { HasExited: false })
        {
            _child.Kill(entireProcessTree: true);
            _child.WaitForExit();
        }
    }

    [Benchmark(Description = "McpGen typed client")]
    public Task<string> Typed() => _typed.EchoAsync(Message);

    [Benchmark(Description = "McpGen untyped client")]
    public async Task<string?> Untyped()
    {
        var result = await _mcpgen.CallToolAsync("echo", _untypedArguments);
        return ((ModelContextProtocol.Protocol.TextContentBlock)result.Content[0]).Text;
    }

    [Benchmark(Baseline = true, Description = "official SDK client 2.4.0")]
    public async Task<string?> OfficialSdk()
    {
        var result = await _sdk.CallToolAsync("echo", _sdkArguments);
        return ((ModelContextProtocol.Protocol.TextContentBlock)result.Content[0]).Text;
    }

    /// <summary>Starts benchmarks/http/McpGenServer (built with this project) on a free loopback port.</summary>
    private async Task<Uri> StartChildServerAsync()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "McpGen.sln")))
        {
            dir = dir.Parent;
        }

        string dll = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("McpGen.sln not found"), "benchmarks", "http", "McpGenServer", "bin", "Release", "net10.0", "McpGenServer.dll");
        int port;
        using (var probe = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        _child = Process.Start(info)!;
        _child.OutputDataReceived += static (_, _) => { };
        _child.ErrorDataReceived += static (_, _) => { };
        _child.BeginOutputReadLine();
        _child.BeginErrorReadLine();
        for (int attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return new Uri($"http://127.0.0.1:{port}/mcp");
            }
            catch (SocketException) when (!_child.HasExited)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("McpGenServer did not start: " + dll);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class BenchClientJson : System.Text.Json.Serialization.JsonSerializerContext;
