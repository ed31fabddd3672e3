using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace McpGen.SourceGeneration.Tests;

/// <summary>Each diagnostic fires at the right place, and the tool it concerns is not emitted.</summary>
public sealed class DiagnosticTests
{
    private const string Server = "using McpGen; using System; using System.Threading.Tasks; [McpServer(\"s\")] public partial class S; ";

    private static Diagnostic Single(string source, string id, CSharpParseOptions? options = null)
    {
        var result = GeneratorHarness.Run(source, options);
        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal($"https://github.com/mcpgen/mcpgen/blob/main/docs/diagnostics/{id}.md", diagnostic.Descriptor.HelpLinkUri);
        Assert.True(diagnostic.Location.IsInSource);
        return diagnostic;
    }

    [Fact]
    public void MCPG0001_old_language_version()
    {
        var d = Single(Server + "public static class T { [McpTool] public static int A() => 1; }", "MCPG0001", GeneratorHarness.ParseOptions(LanguageVersion.CSharp10));
        Assert.Contains("C# 10", d.GetMessage());
    }

    [Fact]
    public void MCPG1001_server_not_partial()
    {
        var d = Single("using McpGen; [McpServer(\"s\")] public class NotPartial { }", "MCPG1001");
        Assert.Contains("'NotPartial'", d.GetMessage());
        Assert.Equal("NotPartial", d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan));
    }

    [Fact]
    public void MCPG1001_containing_class_not_partial()
    {
        Single("using McpGen; public class Outer { [McpServer(\"s\")] public partial class Inner; }", "MCPG1001");
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("this_name_is_far_too_long_to_be_a_tool_name_because_it_has_more_than_64_characters")]
    public void MCPG1002_invalid_tool_name(string name)
    {
        var d = Single(Server + $"public static class T {{ [McpTool(\"{name}\")] public static int A() => 1; }}", "MCPG1002");
        Assert.Contains($"'{name}'", d.GetMessage());
    }

    [Fact]
    public void MCPG1003_duplicate_tool_name_keeps_the_first()
    {
        var result = GeneratorHarness.Run(Server + "public static class A { [McpTool] public static int Same() => 1; } public static class B { [McpTool(\"same\")] public static int Other() => 2; }");
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("MCPG1003", d.Id);
        Assert.Contains("'same'", d.GetMessage());
        Assert.Empty(result.CompilationProblems);
        var text = result.Sources.Single().SourceText.ToString();
        Assert.Contains("global::A.Same()", text);
        Assert.DoesNotContain("global::B.Other()", text);
    }

    [Theory]
    [InlineData("object value", "'object' has no JSON shape")]
    [InlineData("byte[] data", "byte[] is not supported")]
    [InlineData("int[,] grid", "multi-dimensional arrays")]
    [InlineData("System.Collections.Generic.Dictionary<int, string> map", "string keys")]
    [InlineData("System.Tuple<int, int> pair", "framework type")]
    [InlineData("NoCtor value", "several constructors")]
    [InlineData("BadProp value", "property 'Value' of 'BadProp'")]
    public void MCPG1004_unsupported_parameter(string parameter, string reason)
    {
        var d = Single(Server + """
            public sealed class NoCtor { public NoCtor(int a) { } public NoCtor(string b) { } public int A { get; set; } }
            public sealed class BadProp { public object Value { get; set; } = new(); }
            public static class T { [McpTool] public static int A(
            """ + parameter + ") => 1; }", "MCPG1004");
        Assert.Contains(reason, d.GetMessage());
    }

    [Fact]
    public void MCPG1011_more_than_one_cancellation_token()
    {
        var d = Single(Server + "public static class T { [McpTool] public static int A(System.Threading.CancellationToken first, System.Threading.CancellationToken second) => 1; }", "MCPG1011");
        Assert.Contains("'first', 'second'", d.GetMessage());
        Assert.Equal("second", d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan));
    }

    [Fact]
    public void MCPG1005_unsupported_return_type()
    {
        var d = Single(Server + "public static class T { [McpTool] public static object A() => 1; }", "MCPG1005");
        Assert.Contains("tool 'a'", d.GetMessage());
    }

    [Theory]
    [InlineData("[McpTool] public static int A<TX>() => 1;", "generic")]
    [InlineData("[McpTool] public static async void A() { await Task.Yield(); }", "async void")]
    [InlineData("[McpTool] public static int A(ref int x) => x;", "ref, out, in")]
    [InlineData("[McpTool] public static int A(out int x) { x = 1; return x; }", "ref, out, in")]
    [InlineData("[McpTool] public static int A(params int[] x) => 1;", "params")]
    public void MCPG1006_unsupported_method_shape(string method, string reason)
    {
        var d = Single(Server + "public static class T { " + method + " }", "MCPG1006");
        Assert.Contains(reason, d.GetMessage());
    }

    [Fact]
    public void MCPG1007_instance_tool_on_an_abstract_class()
    {
        Single(Server + "public abstract class T { [McpTool] public int A() => 1; }", "MCPG1007");
    }

    [Theory]
    [InlineData("public static class T { [McpTool] private static int A() => 1; }")]
    [InlineData("public static class O { private static class T { [McpTool] public static int A() => 1; } }")]
    public void MCPG1008_inaccessible_tool(string source)
    {
        Single(Server + source, "MCPG1008");
    }

    [Theory]
    [InlineData("not a uri", "a resource URI must be absolute")]
    [InlineData("x://{a", "has no closing '}'")]
    [InlineData("x://a}", "closes no expression")]
    [InlineData("x://{}", "names no variable")]
    [InlineData("x://{a*}", "RFC 6570 level 4")]
    [InlineData("x://{a:3}", "RFC 6570 level 4")]
    [InlineData("x://{=a}", "reserved by RFC 6570")]
    [InlineData("x://{a-b}", "not a valid variable name")]
    [InlineData("{a}/b", "must start with its scheme")]
    [InlineData("x://{a}{b}", "follow each other with nothing between them")]
    [InlineData("x://{a}/{a}", "appears more than once")]
    public void MCPG3001_invalid_resource_uri(string uri, string reason)
    {
        var d = Single(Server + $"public static class R {{ [McpResource(\"{uri}\")] public static string A() => \"\"; }}", "MCPG3001");
        Assert.Contains(reason, d.GetMessage());
        Assert.Contains($"'{uri}'", d.GetMessage());
    }

    [Fact]
    public void MCPG3002_resource_parameter_that_is_not_a_template_variable()
    {
        var d = Single(Server + "public static class R { [McpResource(\"x://{id}\")] public static string A(int id, string other) => \"\"; }", "MCPG3002");
        Assert.Equal("Parameter 'other' of resource 'x://{id}' is not a variable of its URI template (its variables are id); resource arguments come only from the URI", d.GetMessage());
        Assert.Equal("other", d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan));
    }

    [Fact]
    public void MCPG3003_unbound_template_variable_is_a_warning_and_the_resource_is_still_served()
    {
        var result = GeneratorHarness.Run(Server + "public static class R { [McpResource(\"x://{id}/{rev}\")] public static string A(int id) => \"\"; }");
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("MCPG3003", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("Variable 'rev' of the URI template 'x://{id}/{rev}' has no parameter of that name, so its value is ignored", d.GetMessage());
        Assert.Contains("Read_a", result.Sources.Single().SourceText.ToString());
    }

    [Theory]
    [InlineData("[McpCompletion(Prompt = \"nope\", Argument = \"a\")]", "argument 'a' of prompt 'nope'")]
    [InlineData("[McpCompletion(Prompt = \"p\", Argument = \"missing\")]", "argument 'missing' of prompt 'p'")]
    [InlineData("[McpCompletion(ResourceTemplate = \"x://{other}\", Argument = \"id\")]", "variable 'id' of resource template 'x://{other}'")]
    public void MCPG3004_completion_target_not_found(string attribute, string target)
    {
        var d = Single(Server + "public static class P { [McpPrompt] public static string P1(string a) => a; [McpPrompt(\"p\")] public static string P2(string a) => a; [McpResource(\"x://{id}\")] public static string R(string id) => id; "
            + attribute + " public static string[] C(string value) => []; }", "MCPG3004");
        Assert.Equal($"The completion method 'P.C' refers to {target}, which server 's' does not have", d.GetMessage());
    }

    [Theory]
    [InlineData("[McpPrompt] public static string A(System.Collections.Generic.List<string> items) => \"\";", "Parameter 'items' of prompt 'a' cannot be bound: arguments arrive as strings")]
    [InlineData("[McpCompletion(Prompt = \"p\", Argument = \"a\")] public static string[] C(string value, IProgress<McpProgress> progress) => [];", "Parameter 'progress' of completion method 'T.C' cannot be bound: only tools, prompts and resource reads report progress")]
    [InlineData("[McpPrompt] public static string A(McpToolCall call) => \"\";", "Parameter 'call' of prompt 'a' cannot be bound: McpToolCall exists only in tools")]
    [InlineData("[McpResource(\"x://{v}\")] public static string A(System.Text.Json.JsonElement v) => \"\";", "Parameter 'v' of resource template 'x://{v}' cannot be bound: arguments arrive as strings")]
    [InlineData("[McpResourceList] public static Resource[] A(int page) => [];", "Parameter 'page' of resource listing 'T.A' cannot be bound")]
    [InlineData("[McpCompletion(Prompt = \"p\", Argument = \"a\")] public static string[] A(int value) => [];", "Parameter 'value' of completion method 'T.A' cannot be bound")]
    public void MCPG1004_unsupported_parameters_of_other_primitives(string member, string message)
    {
        var d = Single("using ModelContextProtocol.Protocol; " + Server + "public static class T { [McpPrompt(\"p\")] public static string P(string a) => a; " + member + " }", "MCPG1004");
        Assert.StartsWith(message, d.GetMessage());
    }

    [Theory]
    [InlineData("[McpResource(\"x://a\")] public static void A() { }", "resource 'x://a'")]
    [InlineData("[McpResource(\"x://a\")] public static Task A() => Task.CompletedTask;", "resource 'x://a'")]
    [InlineData("[McpPrompt] public static int A() => 1;", "prompt 'a'")]
    [InlineData("[McpCompletion(Prompt = \"p\", Argument = \"a\")] public static string A(string value) => value;", "completion method 'T.A'")]
    [InlineData("[McpResourceList] public static Task<IAsyncEnumerable<Resource>> A() => null!;", "resource listing 'T.A'")]
    public void MCPG1005_unsupported_return_types_of_other_primitives(string member, string subject)
    {
        var d = Single("using System.Collections.Generic; using ModelContextProtocol.Protocol; " + Server + "public static class T { [McpPrompt(\"p\")] public static string P(string a) => a; " + member + " }", "MCPG1005");
        Assert.StartsWith($"The return type of {subject} is not supported", d.GetMessage());
    }

    [Theory]
    [InlineData("[McpCompletion(Argument = \"a\")]")]
    [InlineData("[McpCompletion(Prompt = \"p\")]")]
    [InlineData("[McpCompletion(Prompt = \"p\", ResourceTemplate = \"x://{a}\", Argument = \"a\")]")]
    public void MCPG1006_completion_attribute_needs_one_target_and_an_argument(string attribute)
    {
        var d = Single(Server + "public static class T { [McpPrompt(\"p\")] public static string P(string a) => a; " + attribute + " public static string[] C(string value) => []; }", "MCPG1006");
        Assert.Equal("The method 'T.C' cannot be a completion: set Argument and exactly one of Prompt and ResourceTemplate on [McpCompletion]", d.GetMessage());
    }

    [Theory]
    [InlineData("[McpPrompt(\"bad name\")] public static string A() => \"\";", "The prompt name 'bad name' is invalid")]
    public void MCPG1002_invalid_prompt_name(string member, string message)
    {
        var d = Single(Server + "public static class T { " + member + " }", "MCPG1002");
        Assert.StartsWith(message, d.GetMessage());
    }

    [Theory]
    [InlineData("[McpResource(\"x://a\")] public static string A() => \"\"; [McpResource(\"x://a\")] public static string B() => \"\";", "Server 's' has more than one resource with the URI 'x://a'; each must be unique")]
    [InlineData("[McpResource(\"x://{a}\")] public static string A(string a) => a; [McpResource(\"x://{a}\")] public static string B(string a) => a;", "Server 's' has more than one resource template 'x://{a}'; each must be unique")]
    [InlineData("[McpPrompt(\"p\")] public static string A() => \"\"; [McpPrompt(\"p\")] public static string B() => \"\";", "Server 's' has more than one prompt named 'p'; each must be unique")]
    public void MCPG1003_duplicate_resources_and_prompts(string members, string message)
    {
        var d = Single(Server + "public static class T { " + members + " }", "MCPG1003");
        Assert.Equal(message, d.GetMessage());
    }

    [Fact]
    public void A_valid_tool_next_to_an_invalid_one_is_still_served()
    {
        var result = GeneratorHarness.Run(Server + "public static class T { [McpTool] public static int Good() => 1; [McpTool] public static int Bad(object o) => 1; }");
        Assert.Equal("MCPG1004", Assert.Single(result.GeneratorDiagnostics).Id);
        Assert.Empty(result.CompilationProblems);
        Assert.Contains("\"good\"", result.Sources.Single().SourceText.ToString());
    }

    internal static string RepoRoot()
    {
        var dir = new System.IO.DirectoryInfo(System.AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "McpGen.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new System.InvalidOperationException("McpGen.sln not found above the test directory.");
    }

    [Theory]
    [InlineData("Publisher = \"Example Corp\"", "Publisher")]
    [InlineData("WebsiteUrl = \"example.com\"", "WebsiteUrl")]
    [InlineData("Title = \"" + "This title is much too long for a server card, which allows one hundred characters at most in its title" + "\"", "Title")]
    public void MCPG4001_invalid_server_card_declaration(string argument, string field)
    {
        var d = Single($"using McpGen; [McpServer(\"weather\", {argument})] public partial class S; public static class T {{ [McpTool] public static int A() => 1; }}", "MCPG4001");
        Assert.Contains($"cannot be built: {field}:", d.GetMessage());
    }

    [Theory]
    [InlineData("[McpRemote(\"mcp.example.com/mcp\")]", "McpRemote")]
    [InlineData("[McpIcon(\"icon.png\")]", "McpIcon")]
    [InlineData("[McpIcon(\"https://example.com/i.png\", Theme = \"blue\")]", "McpIcon.Theme")]
    public void MCPG4001_invalid_remote_or_icon(string attribute, string field)
    {
        var d = Single($"using McpGen; [McpServer(\"weather\")] {attribute} public partial class S; public static class T {{ [McpTool] public static int A() => 1; }}", "MCPG4001");
        Assert.Contains($"cannot be built: {field}:", d.GetMessage());
        Assert.Equal("S", d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan));
    }

    [Theory]
    [InlineData("{\\\"type\\\":\\\"object\\\",}", "not valid JSON")]
    [InlineData("[1,2]", "the root must be an object schema")]
    [InlineData("{\\\"type\\\":\\\"object\\\",\\\"properties\\\":{}}", "parameter 'city' is not one of its properties")]
    [InlineData("{\\\"type\\\":\\\"object\\\",\\\"properties\\\":{\\\"city\\\":{},\\\"days\\\":{}}}", "property 'days' has no parameter")]
    [InlineData("{\\\"type\\\":\\\"object\\\",\\\"a\\\":1,\\\"a\\\":2}", "duplicate member name 'a'")]
    public void MCPG1009_invalid_hand_written_input_schema(string schema, string problem)
    {
        var d = Single(Server + $"public static class T {{ [McpTool(InputSchema = \"{schema}\")] public static string Forecast(string? city = null) => \"\"; }}", "MCPG1009");
        Assert.Contains("'forecast'", d.GetMessage());
        Assert.Contains(problem, d.GetMessage());
    }

    [Theory]
    [InlineData("[McpHeader(\"Re gion\")] string region", "region", "Re gion", "' ' is not allowed in an HTTP header name")]
    [InlineData("[McpHeader(\"\")] string region", "region", "", "the name is empty")]
    [InlineData("[McpHeader] double ratio", "ratio", "Ratio", "not fractional numbers")]
    [InlineData("[McpHeader] long big", "big", "Big", "64-bit integers")]
    [InlineData("[McpHeader] string[] tags", "tags", "Tags", "not objects, collections")]
    [InlineData("[McpHeader] string region, [McpHeader(\"REGION\")] string other", "other", "REGION", "argument 'region' already uses that name")]
    [InlineData("[McpHeader] System.Threading.CancellationToken cancellationToken", "cancellationToken", "cancellationToken", "supplied by McpGen")]
    public void MCPG1013_invalid_header_parameter(string parameters, string parameter, string header, string problem)
    {
        var d = Single(Server + $"public static class T {{ [McpTool] public static string Route({parameters}) => \"\"; }}", "MCPG1013");
        Assert.Contains($"Parameter '{parameter}' of tool 'route' cannot be mirrored into header Mcp-Param-{header}: ", d.GetMessage());
        Assert.Contains(problem, d.GetMessage());
        Assert.Equal(parameter, d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan));
    }

    [Fact]
    public void MCPG1013_header_on_a_prompt_argument()
    {
        var d = Single(Server + "public static class T { [McpPrompt] public static string Greet([McpHeader] string name) => name; }", "MCPG1013");
        Assert.Contains("only tool arguments can be mirrored", d.GetMessage());
    }

    [Fact]
    public void MCPG1009_header_with_a_hand_written_schema()
    {
        var d = Single(Server + "public static class T { [McpTool(InputSchema = \"{\\\"type\\\":\\\"object\\\",\\\"properties\\\":{\\\"city\\\":{}}}\")] public static string Forecast([McpHeader] string city) => city; }", "MCPG1009");
        Assert.Contains("cannot be combined with [McpHeader]", d.GetMessage());
    }

    [Theory]
    [InlineData("\"files write\"", "files write", "cannot contain spaces")]
    [InlineData("\"\"", "", "cannot be empty")]
    [InlineData("\"caf\u00e9\"", "caf\u00e9", "is not allowed in an OAuth scope")]
    [InlineData("", "", "names no scope")]
    public void MCPG1014_invalid_scope(string arguments, string scope, string problem)
    {
        var d = Single(Server + $"public static class T {{ [McpTool] [McpScope({arguments})] public static string Write() => \"\"; }}", "MCPG1014");
        Assert.Contains($"The tool 'write' requires an invalid OAuth scope '{scope}': ", d.GetMessage());
        Assert.Contains(problem, d.GetMessage());
    }
}
