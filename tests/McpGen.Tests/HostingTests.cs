using System;
using System.IO;
using System.IO.Pipelines;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace McpGen.Tests;

public sealed class HostingTests
{
    private sealed class PipeStreams(Stream input, Stream output) : StdioStreams
    {
        public override Stream OpenInput() => input;

        public override Stream OpenOutput() => output;
    }

    [Fact]
    public Task Generic_host_serves_stdio_with_its_services_and_stops_when_stdin_closes() =>
        AssertServesWithPageSizeAsync(services => services.AddMcpStdioServer<TestServer>(o => o.PageSize = 3), expectedPageSize: 3);

    [Fact]
    public Task Stdio_host_reads_options_configured_the_way_http_servers_configure_them() =>
        AssertServesWithPageSizeAsync(
            services => services.Configure<McpServerOptions>(o => o.PageSize = 2).AddMcpStdioServer<TestServer>(),
            expectedPageSize: 2);

    private static async Task AssertServesWithPageSizeAsync(Action<IServiceCollection> addServer, int expectedPageSize)
    {
        var toServer = new Pipe();
        var fromServer = new Pipe();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IGreeter, Greeter>();
        builder.Services.AddSingleton<StdioStreams>(new PipeStreams(toServer.Reader.AsStream(), fromServer.Writer.AsStream()));
        addServer(builder.Services);
        using var host = builder.Build();
        var running = host.RunAsync();

        var input = toServer.Writer.AsStream();
        var output = new StreamReader(fromServer.Reader.AsStream(), Encoding.UTF8);
        await input.WriteAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"greet\",\"arguments\":{\"name\":\"Host\"}," + TestClient.Meta + "}}\n"));
        await input.WriteAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{" + TestClient.Meta + "}}\n"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        // Requests run concurrently: match responses by id.
        var responses = new System.Collections.Generic.Dictionary<int, System.Text.Json.JsonElement>();
        for (int i = 0; i < 2; i++)
        {
            var response = TestClient.Parse((await output.ReadLineAsync(timeout.Token))!);
            responses[response.GetProperty("id").GetInt32()] = response;
        }

        Assert.Equal("Hello, Host!", TestClient.SingleText(responses[1].GetProperty("result")));
        Assert.Equal(expectedPageSize, responses[2].GetProperty("result").GetProperty("tools").GetArrayLength());

        input.Close();
        await running.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
