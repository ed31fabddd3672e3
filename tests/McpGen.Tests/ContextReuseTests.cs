using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace McpGen.Tests;

/// <summary>
/// A tool call's context is reused for later calls on the same thread only when no user code could have kept it
/// (<see cref="McpToolDescriptor.ContextStaysInternal"/>).
/// </summary>
public sealed class ContextReuseTests
{
    private readonly TestClient _client = new();

    [Fact]
    public void The_generator_lets_the_runtime_reuse_only_contexts_user_code_never_receives()
    {
        var definition = TestServer.Definition;
        Assert.True(definition.FindTool("echo"u8)!.ContextStaysInternal);
        Assert.True(definition.FindTool("progress"u8)!.ContextStaysInternal);
        Assert.True(definition.FindTool("slow"u8)!.ContextStaysInternal);
        Assert.False(definition.FindTool("keep"u8)!.ContextStaysInternal);
        Assert.False(definition.FindTool("who_am_i"u8)!.ContextStaysInternal);
    }

    [Fact]
    public async Task A_context_user_code_kept_is_never_handed_to_a_later_call()
    {
        Assert.Equal("first", await _client.CallTextAsync("keep", """{"tag":"first"}"""));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal("other " + i, await _client.CallTextAsync("echo", $$"""{"text":"other {{i}}"}"""));
        }

        Assert.Equal("second", await _client.CallTextAsync("keep", """{"tag":"second"}"""));

        var kept = ContextTools.Kept.ToArray()[^2..].Cast<McpToolCall>().ToArray();
        Assert.NotSame(kept[0], kept[1]);
        Assert.Equal("keep", kept[0].Tool.Name);
        Assert.Equal("""{"tag":"first"}""", Encoding.UTF8.GetString(kept[0].Arguments.Span));
        Assert.Equal("""{"tag":"second"}""", Encoding.UTF8.GetString(kept[1].Arguments.Span));
        Assert.Equal(McpProtocol.LatestVersion, kept[0].ProtocolVersion);
    }

    [Fact]
    public async Task Each_call_on_a_reused_context_sees_only_its_own_request()
    {
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal("call " + i, await _client.CallTextAsync("echo", $$"""{"text":"call {{i}}"}"""));
            Assert.Equal("ok", await _client.CallTextAsync("progress", """{"steps":1}"""));
            Assert.Equal("done", await _client.CallTextAsync("slow", """{"milliseconds":1}"""));
            Assert.Equal("Unknown tool 'nope'.", (await _client.ErrorAsync("tools/call", "\"name\":\"nope\",\"arguments\":{}")).GetProperty("message").GetString());
            Assert.Equal("2026-07-28|anonymous|False|tools/call", await _client.CallTextAsync("who_am_i"));
        }
    }
}
