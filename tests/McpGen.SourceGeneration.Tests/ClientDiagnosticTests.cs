using System.Linq;
using Microsoft.CodeAnalysis;

namespace McpGen.SourceGeneration.Tests;

/// <summary>Each <c>[McpClient]</c> diagnostic fires at the declaration at fault, and the interface is not implemented.</summary>
public sealed class ClientDiagnosticTests
{
    private const string Usings = "using System.Threading; using System.Threading.Tasks; using McpGen.Client; ";

    private static Diagnostic Single(string source, string id)
    {
        var result = GeneratorHarness.Run(Usings + source);
        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal($"https://github.com/mcpgen/mcpgen/blob/main/docs/diagnostics/{id}.md", diagnostic.Descriptor.HelpLinkUri);
        Assert.True(diagnostic.Location.IsInSource);
        Assert.Empty(result.Sources);
        return diagnostic;
    }

    private static string At(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);

    [Fact]
    public void A_valid_interface_is_implemented_and_compiles_cleanly()
    {
        var result = GeneratorHarness.Run(Usings + "[McpClient] public partial interface IEcho { [McpRemoteTool] Task<string> EchoAsync(string text, CancellationToken cancellationToken = default); }");
        result.AssertCleanCompilation();
        Assert.Equal("IEcho.McpClient.g.cs", Assert.Single(result.Sources).HintName);
    }

    [Theory]
    [InlineData("[McpClient] public interface INotPartial { }")]
    [InlineData("[McpClient] public partial interface IGeneric<T> { }")]
    [InlineData("public class Outer { [McpClient] public partial interface INested { } }")]
    public void MCPG1101_the_interface_must_be_a_partial_non_generic_top_level_one(string source)
    {
        var d = Single(source, "MCPG1101");
        Assert.StartsWith("I", At(d));
    }

    [Fact]
    public void MCPG1102_a_method_without_a_remote_attribute()
    {
        var d = Single("[McpClient] public partial interface IDesk { Task<string> SearchAsync(string query); }", "MCPG1102");
        Assert.Equal("SearchAsync", At(d));
        Assert.Contains("'IDesk.SearchAsync'", d.GetMessage());
    }

    [Fact]
    public void A_method_with_a_default_implementation_is_the_users_own()
    {
        var result = GeneratorHarness.Run(Usings + "[McpClient] public partial interface IDesk { [McpRemoteTool] Task<string> EchoAsync(string text); async Task<int> LengthAsync(string text) => (await EchoAsync(text)).Length; }");
        result.AssertCleanCompilation();
    }

    [Theory]
    [InlineData("string Name { get; }", "only methods can call the server")]
    [InlineData("[McpRemoteTool] [McpRemotePrompt] Task<string> BothAsync();", "more than one")]
    [InlineData("[McpRemoteResource(\"tickets://{id}\")] Task<string> GetAsync(string ticketId);", "the URI template variable 'id' has no parameter of that name")]
    [InlineData("[McpRemoteResource(\"tickets://{?id}\")] Task<string> GetAsync(string id);", "operator '?'")]
    [InlineData("[McpRemoteResource(\"tickets://{id\")] Task<string> GetAsync(string id);", "is not a valid URI template")]
    [InlineData("[McpRemoteTool] Task<string> EchoAsync<T>(T value);", "generic methods")]
    public void MCPG1103_members_that_cannot_be_a_remote_call(string member, string reason)
    {
        var result = GeneratorHarness.Run(Usings + "[McpClient] public partial interface IDesk { " + member + " }");
        var d = Assert.Single(result.GeneratorDiagnostics, d => d.Id == "MCPG1103");
        Assert.Contains(reason, d.GetMessage());
        Assert.Empty(result.Sources);
    }

    [Theory]
    [InlineData("[McpRemotePrompt] Task<string> SummarizeAsync(int words);", "words", "prompt arguments are strings")]
    [InlineData("[McpRemoteTool] Task<string> EchoAsync(ref string text);", "text", "ref, out, in, params")]
    [InlineData("[McpRemoteTool] Task<string> EchoAsync(CancellationToken a, CancellationToken b);", "b", "already has a CancellationToken")]
    [InlineData("[McpRemoteResource(\"notes://{id}\")] Task<string> GetAsync(string id, string extra);", "extra", "has no variable 'extra'")]
    [InlineData("[McpRemoteResource(\"notes://{id}\")] Task<string> GetAsync(double id);", "id", "URI template variables")]
    public void MCPG1104_parameters_that_cannot_be_sent(string member, string parameter, string reason)
    {
        var result = GeneratorHarness.Run(Usings + "[McpClient] public partial interface IDesk { " + member + " }");
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("MCPG1104", d.Id);
        Assert.Contains($"Parameter '{parameter}'", d.GetMessage());
        Assert.Contains(reason, d.GetMessage());
        Assert.Empty(result.Sources);
    }

    [Theory]
    [InlineData("[McpRemoteTool] string Echo(string text);", "the call goes over the network")]
    [InlineData("[McpRemotePrompt] Task<int> CountAsync();", "a prompt returns GetPromptResult or string")]
    [InlineData("[McpRemoteTool] Task<System.Action> HandleAsync();", "System.Action")]
    public void MCPG1105_return_types_that_cannot_be_read(string member, string reason)
    {
        var d = Single("[McpClient] public partial interface IDesk { " + member + " }", "MCPG1105");
        Assert.Contains(reason, d.GetMessage());
    }

    [Fact]
    public void Invalid_remote_tool_names_are_MCPG1002()
    {
        var d = Single("[McpClient] public partial interface IDesk { [McpRemoteTool(\"has space\")] Task<string> EchoAsync(); }", "MCPG1002");
        Assert.Contains("'has space'", d.GetMessage());
    }
}
