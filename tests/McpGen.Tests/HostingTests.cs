using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.IO.Pipelines;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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

    [Fact]
    public Task Stdio_host_reads_options_from_a_configuration_section() =>
        AssertServesWithPageSizeAsync(
            services => services
                .ConfigureMcpServer(new ConfigurationBuilder().AddInMemoryCollection([new("McpGen:PageSize", "1")]).Build().GetSection("McpGen"))
                .AddMcpStdioServer<TestServer>(),
            expectedPageSize: 1);

    [Fact]
    public void Every_option_binds_from_configuration_as_environment_variables_and_appsettings_write_them()
    {
        string key1 = Convert.ToBase64String(new byte[32]), key2 = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["McpGen:PageSize"] = "25",
            ["McpGen:MaxMessageBytes"] = "65536",
            ["McpGen:MaxResourceSubscriptions"] = "50",
            ["McpGen:MaxResourceUriLength"] = "512",
            ["McpGen:ListTimeToLive"] = "00:01:00",
            ["McpGen:ListCacheScope"] = "private",
            ["McpGen:ResourceTimeToLive"] = "00:00:10",
            ["McpGen:ResourceCacheScope"] = "Public",
            ["McpGen:ClientRequestTimeout"] = "00:02:00",
            ["McpGen:LegacyClientLogLevel"] = "Warning",
            ["McpGen:RequestState:Keys:0"] = key1,
            ["McpGen:RequestState:Keys:1"] = key2,
            ["McpGen:RequestState:Lifetime"] = "00:05:00",
            ["McpGen:Tasks:TimeToLive"] = "02:00:00",
            ["McpGen:Tasks:PollInterval"] = "00:00:02",
            ["McpGen:Tasks:Timeout"] = "00:30:00",
            ["McpGen:Tasks:LeaseDuration"] = "00:00:05",
            ["McpGen:Tasks:MaxAttempts"] = "5",
            ["McpGen:Tasks:MaxActiveTasksPerCaller"] = "7",
            ["McpGen:Tasks:MaxActiveTasks"] = "70",
            ["McpGen:Tasks:MaxFinishedTasksPerCaller"] = "700",
        }).Build();
        var options = new ServiceCollection().ConfigureMcpServer(configuration.GetSection("McpGen"))
            .Configure<McpServerOptions>(o => o.PageSize++)     // code registered later runs later
            .BuildServiceProvider().GetRequiredService<IOptions<McpServerOptions>>().Value;

        Assert.Equal(26, options.PageSize);
        Assert.Equal(65536, options.MaxMessageBytes);
        Assert.Equal(50, options.MaxResourceSubscriptions);
        Assert.Equal(512, options.MaxResourceUriLength);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ListTimeToLive);
        Assert.Equal(McpCacheScope.Private, options.ListCacheScope);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ResourceTimeToLive);
        Assert.Equal(McpCacheScope.Public, options.ResourceCacheScope);
        Assert.Equal(TimeSpan.FromMinutes(2), options.ClientRequestTimeout);
        Assert.Equal(LogLevel.Warning, options.LegacyClientLogLevel);
        Assert.Equal([key1, key2], options.RequestState.Keys.Select(Convert.ToBase64String));
        Assert.Equal(TimeSpan.FromMinutes(5), options.RequestState.Lifetime);
        Assert.Equal(TimeSpan.FromHours(2), options.Tasks.TimeToLive);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Tasks.PollInterval);
        Assert.Equal(TimeSpan.FromMinutes(30), options.Tasks.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Tasks.LeaseDuration);
        Assert.Equal(5, options.Tasks.MaxAttempts);
        Assert.Equal(7, options.Tasks.MaxActiveTasksPerCaller);
        Assert.Equal(70, options.Tasks.MaxActiveTasks);
        Assert.Equal(700, options.Tasks.MaxFinishedTasksPerCaller);

        // One key as a plain value (McpGen__RequestState__Keys=…), and keys not given leave the defaults.
        var single = Bind(new() { ["McpGen:RequestState:Keys"] = key2 });
        Assert.Equal([key2], single.RequestState.Keys.Select(Convert.ToBase64String));
        Assert.Equal(100, single.PageSize);
    }

    [Theory]
    [InlineData("McpGen:Tasks:LeaseDuration", "soon", "Configuration 'McpGen:Tasks:LeaseDuration' is 'soon', not a time span such as 00:00:30.")]
    [InlineData("McpGen:PageSize", "ten", "Configuration 'McpGen:PageSize' is 'ten', not an integer.")]
    [InlineData("McpGen:ListCacheScope", "shared", "Configuration 'McpGen:ListCacheScope' is 'shared', not one of Public, Private.")]
    [InlineData("McpGen:RequestState:Keys:0", "not base64!", "Configuration 'McpGen:RequestState:Keys:0' is 'not base64!', not a base64 key (make one with: openssl rand -base64 32).")]
    public void A_configuration_value_that_does_not_parse_fails_naming_its_key(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Bind(new() { [key] = value }));
        Assert.Equal(message, error.Message);
    }

    private static McpServerOptions Bind(Dictionary<string, string?> values) =>
        new ServiceCollection().ConfigureMcpServer(new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("McpGen"))
            .BuildServiceProvider().GetRequiredService<IOptions<McpServerOptions>>().Value;

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
