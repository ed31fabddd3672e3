using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
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
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string workingDirectory, TimeSpan timeout, params string[] arguments)
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
