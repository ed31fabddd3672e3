using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;

// Starts a stdio MCP server, writes the requests of a JSON Lines file to it, and exits as soon as the server answers
// the request with the given id (then kills the server). Run under hyperfine, it measures "process start to that
// answer" the same way for every server, whatever each does at end of input (some cancel pending requests on EOF).
//   StdioProbe <requests.jsonl> <id> <server> [server arguments...]
if (args.Length < 3 || !int.TryParse(args[1], out int expectedId))
{
    Console.Error.WriteLine("usage: StdioProbe <requests.jsonl> <id> <server> [server arguments...]");
    return 2;
}

var info = new ProcessStartInfo(args[2])
{
    RedirectStandardInput = true,
    RedirectStandardOutput = true,
    RedirectStandardError = false,
    UseShellExecute = false,
};
for (int i = 3; i < args.Length; i++)
{
    info.ArgumentList.Add(args[i]);
}

using var server = Process.Start(info) ?? throw new InvalidOperationException("could not start " + args[2]);
server.StandardInput.Write(File.ReadAllText(args[0]));
server.StandardInput.Flush();
int exit = 1;
while (server.StandardOutput.ReadLine() is { } line)
{
    using var message = JsonDocument.Parse(line);
    if (message.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && id.GetInt32() == expectedId)
    {
        exit = message.RootElement.TryGetProperty("result", out _) ? 0 : 1;
        if (exit != 0)
        {
            Console.Error.WriteLine("error answer: " + line);
        }

        break;
    }
}

if (exit == 1 && server.HasExited)
{
    Console.Error.WriteLine($"{args[2]} exited with {server.ExitCode} before answering request {expectedId}");
}

server.Kill();
server.WaitForExit();
return exit;
