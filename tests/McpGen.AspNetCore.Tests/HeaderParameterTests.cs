using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;

namespace McpGen.AspNetCore.Tests;

/// <summary><c>Mcp-Param-*</c> headers mirror arguments marked <c>x-mcp-header</c>; the server checks them against the body.</summary>
public sealed class HeaderParameterTests : IAsyncLifetime
{
    private const string Schema = """{"type":"object","properties":{"region":{"type":"string","x-mcp-header":"Region"},"limit":{"type":"integer","x-mcp-header":"Limit"},"dry":{"type":"boolean","x-mcp-header":"Dry"}}}""";

    private McpTestApp _app = null!;

    public async Task InitializeAsync()
    {
        var tool = new McpToolDescriptor("route", Encoding.UTF8.GetBytes(Schema), static call =>
        {
            Generated.McpToolResults.WriteText(call.ResultWriter, "routed");
            return default;
        })
        {
            Description = "Routes by region.",
            HeaderParameters = [new("Region", "region"), new("Limit", "limit"), new("Dry", "dry")],
        };
        var definition = new McpServerDefinition(new McpServerInfo("headers", "1.0.0"), [tool]);
        _app = await McpTestApp.StartAsync(map: app => app.MapMcp(definition, "/mcp"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<JsonElement> CallAsync(string arguments, int status, params (string Name, string Value)[] headers)
    {
        var request = _app.Call("route", arguments);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Param-" + name, value);
        }

        return await _app.SendJsonAsync(request, status);
    }

    [Fact]
    public async Task Matching_headers_are_accepted() =>
        await CallAsync("""{"region":"eu-west","limit":42,"dry":true}""", 200, ("Region", "eu-west"), ("Limit", "42.0"), ("Dry", "true"));

    [Fact]
    public async Task Base64_values_are_decoded_before_comparing() =>
        await CallAsync("""{"region":"Zürich"}""", 200, ("Region", "=?base64?" + System.Convert.ToBase64String(Encoding.UTF8.GetBytes("Zürich")) + "?="));

    [Fact]
    public async Task Absent_and_null_arguments_need_no_header() =>
        await CallAsync("""{"region":null}""", 200);

    [Theory]
    [InlineData("""{"region":"eu-west"}""", "Region", "us-east")]
    [InlineData("""{"limit":42}""", "Limit", "43")]
    [InlineData("""{"dry":false}""", "Dry", "true")]
    [InlineData("""{}""", "Region", "eu-west")]
    public async Task Disagreeing_headers_are_rejected(string arguments, string header, string value)
    {
        var response = await CallAsync(arguments, 400, (header, value));
        Assert.Equal(-32020, response.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("Mcp-Param-" + header, response.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_present_argument_without_its_header_is_rejected()
    {
        var response = await CallAsync("""{"region":"eu-west"}""", 400);
        Assert.Contains("Missing Mcp-Param-Region", response.GetProperty("error").GetProperty("message").GetString());
    }
}
