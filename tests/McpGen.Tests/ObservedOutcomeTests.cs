using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace McpGen.Tests;

/// <summary>
/// The outcome observation reports comes from what the handlers record while they write the answer (issue 22), not
/// from parsing the answer: every kind of ending, checked through an audit sink.
/// </summary>
public sealed class ObservedOutcomeTests
{
    private const string Meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":CAPS}";

    private sealed class RecordingSink : IMcpAuditSink
    {
        public ConcurrentQueue<McpAuditEvent> Events { get; } = new();

        public ValueTask WriteAsync(McpAuditEvent auditEvent, CancellationToken cancellationToken)
        {
            Events.Enqueue(auditEvent);
            return default;
        }
    }

    private static async Task<McpAuditEvent> ObserveAsync(McpServerDefinition definition, string method, string parameters, string capabilities = "{}")
    {
        var sink = new RecordingSink();
        var services = new ServiceCollection().AddSingleton<IMcpAuditSink>(sink).AddSingleton(new McpAuditOptions { IncludeReadOnlyMethods = true }).BuildServiceProvider();
        await using var processor = new McpRequestProcessor(definition, services);
        string body = parameters.Length == 0 ? Meta : parameters + "," + Meta;
        string message = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{" + body.Replace("CAPS", capabilities) + "}}";
        var response = new ArrayBufferWriter<byte>();
        await processor.ProcessAsync(Encoding.UTF8.GetBytes(message), response, new McpConnection());
        return Assert.Single(sink.Events);
    }

    [Fact]
    public async Task A_result_is_succeeded()
    {
        var audit = await ObserveAsync(TestServer.Definition, "tools/call", "\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}");
        Assert.Equal(McpAuditOutcome.Succeeded, audit.Outcome);
        Assert.Null(audit.ErrorCode);
    }

    [Theory]
    [InlineData("throws", "{\"message\":\"boom\"}")]
    [InlineData("custom", "{}")]
    public async Task A_thrown_or_returned_is_error_result_is_a_tool_error(string tool, string arguments)
    {
        var audit = await ObserveAsync(TestServer.Definition, "tools/call", "\"name\":\"" + tool + "\",\"arguments\":" + arguments);
        Assert.Equal(McpAuditOutcome.ToolError, audit.Outcome);
    }

    [Fact]
    public async Task A_json_rpc_error_is_an_error_with_its_code_and_message()
    {
        var audit = await ObserveAsync(TestServer.Definition, "tools/call", "\"name\":\"no_such_tool\",\"arguments\":{}");
        Assert.Equal(McpAuditOutcome.Error, audit.Outcome);
        Assert.Equal(McpProtocol.ErrorCodes.InvalidParams, audit.ErrorCode);
        Assert.Equal("Unknown tool 'no_such_tool'.", audit.ErrorMessage);
    }

    [Fact]
    public async Task A_request_refused_before_routing_is_rejected()
    {
        var audit = await ObserveAsync(TestServer.Definition, "initialize", "");
        Assert.Equal(McpAuditOutcome.Rejected, audit.Outcome);
        Assert.Equal(McpProtocol.ErrorCodes.MethodNotFound, audit.ErrorCode);
        Assert.Contains("not part of protocol revision 2026-07-28", audit.ErrorMessage);
    }

    [Fact]
    public async Task An_unanswered_ask_is_input_required()
    {
        var audit = await ObserveAsync(InputTestServer.Definition, "tools/call", "\"name\":\"deploy\",\"arguments\":{\"service\":\"api\"}", "{\"elicitation\":{}}");
        Assert.Equal(McpAuditOutcome.InputRequired, audit.Outcome);
    }

    [Fact]
    public async Task A_call_that_became_a_task_is_task_created()
    {
        var audit = await ObserveAsync(TaskTestServer.Definition, "tools/call", "\"name\":\"wait\",\"arguments\":{\"milliseconds\":1}",
            "{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}");
        Assert.Equal(McpAuditOutcome.TaskCreated, audit.Outcome);
    }
}
