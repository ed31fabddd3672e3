using System.Linq;
using Microsoft.CodeAnalysis;

namespace McpGen.SourceGeneration.Tests;

/// <summary>Saved <c>tools/list</c> answers imported as typed clients: the schema features they map, and what they cannot.</summary>
public sealed class ImportTests
{
    /// <summary>One tool per schema feature: $defs/$ref (recursive too), enums, nullables, formats, maps, nested arrays.</summary>
    private const string Tools = """
        {"jsonrpc":"2.0","id":1,"result":{"tools":[
          {"name":"create_order","description":"Creates an order.\nReturns it.",
           "inputSchema":{"type":"object","$defs":{
               "line":{"type":"object","properties":{"sku":{"type":"string"},"qty":{"type":"integer","minimum":1,"maximum":1000}},"required":["sku","qty"]},
               "category":{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/$defs/category"}}},"required":["name"]}},
             "properties":{
               "customer_id":{"type":"string","format":"uuid","description":"Who orders."},
               "lines":{"type":"array","items":{"$ref":"#/$defs/line"}},
               "priority":{"type":"string","enum":["low","normal","rush-hour"]},
               "deliver_on":{"anyOf":[{"type":"string","format":"date"},{"type":"null"}]},
               "notes":{"type":["string","null"]},
               "homepage":{"type":"string","format":"uri"},
               "tags":{"type":"object","additionalProperties":{"type":"string"}},
               "category":{"$ref":"#/$defs/category"},
               "weights":{"type":"array","items":{"type":"array","items":{"type":"number"}}}},
             "required":["customer_id","lines"]},
           "outputSchema":{"type":"object","properties":{"id":{"type":"string"},"placed":{"type":"string","format":"date-time"},"total":{"type":"number"}},"required":["id","placed","total"]}},
          {"name":"ping-server","inputSchema":{"type":"object"}}
        ]}}
        """;

    [Fact]
    public void An_imported_tool_list_matches_its_baseline_and_compiles_without_warnings()
    {
        var result = GeneratorHarness.RunImport(Tools, "Shop.IOrders");
        result.AssertCleanCompilation();
        var source = Assert.Single(result.Sources);
        Assert.Equal("Shop.IOrders.McpClient.g.cs", source.HintName);
        GeneratorOutputTests.AssertBaseline("ImportedClient", source.HintName, source.SourceText.ToString());
    }

    [Theory]
    [InlineData("{ not json", "it is not valid JSON")]
    [InlineData("""{"result":{}}""", "it has no tools array")]
    public void MCPG1106_files_that_are_not_a_tool_list(string json, string reason)
    {
        var result = GeneratorHarness.RunImport(json, "Shop.IOrders");
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("MCPG1106", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("The tool list 'remote.tools.json' cannot be imported: " + reason, d.GetMessage());
        Assert.Equal("/project/remote.tools.json", d.Location.GetLineSpan().Path);
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void MCPG1106_an_interface_name_that_is_not_a_csharp_name()
    {
        var d = Assert.Single(GeneratorHarness.RunImport("""{"tools":[]}""", "Shop.class").GeneratorDiagnostics);
        Assert.Equal("MCPG1106", d.Id);
        Assert.Contains("'class' is not a C# interface name", d.GetMessage());
    }

    [Fact]
    public void MCPG1107_a_schema_without_a_csharp_type_becomes_JsonElement_with_a_warning()
    {
        var result = GeneratorHarness.RunImport("""
            {"tools":[{"name":"store","inputSchema":{"type":"object","properties":{"value":{"oneOf":[{"type":"string"},{"type":"integer"}]}},"required":["value"]}}]}
            """, "Shop.IStore");
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("MCPG1107", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("In tool 'store' argument 'value' of the imported tool list 'remote.tools.json', a choice between several schemas (anyOf/oneOf) has no C# type: it is read and written as JsonElement", d.GetMessage());
        Assert.Contains("StoreAsync(global::System.Text.Json.JsonElement value", Assert.Single(result.Sources).SourceText.ToString());
        Assert.Empty(result.CompilationProblems);
    }
}
