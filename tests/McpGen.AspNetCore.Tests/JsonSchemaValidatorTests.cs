using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace McpGen.AspNetCore.Tests;

public sealed class JsonSchemaValidatorTests
{
    private const string ServerCardPointer = "#/$defs/ServerCard";

    private static readonly string SpecDirectory = Path.Combine(AppContext.BaseDirectory, "spec");

    private static readonly Lazy<JsonSchemaValidator> ServerCardSchema = new(
        () => JsonSchemaValidator.Parse(File.ReadAllText(Path.Combine(SpecDirectory, "server-card.schema.json"))));

    public static TheoryData<string> ValidExamples => ExampleNames("valid");

    public static TheoryData<string> InvalidExamples => ExampleNames("invalid");

    // ---- The server card schema and its published examples ----

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public void Valid_server_card_example_has_no_errors(string fileName)
    {
        Assert.Empty(ValidateExample("valid", fileName));
    }

    [Theory]
    [MemberData(nameof(InvalidExamples))]
    public void Invalid_server_card_example_has_errors(string fileName)
    {
        Assert.NotEmpty(ValidateExample("invalid", fileName));
    }

    [Theory]
    [InlineData("bad-name-pattern.json", "/name: does not match pattern ^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$")]
    [InlineData("date-versioned-schema.json", @"/$schema: does not match pattern ^https://static\.modelcontextprotocol\.io/schemas/v1/server-card\.schema\.json$")]
    [InlineData("missing-name.json", "(root): missing required property 'name'")]
    [InlineData("missing-schema.json", "(root): missing required property '$schema'")]
    [InlineData("wrong-schema-name.json", @"/$schema: does not match pattern ^https://static\.modelcontextprotocol\.io/schemas/v1/server-card\.schema\.json$")]
    public void Invalid_server_card_example_fails_for_its_stated_reason(string fileName, string expectedError)
    {
        Assert.Equal(new[] { expectedError }, ValidateExample("invalid", fileName));
    }

    [Fact]
    public void Server_card_errors_inside_referenced_definitions_carry_the_instance_path()
    {
        const string card = """
            {
              "$schema": "https://static.modelcontextprotocol.io/schemas/v1/server-card.schema.json",
              "name": "example-org/nested",
              "version": "1.0.0",
              "description": "Nested errors.",
              "websiteUrl": "example.com/home",
              "icons": [{ "sizes": ["48x48"] }],
              "remotes": [
                {
                  "type": "websocket",
                  "url": "ftp://example.com/mcp",
                  "headers": [{ "name": "X-Key", "variables": { "key": { "isSecret": "yes" } } }]
                }
              ]
            }
            """;

        AssertErrors(Check(ServerCardSchema.Value, card, ServerCardPointer),
            "/websiteUrl: 'example.com/home' is not an absolute URI (format uri)",
            "/icons/0: missing required property 'src'",
            "/remotes/0/type: value \"websocket\" is not one of the enum values [\"sse\", \"streamable-http\"]",
            "/remotes/0/url: does not match pattern ^(https?://[^\\s]+|\\{[a-zA-Z_][a-zA-Z0-9_]*\\}[^\\s]*)$",
            "/remotes/0/headers/0/variables/key/isSecret: expected type boolean but found string");
    }

    // ---- $ref and $defs ----

    [Fact]
    public void Ref_resolves_defs_and_applies_its_siblings_too()
    {
        const string schema = """
            { "$defs": { "Name": { "type": "string", "minLength": 2 } },
              "properties": { "name": { "$ref": "#/$defs/Name", "maxLength": 3 } } }
            """;

        Assert.Empty(Check(schema, """{"name":"abc"}"""));
        AssertErrors(Check(schema, """{"name":"a"}"""), "/name: has 1 code points, fewer than minLength 2");
        AssertErrors(Check(schema, """{"name":"abcd"}"""), "/name: has 4 code points, more than maxLength 3");
    }

    [Fact]
    public void Ref_unescapes_json_pointer_tokens()
    {
        const string schema = """
            { "$defs": { "a/b": { "const": 1 }, "c~d": { "const": 2 }, "e%f": { "const": 3 } },
              "prefixItems": [ { "$ref": "#/$defs/a~1b" }, { "$ref": "#/$defs/c~0d" }, { "$ref": "#/$defs/e%25f" } ] }
            """;

        Assert.Empty(Check(schema, "[1, 2, 3]"));
        AssertErrors(Check(schema, "[1, 1, 1]"), "/1: value 1 does not equal const 2", "/2: value 1 does not equal const 3");
    }

    [Fact]
    public void Validate_starts_at_the_given_schema_pointer_and_refs_stay_document_relative()
    {
        const string schema = """
            { "type": "array",
              "$defs": { "Id": { "type": "integer" }, "Thing": { "properties": { "id": { "$ref": "#/$defs/Id" } } } } }
            """;
        var validator = JsonSchemaValidator.Parse(schema);

        Assert.Empty(Check(validator, """{"id":7}""", "#/$defs/Thing"));
        AssertErrors(Check(validator, """{"id":"7"}""", "#/$defs/Thing"), "/id: expected type integer but found string");
        AssertErrors(Check(validator, """{"id":7}"""), "(root): expected type array but found object");
    }

    [Fact]
    public void Unresolvable_or_remote_refs_throw_rather_than_pass()
    {
        Assert.Throws<InvalidOperationException>(() => Check("""{ "$ref": "#/$defs/Missing" }""", "1"));
        Assert.Throws<NotSupportedException>(() => Check("""{ "$ref": "other.json#/$defs/X" }""", "1"));
        Assert.Throws<NotSupportedException>(() => Check("""{ "unevaluatedProperties": false }""", "{}"));
    }

    // ---- type, enum, const, boolean schemas ----

    [Fact]
    public void Type_accepts_a_list_and_integer_accepts_whole_numbers_written_with_a_fraction()
    {
        Assert.Empty(Check("""{ "type": "integer" }""", "2.0"));
        Assert.Empty(Check("""{ "type": "number" }""", "2"));
        Assert.Empty(Check("""{ "type": ["string", "null"] }""", "null"));
        AssertErrors(Check("""{ "type": "integer" }""", "2.5"), "(root): expected type integer but found number");
        AssertErrors(Check("""{ "type": ["string", "null"] }""", "false"), "(root): expected type string or null but found boolean");
    }

    [Fact]
    public void Enum_and_const_compare_deeply_and_numbers_by_value()
    {
        Assert.Empty(Check("""{ "const": { "a": [1, 2.0], "b": null } }""", """{ "b": null, "a": [1.0, 2] }"""));
        Assert.Empty(Check("""{ "enum": ["x", 10, { "k": true }] }""", """{ "k": true }"""));
        AssertErrors(Check("""{ "const": { "a": [1, 2] } }""", """{ "a": [1, 3] }"""), "(root): value { \"a\": [1, 3] } does not equal const { \"a\": [1, 2] }");
        AssertErrors(Check("""{ "enum": ["x", 10] }""", "\"10\""), "(root): value \"10\" is not one of the enum values [\"x\", 10]");
    }

    [Fact]
    public void Boolean_schemas_and_unknown_keywords()
    {
        Assert.Empty(Check("true", """{"anything":[1]}"""));
        AssertErrors(Check("false", "1"), "(root): no value is allowed here (false schema)");
        Assert.Empty(Check("""{ "$schema": "x", "$id": "y", "title": "t", "description": "d", "default": 1, "examples": [2], "x-vendor": {}, "format": "uri-reference" }""", "\"../relative\""));
    }

    // ---- objects ----

    [Fact]
    public void Properties_required_and_additional_properties_false()
    {
        const string schema = """
            { "type": "object", "required": ["id", "name"], "additionalProperties": false,
              "properties": { "id": { "type": "integer" }, "name": { "type": "string" } } }
            """;

        Assert.Empty(Check(schema, """{"id":1,"name":"n"}"""));
        AssertErrors(Check(schema, """{"id":"1","extra/x~":true}"""),
            "/id: expected type integer but found string",
            "(root): additionalProperties does not allow property 'extra/x~'",
            "(root): missing required property 'name'");
    }

    [Fact]
    public void Additional_properties_schema_skips_names_matched_by_properties_or_pattern_properties()
    {
        const string schema = """
            { "properties": { "fixed": { "type": "string" } },
              "patternProperties": { "^x-": { "type": "integer" } },
              "additionalProperties": { "type": "boolean" } }
            """;

        Assert.Empty(Check(schema, """{"fixed":"s","x-count":3,"flag":true}"""));
        AssertErrors(Check(schema, """{"fixed":1,"x-count":"3","a/b":"no"}"""),
            "/fixed: expected type string but found number",
            "/x-count: expected type integer but found string",
            "/a~1b: expected type boolean but found string");
    }

    [Fact]
    public void Property_names_and_property_counts()
    {
        const string schema = """{ "propertyNames": { "pattern": "^[a-z]+$" }, "minProperties": 1, "maxProperties": 2 }""";

        Assert.Empty(Check(schema, """{"ab":1,"cd":2}"""));
        AssertErrors(Check(schema, "{}"), "(root): has 0 properties, fewer than minProperties 1");
        AssertErrors(Check(schema, """{"ab":1,"Cd":2,"ef":3}"""),
            "(root): property name 'Cd' does not satisfy propertyNames",
            "(root): has 3 properties, more than maxProperties 2");
    }

    [Fact]
    public void Dependent_required_and_dependent_schemas()
    {
        const string schema = """
            { "dependentRequired": { "card": ["billing"] },
              "dependentSchemas": { "gift": { "required": ["to"] } } }
            """;

        Assert.Empty(Check(schema, """{"card":1,"billing":2,"gift":true,"to":"x"}"""));
        AssertErrors(Check(schema, """{"card":1,"gift":true}"""),
            "(root): property 'card' requires property 'billing' (dependentRequired)",
            "(root): missing required property 'to'");
    }

    // ---- arrays ----

    [Fact]
    public void Prefix_items_items_and_item_counts()
    {
        const string schema = """
            { "prefixItems": [ { "type": "string" }, { "type": "integer" } ], "items": { "type": "boolean" },
              "minItems": 2, "maxItems": 4 }
            """;

        Assert.Empty(Check(schema, """["a", 1, true]"""));
        AssertErrors(Check(schema, """[1]"""), "/0: expected type string but found number", "(root): has 1 items, fewer than minItems 2");
        AssertErrors(Check(schema, """["a", 1, true, 2, false]"""), "/3: expected type boolean but found number", "(root): has 5 items, more than maxItems 4");
        AssertErrors(Check("""{ "prefixItems": [ true ], "items": false }""", "[1, 2]"), "(root): items does not allow more than 1 items");
    }

    [Fact]
    public void Unique_items_uses_json_equality()
    {
        Assert.Empty(Check("""{ "uniqueItems": true }""", """[1, "1", [1], {"a":1}]"""));
        AssertErrors(Check("""{ "uniqueItems": true }""", """[{"a":1,"b":2}, 1, {"b":2,"a":1.0}]"""), "(root): items 0 and 2 are equal but uniqueItems is true");
        Assert.Empty(Check("""{ "uniqueItems": false }""", "[1, 1]"));
    }

    [Fact]
    public void Contains_with_min_and_max_contains()
    {
        Assert.Empty(Check("""{ "contains": { "type": "string" } }""", """[1, "a"]"""));
        AssertErrors(Check("""{ "contains": { "type": "string" } }""", "[1, 2]"), "(root): no item matches contains");
        AssertErrors(Check("""{ "contains": { "type": "string" }, "minContains": 2, "maxContains": 2 }""", """["a"]"""),
            "(root): only 1 items match contains, fewer than minContains 2");
        AssertErrors(Check("""{ "contains": { "type": "string" }, "maxContains": 1 }""", """["a", "b"]"""),
            "(root): 2 items match contains, more than maxContains 1");
    }

    // ---- strings ----

    [Fact]
    public void String_length_counts_code_points_not_utf16_units()
    {
        const string emoji = "\"\U0001F600\""; // One code point, two UTF-16 units.

        Assert.Empty(Check("""{ "maxLength": 1 }""", emoji));
        AssertErrors(Check("""{ "minLength": 2 }""", emoji), "(root): has 1 code points, fewer than minLength 2");
        AssertErrors(Check("""{ "maxLength": 2 }""", "\"a\U0001F600b\""), "(root): has 3 code points, more than maxLength 2");
    }

    [Fact]
    public void Pattern_searches_unanchored_with_ecmascript_character_classes()
    {
        Assert.Empty(Check("""{ "pattern": "b+" }""", "\"abbc\""));
        AssertErrors(Check("""{ "pattern": "^b+$" }""", "\"abbc\""), "(root): does not match pattern ^b+$");

        // Unicode categories (JavaScript's /u flag) work in .NET's ECMAScript mode.
        Assert.Empty(Check("""{ "pattern": "^\\p{L}+$" }""", "\"héllo\""));
        AssertErrors(Check("""{ "pattern": "^\\p{L}+$" }""", "\"h3llo\""), "(root): does not match pattern ^\\p{L}+$");

        // ECMAScript mode keeps \d ASCII-only, as in JavaScript: an Arabic-Indic digit does not match.
        AssertErrors(Check("""{ "pattern": "^\\d$" }""", "\"\u0663\""), "(root): does not match pattern ^\\d$");

        // Syntax no .NET dialect accepts fails loudly instead of silently passing.
        Assert.ThrowsAny<ArgumentException>(() => Check("""{ "pattern": "\\p{Script=Greek}" }""", "\"a\""));
    }

    [Fact]
    public void Format_uri_requires_an_absolute_uri_with_a_scheme()
    {
        const string schema = """{ "format": "uri" }""";

        Assert.Empty(Check(schema, "\"https://example.com/a?b=c#d\""));
        Assert.Empty(Check(schema, "\"urn:isbn:0451450523\""));
        AssertErrors(Check(schema, "\"/relative/path\""), "(root): '/relative/path' is not an absolute URI (format uri)");
        AssertErrors(Check(schema, "\"example.com\""), "(root): 'example.com' is not an absolute URI (format uri)");
        AssertErrors(Check(schema, "\"http://exa mple.com\""), "(root): 'http://exa mple.com' is not an absolute URI (format uri)");
        Assert.Empty(Check("""{ "format": "date-time" }""", "\"not a date\"")); // Other formats are annotations.
        Assert.Empty(Check(schema, "42")); // format applies to strings only.
    }

    // ---- numbers ----

    [Fact]
    public void Numeric_bounds_and_multiple_of()
    {
        const string schema = """{ "minimum": 1, "maximum": 10, "exclusiveMinimum": 0, "exclusiveMaximum": 10.5, "multipleOf": 0.5 }""";

        Assert.Empty(Check(schema, "1"));
        Assert.Empty(Check(schema, "10.0"));
        AssertErrors(Check(schema, "0"), "(root): 0 is less than minimum 1", "(root): 0 is not greater than exclusiveMinimum 0");
        AssertErrors(Check(schema, "10.5"), "(root): 10.5 is greater than maximum 10", "(root): 10.5 is not less than exclusiveMaximum 10.5");
        AssertErrors(Check(schema, "2.25"), "(root): 2.25 is not a multipleOf 0.5");
        Assert.Empty(Check("""{ "multipleOf": 0.1 }""", "0.3")); // Exact in decimal, not in double.
    }

    // ---- combinators ----

    [Fact]
    public void All_of_reports_every_failing_branch()
    {
        const string schema = """{ "allOf": [ { "type": "string" }, { "minLength": 3 } ] }""";

        Assert.Empty(Check(schema, "\"abc\""));
        AssertErrors(Check(schema, "\"ab\""), "(root): has 2 code points, fewer than minLength 3");
        AssertErrors(Check(schema, "12"), "(root): expected type string but found number");
    }

    [Fact]
    public void Any_of_needs_at_least_one_match()
    {
        const string schema = """{ "anyOf": [ { "type": "string" }, { "minimum": 5 } ] }""";

        Assert.Empty(Check(schema, "\"a\""));
        Assert.Empty(Check(schema, "7"));
        AssertErrors(Check(schema, "3"), "(root): does not match any anyOf subschema");
    }

    [Fact]
    public void One_of_needs_exactly_one_match()
    {
        const string schema = """{ "oneOf": [ { "type": "integer" }, { "minimum": 5 }, { "type": "string" } ] }""";

        Assert.Empty(Check(schema, "2"));
        Assert.Empty(Check(schema, "5.5"));
        AssertErrors(Check(schema, "7"), "(root): matches oneOf subschemas 0, 1 but exactly one is required");
        AssertErrors(Check(schema, "3.5"), "(root): does not match any oneOf subschema");
        Assert.Empty(Check(schema, "null")); // minimum ignores non-numbers, so null matches branch 1 only.
    }

    [Fact]
    public void Not_inverts_its_subschema()
    {
        Assert.Empty(Check("""{ "not": { "type": "null" } }""", "0"));
        AssertErrors(Check("""{ "not": { "type": "null" } }""", "null"), "(root): must not match the not subschema");
    }

    [Fact]
    public void If_then_else_picks_one_branch()
    {
        const string schema = """
            { "if": { "properties": { "kind": { "const": "url" } } },
              "then": { "required": ["url"] },
              "else": { "required": ["path"] } }
            """;

        Assert.Empty(Check(schema, """{"kind":"url","url":"u"}"""));
        Assert.Empty(Check(schema, """{"kind":"file","path":"p"}"""));
        AssertErrors(Check(schema, """{"kind":"url","path":"p"}"""), "(root): missing required property 'url'");
        AssertErrors(Check(schema, """{"kind":"file","url":"u"}"""), "(root): missing required property 'path'");
    }

    [Fact]
    public void Ref_cycle_without_progress_throws()
    {
        Assert.Throws<InvalidOperationException>(() => Check("""{ "$ref": "#" }""", "1"));
    }

    private static TheoryData<string> ExampleNames(string folder)
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(SpecDirectory, "server-card-examples", folder), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    private static IReadOnlyList<string> ValidateExample(string folder, string fileName)
    {
        string json = File.ReadAllText(Path.Combine(SpecDirectory, "server-card-examples", folder, fileName));
        return Check(ServerCardSchema.Value, json, ServerCardPointer);
    }

    private static IReadOnlyList<string> Check(string schema, string instance) => Check(JsonSchemaValidator.Parse(schema), instance);

    private static IReadOnlyList<string> Check(JsonSchemaValidator validator, string instance, string schemaPointer = "#")
    {
        using var document = JsonDocument.Parse(instance);
        return validator.Validate(document.RootElement, schemaPointer);
    }

    // Order matters: errors come out in schema keyword order, so an exact comparison pins both content and count.
    private static void AssertErrors(IReadOnlyList<string> actual, params string[] expected) => Assert.Equal(expected, actual.ToArray());
}
