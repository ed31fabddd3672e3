using System.Linq;
using McpGen.SourceGeneration.Helpers;

namespace McpGen.SourceGeneration.Tests;

/// <summary>The compile-time checker and minifier of hand-written schemas.</summary>
public sealed class JsonMinifierTests
{
    [Fact]
    public void Minifies_without_touching_strings_and_numbers()
    {
        var reader = JsonMinifier.TryParse(" {\n  \"type\" : \"object\",\n  \"properties\": { \"a b\": { \"const\": \"x \\\" y\\u00e9\" }, \"n\": { \"minimum\": -1.5e+3 } },\n  \"x\": [ true, false, null, [] , {} ]\n}\n", out var error);
        Assert.Null(error);
        Assert.Equal("{\"type\":\"object\",\"properties\":{\"a b\":{\"const\":\"x \\\" y\\u00e9\"},\"n\":{\"minimum\":-1.5e+3}},\"x\":[true,false,null,[],{}]}", reader!.Minified);
        Assert.Equal("object", reader.RootType);
        Assert.Equal(["type", "properties", "x"], reader.RootNames);
        Assert.Equal(["a b", "n"], reader.PropertyNames);
    }

    [Fact]
    public void Only_the_roots_own_properties_are_reported()
    {
        var reader = JsonMinifier.TryParse("""{"properties":{"a":{"properties":{"inner":{}}}},"$defs":{"d":{"properties":{"other":{}}}}}""", out _);
        Assert.Equal(["a"], reader!.PropertyNames);
        Assert.Null(reader.RootType);
    }

    [Theory]
    [InlineData("{\"a\":1,}", "expected a member name")]
    [InlineData("[1,]", "expected a JSON value")]
    [InlineData("{\"a\":1} x", "unexpected text after the end")]
    [InlineData("{\"a\" 1}", "expected ':'")]
    [InlineData("{\"a\":01}", "expected ',' or '}'")]
    [InlineData("{\"a\":\"\\q\"}", "invalid escape")]
    [InlineData("{\"a\":\"x", "unterminated string")]
    [InlineData("// c\n{}", "expected a JSON value")]
    [InlineData("{\"a\":tru}", "expected a JSON value")]
    [InlineData("{\"a\":1.}", "expected digits after '.'")]
    public void Rejects_what_strict_json_rejects(string text, string problem)
    {
        Assert.Null(JsonMinifier.TryParse(text, out var error));
        Assert.Contains(problem, error);
        Assert.Contains("line 1", error);
    }

    [Fact]
    public void Errors_name_the_line_and_column()
    {
        JsonMinifier.TryParse("{\n  \"a\": 1,\n  \"a\": 2\n}", out var error);
        Assert.Equal("duplicate member name 'a' (line 3, column 6)", error);
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        string deep = string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100));
        Assert.Null(JsonMinifier.TryParse(deep, out var error));
        Assert.Contains("nesting deeper than 64", error);
    }
}
