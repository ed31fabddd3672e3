using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen.Client.InteropTests;

/// <summary>Paths in this repository and in the test output.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    public static string SampleDll(string name) => Path.Combine(Root, "samples", name, "bin", Configuration, "net10.0", name + ".dll");

    public static string OfficialSdkStdioServerDll =>
        Path.Combine(Root, "tests", "OfficialSdkStdioServer", "bin", Configuration, "net10.0", "OfficialSdkStdioServer.dll");

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

/// <summary>A server started as a child process that listens on a loopback port; killed on dispose.</summary>
internal sealed class ListeningProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ListeningProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/mcp");

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

    /// <summary>Starts <paramref name="fileName"/>; <c>{port}</c> in an argument becomes a free loopback port. Returns once the port accepts connections.</summary>
    public static async Task<ListeningProcess> StartAsync(string fileName, string? workingDirectory, params string[] arguments)
    {
        int port = FreeLoopbackPort();
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        var server = new ListeningProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start " + fileName), port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && !server._process.HasExited)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        string output = server.Output;
        await server.DisposeAsync();
        throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} did not listen on port {port}:\n{output}");
    }

    /// <summary>
    /// A port no other server of this test run is given: two servers starting in parallel could both be handed the same
    /// kernel-chosen port (a TypeScript child once answered "connection refused" mid-test).
    /// </summary>
    public static int FreeLoopbackPort() => McpGen.Redis.Tests.LoopbackPorts.Reserve();

    public async ValueTask DisposeAsync()
    {
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

        using var process = Process.Start(info)!;
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

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}

/// <summary>
/// The TypeScript SDK from npm, installed (with Node 22, as scripts/conformance.sh installs the conformance suite) into a
/// cache folder on first use; <c>MCPGEN_INTEROP_CACHE</c> overrides the folder. The server script is copied next to its
/// node_modules, since ES modules resolve packages from the script's folder.
/// </summary>
internal static class TypeScriptSdk
{
    public const string Version = "1.32.2";

    private static readonly SemaphoreSlim s_gate = new(1, 1);

    public static bool NpmAvailable => Command.OnPath("npm") is not null;

    public static string Folder { get; } = Environment.GetEnvironmentVariable("MCPGEN_INTEROP_CACHE") is { Length: > 0 } cache
        ? cache
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "mcpgen-interop", "ts-sdk-" + Version);

    public static string Node => Path.Combine(Folder, "node_modules", "node", "bin", "node");

    public static string Script => Path.Combine(Folder, "server.mjs");

    /// <summary>Installs the SDK and Node 22 when missing and copies the server script; returns the script's path.</summary>
    public static async Task<string> EnsureInstalledAsync()
    {
        await s_gate.WaitAsync();
        try
        {
            string sdkPackage = Path.Combine(Folder, "node_modules", "@modelcontextprotocol", "sdk", "package.json");
            if (!File.Exists(sdkPackage) || !File.ReadAllText(sdkPackage).Contains($"\"version\": \"{Version}\"", StringComparison.Ordinal) || !File.Exists(Node))
            {
                Directory.CreateDirectory(Folder);
                var install = await Command.RunAsync(Command.OnPath("npm")!, Folder, TimeSpan.FromMinutes(3),
                    "install", "--prefix", Folder, "--no-audit", "--no-fund", "--loglevel=error", "node@22", "@modelcontextprotocol/sdk@" + Version);
                Assert.True(install.ExitCode == 0, "npm install failed:\n" + install.Output);
            }

            File.Copy(Path.Combine(AppContext.BaseDirectory, "TypeScript", "server.mjs"), Script, overwrite: true);
            return Script;
        }
        finally
        {
            s_gate.Release();
        }
    }
}

/// <summary>A fact that needs npm: skipped, saying so, only when npm is not on PATH.</summary>
public sealed class NpmFactAttribute : FactAttribute
{
    public NpmFactAttribute()
    {
        if (!TypeScriptSdk.NpmAvailable)
        {
            Skip = "npm is not on PATH: the TypeScript SDK server (@modelcontextprotocol/sdk) cannot be installed.";
        }
    }
}

/// <summary>A theory that needs npm: skipped, saying so, only when npm is not on PATH.</summary>
public sealed class NpmTheoryAttribute : TheoryAttribute
{
    public NpmTheoryAttribute()
    {
        if (!TypeScriptSdk.NpmAvailable)
        {
            Skip = "npm is not on PATH: the TypeScript SDK server (@modelcontextprotocol/sdk) cannot be installed.";
        }
    }
}

/// <summary>
/// The TypeScript SDK v2 server (<c>@modelcontextprotocol/server</c>, protocol revision 2026-07-28) with its node:http
/// adapter (<c>@modelcontextprotocol/node</c>), the tasks extension's requester (<c>@modelcontextprotocol/ext-tasks</c>) and Node 22, installed like <see cref="TypeScriptSdk"/> into a folder of
/// its own; <c>MCPGEN_INTEROP_V2_CACHE</c> overrides the folder. Versions are pinned, zod too (the SDK's only other dependency).
/// </summary>
internal static class TypeScriptSdkV2
{
    public const string Version = "2.4.0";

    public const string NodeAdapterVersion = "2.1.2";

    public const string ZodVersion = "4.6.7";

    /// <summary>The official requester of the tasks extension (TypeScript/tasks-requester.mjs uses it).</summary>
    public const string ExtTasksVersion = "0.2.2";

    /// <summary>The SDK's client package: ext-tasks' client entry point imports it (an optional peer dependency).</summary>
    public const string ClientVersion = "2.4.0";

    private static readonly SemaphoreSlim s_gate = new(1, 1);

    public static string Folder { get; } = Environment.GetEnvironmentVariable("MCPGEN_INTEROP_V2_CACHE") is { Length: > 0 } cache
        ? cache
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "mcpgen-interop", "ts-sdk-v2-" + Version);

    public static string Node => Path.Combine(Folder, "node_modules", "node", "bin", "node");

    public static string Script => Path.Combine(Folder, "server-v2.mjs");

    public static string Requester => Path.Combine(Folder, "tasks-requester.mjs");

    /// <summary>Installs the SDK and Node 22 when missing and copies the server script; returns the script's path.</summary>
    public static async Task<string> EnsureInstalledAsync()
    {
        await s_gate.WaitAsync();
        try
        {
            if (!Installed("server", Version) || !Installed("node", NodeAdapterVersion) || !Installed("ext-tasks", ExtTasksVersion) || !Installed("client", ClientVersion) || !File.Exists(Node))
            {
                Directory.CreateDirectory(Folder);
                var install = await Command.RunAsync(Command.OnPath("npm")!, Folder, TimeSpan.FromMinutes(3),
                    "install", "--prefix", Folder, "--no-audit", "--no-fund", "--loglevel=error", "node@22",
                    "@modelcontextprotocol/server@" + Version, "@modelcontextprotocol/node@" + NodeAdapterVersion, "zod@" + ZodVersion,
                    "@modelcontextprotocol/ext-tasks@" + ExtTasksVersion, "@modelcontextprotocol/client@" + ClientVersion);
                Assert.True(install.ExitCode == 0, "npm install failed:\n" + install.Output);
            }

            File.Copy(Path.Combine(AppContext.BaseDirectory, "TypeScript", "server-v2.mjs"), Script, overwrite: true);
            File.Copy(Path.Combine(AppContext.BaseDirectory, "TypeScript", "tasks-requester.mjs"), Requester, overwrite: true);
            return Script;
        }
        finally
        {
            s_gate.Release();
        }
    }

    private static bool Installed(string package, string version)
    {
        string manifest = Path.Combine(Folder, "node_modules", "@modelcontextprotocol", package, "package.json");
        return File.Exists(manifest) && File.ReadAllText(manifest).Contains($"\"version\": \"{version}\"", StringComparison.Ordinal);
    }
}
