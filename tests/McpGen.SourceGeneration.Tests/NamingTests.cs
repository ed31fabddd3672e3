using McpGen.SourceGeneration.Helpers;

namespace McpGen.SourceGeneration.Tests;

public sealed class NamingTests
{
    [Theory]
    [InlineData("GetForecast", "get_forecast")]
    [InlineData("GetForecastAsync", "get_forecast")]
    [InlineData("Async", "async")]
    [InlineData("ParseHTTPHeader", "parse_http_header")]
    [InlineData("Echo", "echo")]
    [InlineData("Add2Numbers", "add2_numbers")]
    [InlineData("already_snake", "already_snake")]
    [InlineData("IOStream", "io_stream")]
    public void Tool_names_are_snake_case_without_async(string method, string expected) => Assert.Equal(expected, Naming.ToolName(method));

    [Theory]
    [InlineData("FirstName", "firstName")]
    [InlineData("URLValue", "urlValue")]
    [InlineData("ID", "id")]
    [InlineData("x", "x")]
    [InlineData("Äpfel", "äpfel")]
    public void Property_names_are_camel_case(string name, string expected) => Assert.Equal(expected, Naming.CamelCase(name));

    [Theory]
    [InlineData("a", true)]
    [InlineData("admin.tools-list_2", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("slash/name", false)]
    [InlineData("ümlaut", false)]
    public void Tool_name_rules(string name, bool valid) => Assert.Equal(valid, Naming.IsValidToolName(name));

    [Fact]
    public void Json_text_escapes_and_separates()
    {
        var json = new JsonText().StartObject().Property("a", "q\"\\\n\u0001").Name("b").StartArray().Number(1).Bool(true).EndArray().EndObject().ToString();
        Assert.Equal("{\"a\":\"q\\\"\\\\\\n\\u0001\",\"b\":[1,true]}", json);
    }
}
