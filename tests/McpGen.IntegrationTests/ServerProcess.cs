using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen.IntegrationTests;

/// <summary>An MCP server started as a child process, spoken to over its stdin and stdout.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    public const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private ServerProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static ServerProcess Start(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new ServerProcess(Process.Start(info) ?? throw new InvalidOperationException("Could not start " + fileName));
    }

    public static ServerProcess StartQuickStart() => Start("dotnet", Repo.QuickStartDll);

    public static ServerProcess StartConformanceServer() => Start("dotnet", Repo.SampleDll("ConformanceServer"), "--stdio");

    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public async Task<JsonElement> ReadAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        string? line = await _process.StandardOutput.ReadLineAsync(cts.Token);
        Assert.True(line is not null, "the server closed stdout; stderr: " + StandardError);
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    public async Task<JsonElement> RequestAsync(object id, string method, string? @params = null)
    {
        string idJson = id is string s ? "\"" + s + "\"" : Convert.ToString(id, System.Globalization.CultureInfo.InvariantCulture)!;
        await SendAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{idJson},\"method\":\"{method}\",\"params\":{{{(@params is null ? Meta : @params + "," + Meta)}}}}}");
        var response = await ReadAsync();
        Assert.Equal(idJson, response.GetProperty("id").GetRawText());
        return response;
    }

    /// <summary>Sends SIGTERM, as a container runtime or a process manager stops a server, and waits for the exit code.</summary>
    public async Task<int> TerminateAndWaitAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Closes stdin and waits for a clean exit.</summary>
    public async Task<int> CloseAndWaitAsync()
    {
        _process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (Exception)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }
}

/// <summary>Paths in this repository.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    public static string QuickStartDll => SampleDll("QuickStart");

    public static string SampleDll(string name) => Path.Combine(Root, "samples", name, "bin", Configuration, "net10.0", name + ".dll");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "McpGen.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("McpGen.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Runs a command to completion, capturing its output.</summary>
internal static class Command
{
    public static Task<(int ExitCode, string Output)> RunAsync(string fileName, string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        RunAsync(fileName, workingDirectory, timeout, new Dictionary<string, string>(), arguments);

    /// <summary>Runs a command with extra <paramref name="environment"/> variables.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Child builds must not inherit the test host's MSBuild settings.
        info.Environment.Remove("MSBuildExtensionsPath");
        info.Environment.Remove("MSBuildSDKsPath");
        info.Environment.Remove("MSBUILD_EXE_PATH");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }
}

/// <summary>An HTTP server process started on a free loopback port, with a client for MCP requests.</summary>
internal sealed class HttpServerProcess : IAsyncDisposable
{
    /// <summary>Client capabilities declaring the tasks extension.</summary>
    public const string TasksCapabilities = "{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}";

    public const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private HttpServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public HttpClient Client { get; }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port => Client.BaseAddress!.Port;

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Sends SIGTERM, as a container runtime stops a server; <see cref="WaitForExitAsync"/> waits for the end.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits (bounded) for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> plus <c>--urls</c> and waits until it answers.</summary>
    public static async Task<HttpServerProcess> StartAsync(string fileName, params string[] arguments)
    {
        int port = FreeLoopbackPort();
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        var server = new HttpServerProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}/"));
        for (int attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                using var response = await server.Client.GetAsync("mcp");
                return server; // any answer (405) means it is listening
            }
            catch (HttpRequestException) when (!server._process.HasExited)
            {
                await Task.Delay(100);
            }
        }

        string output = server.Output;
        await server.DisposeAsync();
        throw new InvalidOperationException($"{fileName} did not answer on port {port}:\n{output}");
    }

    /// <summary>A loopback port nothing listens on right now and no other server of this test run is given.</summary>
    public static int FreeLoopbackPort() => McpGen.Redis.Tests.LoopbackPorts.Reserve();

    /// <summary>POSTs a 2026-07-28 request with its mirrored headers; returns the status, content type and body.</summary>
    public async Task<(int Status, string? ContentType, string Body)> PostAsync(string method, string? paramsWithoutMeta = null, string? name = null, string? progressToken = null)
    {
        using var response = await SendAsync(method, paramsWithoutMeta, name, progressToken);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// POSTs a 2026-07-28 request with its mirrored headers, declaring <paramref name="clientCapabilities"/> (a JSON
    /// object) in <c>_meta</c> and sending <paramref name="bearerToken"/> when given.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        string method, string? paramsWithoutMeta = null, string? name = null, string? progressToken = null,
        string clientCapabilities = "{}", string? bearerToken = null)
    {
        string meta = Meta.Replace("clientCapabilities\":{}", "clientCapabilities\":" + clientCapabilities);
        meta = progressToken is null ? meta : meta.Replace("\"_meta\":{", $"\"_meta\":{{\"progressToken\":\"{progressToken}\",");
        string @params = paramsWithoutMeta is null ? "{" + meta + "}" : "{" + paramsWithoutMeta + "," + meta + "}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "mcp")
        {
            Content = new StringContent($"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"{method}\",\"params\":{@params}}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        request.Headers.Add("Mcp-Method", method);
        if (name is not null)
        {
            request.Headers.Add("Mcp-Name", name);
        }

        if (bearerToken is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>Calls <paramref name="tool"/> as a task (declaring the extension) and returns the task id.</summary>
    public async Task<string> StartTaskAsync(string tool, string arguments)
    {
        using var created = await SendAsync("tools/call", $"\"name\":\"{tool}\",\"arguments\":{arguments}", tool, clientCapabilities: TasksCapabilities);
        string body = await created.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body).RootElement.GetProperty("result").GetProperty("taskId").GetString() ?? throw new InvalidOperationException("no task id in " + body);
    }

    /// <summary>Polls <c>tasks/get</c> on this instance until the task is no longer <c>working</c>; returns the last result.</summary>
    public async Task<JsonElement> PollTaskAsync(string taskId, string clientCapabilities)
    {
        for (int attempt = 0; ; attempt++)
        {
            using var response = await SendAsync("tasks/get", $"\"taskId\":\"{taskId}\"", taskId, clientCapabilities: clientCapabilities);
            string body = await response.Content.ReadAsStringAsync();
            var result = JsonDocument.Parse(body).RootElement.GetProperty("result").Clone();
            if (result.GetProperty("status").GetString() != "working" || attempt == 150)
            {
                return result;
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
