using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace McpGen.AspNetCore.Tests;

/// <summary>
/// A small JSON Schema (draft 2020-12) validator for tests, built only on <see cref="JsonElement"/>.
/// It covers the assertion and applicator keywords the MCP schemas use; references must be local
/// JSON pointers (<c>#/$defs/X</c>). Errors read <c>"{instance pointer}: {message}"</c>, the root being <c>(root)</c>.
/// </summary>
internal sealed class JsonSchemaValidator
{
    // A $ref cycle that never consumes instance data (e.g. {"$ref": "#"}) would otherwise recurse forever.
    private const int MaxDepth = 256;

    // Known 2020-12 keywords whose semantics this validator does not implement; ignoring them would let invalid data pass.
    private static readonly string[] UnsupportedKeywords = ["unevaluatedProperties", "unevaluatedItems", "$dynamicRef", "$recursiveRef"];

    private readonly JsonElement _root;
    private readonly ConcurrentDictionary<string, Regex> _regexes = new(StringComparer.Ordinal);

    private JsonSchemaValidator(JsonElement root) => _root = root;

    /// <summary>Gets the root of the parsed schema document.</summary>
    public JsonElement Root => _root;

    /// <summary>Parses a schema document; the validator keeps its own copy of the root element.</summary>
    /// <param name="schemaJson">The schema document's JSON text.</param>
    /// <returns>A validator for the schema and every subschema reachable by a local JSON pointer.</returns>
    public static JsonSchemaValidator Parse(string schemaJson)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        using var document = JsonDocument.Parse(schemaJson);
        return new JsonSchemaValidator(document.RootElement.Clone());
    }

    /// <summary>Validates an instance against the schema at <paramref name="schemaPointer"/>.</summary>
    /// <param name="instance">The JSON value to validate.</param>
    /// <param name="schemaPointer">A local reference to the schema to apply, e.g. <c>#/$defs/ServerCard</c>; <c>#</c> is the whole document.</param>
    /// <returns>The errors, each naming the instance path and the failed keyword; empty when the instance is valid.</returns>
    /// <exception cref="NotSupportedException">The schema uses a non-local or anchor reference, or an unsupported keyword.</exception>
    /// <exception cref="InvalidOperationException">A reference does not resolve, or references loop without consuming the instance.</exception>
    /// <exception cref="ArgumentException">A <c>pattern</c> is not a valid .NET regular expression.</exception>
    public IReadOnlyList<string> Validate(JsonElement instance, string schemaPointer = "#")
    {
        ArgumentNullException.ThrowIfNull(schemaPointer);
        var errors = new List<string>();
        ValidateNode(instance, Resolve(schemaPointer), string.Empty, errors, depth: 0);
        return errors;
    }

    private void ValidateNode(JsonElement instance, JsonElement schema, string path, List<string> errors, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException($"Schema recursion deeper than {MaxDepth} at '{path}'; is there a $ref cycle?");
        }

        switch (schema.ValueKind)
        {
            case JsonValueKind.True:
                return;
            case JsonValueKind.False:
                errors.Add(Error(path, "no value is allowed here (false schema)"));
                return;
            case JsonValueKind.Object:
                break;
            default:
                throw new InvalidOperationException($"A schema must be an object or a boolean, found {schema.ValueKind} (instance '{path}').");
        }

        foreach (string keyword in UnsupportedKeywords)
        {
            if (schema.TryGetProperty(keyword, out _))
            {
                throw new NotSupportedException($"The '{keyword}' keyword is not supported by this validator.");
            }
        }

        // In 2020-12 $ref is an ordinary applicator: it applies alongside its sibling keywords.
        if (schema.TryGetProperty("$ref", out JsonElement reference))
        {
            ValidateNode(instance, Resolve(reference.GetString()!), path, errors, depth + 1);
        }

        ValidateAnyType(instance, schema, path, errors);
        ValidateCombinators(instance, schema, path, errors, depth);
        switch (instance.ValueKind)
        {
            case JsonValueKind.Object:
                ValidateObject(instance, schema, path, errors, depth);
                break;
            case JsonValueKind.Array:
                ValidateArray(instance, schema, path, errors, depth);
                break;
            case JsonValueKind.String:
                ValidateString(instance.GetString()!, schema, path, errors);
                break;
            case JsonValueKind.Number:
                ValidateNumber(instance, schema, path, errors);
                break;
        }
    }

    // type, enum, const: apply to every kind of value.
    private static void ValidateAnyType(JsonElement instance, JsonElement schema, string path, List<string> errors)
    {
        if (schema.TryGetProperty("type", out JsonElement type))
        {
            string[] allowed = type.ValueKind == JsonValueKind.Array
                ? type.EnumerateArray().Select(t => t.GetString()!).ToArray()
                : [type.GetString()!];
            if (!allowed.Any(t => HasType(instance, t)))
            {
                errors.Add(Error(path, $"expected type {string.Join(" or ", allowed)} but found {KindName(instance)}"));
            }
        }

        if (schema.TryGetProperty("enum", out JsonElement values) && !values.EnumerateArray().Any(v => JsonEquals(instance, v)))
        {
            string list = string.Join(", ", values.EnumerateArray().Select(v => v.GetRawText()));
            errors.Add(Error(path, $"value {Describe(instance)} is not one of the enum values [{list}]"));
        }

        if (schema.TryGetProperty("const", out JsonElement constant) && !JsonEquals(instance, constant))
        {
            errors.Add(Error(path, $"value {Describe(instance)} does not equal const {Describe(constant)}"));
        }
    }

    // allOf, anyOf, oneOf, not, if/then/else: subschemas applied to the same instance.
    private void ValidateCombinators(JsonElement instance, JsonElement schema, string path, List<string> errors, int depth)
    {
        if (schema.TryGetProperty("allOf", out JsonElement allOf))
        {
            foreach (JsonElement subschema in allOf.EnumerateArray())
            {
                ValidateNode(instance, subschema, path, errors, depth + 1);
            }
        }

        if (schema.TryGetProperty("anyOf", out JsonElement anyOf) && !anyOf.EnumerateArray().Any(s => IsValid(instance, s, path, depth)))
        {
            errors.Add(Error(path, "does not match any anyOf subschema"));
        }

        if (schema.TryGetProperty("oneOf", out JsonElement oneOf))
        {
            int[] matches = oneOf.EnumerateArray()
                .Select((subschema, index) => IsValid(instance, subschema, path, depth) ? index : -1)
                .Where(index => index >= 0)
                .ToArray();
            if (matches.Length == 0)
            {
                errors.Add(Error(path, "does not match any oneOf subschema"));
            }
            else if (matches.Length > 1)
            {
                errors.Add(Error(path, $"matches oneOf subschemas {string.Join(", ", matches)} but exactly one is required"));
            }
        }

        if (schema.TryGetProperty("not", out JsonElement not) && IsValid(instance, not, path, depth))
        {
            errors.Add(Error(path, "must not match the not subschema"));
        }

        if (schema.TryGetProperty("if", out JsonElement condition))
        {
            string branch = IsValid(instance, condition, path, depth) ? "then" : "else";
            if (schema.TryGetProperty(branch, out JsonElement consequence))
            {
                ValidateNode(instance, consequence, path, errors, depth + 1);
            }
        }
    }

    // properties, patternProperties, additionalProperties, propertyNames, required, min/maxProperties, dependentRequired/dependentSchemas.
    private void ValidateObject(JsonElement instance, JsonElement schema, string path, List<string> errors, int depth)
    {
        bool hasProperties = schema.TryGetProperty("properties", out JsonElement properties);
        bool hasPatterns = schema.TryGetProperty("patternProperties", out JsonElement patterns);
        bool hasAdditional = schema.TryGetProperty("additionalProperties", out JsonElement additional);
        bool hasNames = schema.TryGetProperty("propertyNames", out JsonElement propertyNames);
        int count = 0;

        foreach (JsonProperty property in instance.EnumerateObject())
        {
            count++;
            string childPath = path + "/" + EscapePointer(property.Name);

            // additionalProperties sees only the names neither properties nor patternProperties matched.
            bool matched = false;
            if (hasProperties && properties.TryGetProperty(property.Name, out JsonElement propertySchema))
            {
                matched = true;
                ValidateNode(property.Value, propertySchema, childPath, errors, depth + 1);
            }

            if (hasPatterns)
            {
                foreach (JsonProperty pattern in patterns.EnumerateObject().Where(p => GetRegex(p.Name).IsMatch(property.Name)))
                {
                    matched = true;
                    ValidateNode(property.Value, pattern.Value, childPath, errors, depth + 1);
                }
            }

            if (!matched && hasAdditional)
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    errors.Add(Error(path, $"additionalProperties does not allow property '{property.Name}'"));
                }
                else
                {
                    ValidateNode(property.Value, additional, childPath, errors, depth + 1);
                }
            }

            if (hasNames && !IsValid(StringElement(property.Name), propertyNames, childPath, depth))
            {
                errors.Add(Error(path, $"property name '{property.Name}' does not satisfy propertyNames"));
            }
        }

        if (schema.TryGetProperty("required", out JsonElement required))
        {
            foreach (string name in required.EnumerateArray().Select(r => r.GetString()!).Where(n => !instance.TryGetProperty(n, out _)))
            {
                errors.Add(Error(path, $"missing required property '{name}'"));
            }
        }

        if (schema.TryGetProperty("minProperties", out JsonElement min) && count < min.GetDecimal())
        {
            errors.Add(Error(path, $"has {count} properties, fewer than minProperties {min.GetRawText()}"));
        }

        if (schema.TryGetProperty("maxProperties", out JsonElement max) && count > max.GetDecimal())
        {
            errors.Add(Error(path, $"has {count} properties, more than maxProperties {max.GetRawText()}"));
        }

        if (schema.TryGetProperty("dependentRequired", out JsonElement dependentRequired))
        {
            foreach (JsonProperty dependency in dependentRequired.EnumerateObject().Where(d => instance.TryGetProperty(d.Name, out _)))
            {
                foreach (string name in dependency.Value.EnumerateArray().Select(r => r.GetString()!).Where(n => !instance.TryGetProperty(n, out _)))
                {
                    errors.Add(Error(path, $"property '{dependency.Name}' requires property '{name}' (dependentRequired)"));
                }
            }
        }

        if (schema.TryGetProperty("dependentSchemas", out JsonElement dependentSchemas))
        {
            foreach (JsonProperty dependency in dependentSchemas.EnumerateObject().Where(d => instance.TryGetProperty(d.Name, out _)))
            {
                ValidateNode(instance, dependency.Value, path, errors, depth + 1);
            }
        }
    }

    // prefixItems, items, contains/minContains/maxContains, min/maxItems, uniqueItems.
    private void ValidateArray(JsonElement instance, JsonElement schema, string path, List<string> errors, int depth)
    {
        JsonElement[] items = instance.EnumerateArray().ToArray();
        int prefixCount = 0;
        if (schema.TryGetProperty("prefixItems", out JsonElement prefixItems))
        {
            JsonElement[] prefixSchemas = prefixItems.EnumerateArray().ToArray();
            prefixCount = Math.Min(prefixSchemas.Length, items.Length);
            for (int i = 0; i < prefixCount; i++)
            {
                ValidateNode(items[i], prefixSchemas[i], path + "/" + i.ToString(CultureInfo.InvariantCulture), errors, depth + 1);
            }
        }

        if (schema.TryGetProperty("items", out JsonElement itemSchema))
        {
            if (itemSchema.ValueKind == JsonValueKind.Array)
            {
                throw new NotSupportedException("The array form of 'items' is draft 2019-09; 2020-12 uses 'prefixItems'.");
            }

            if (itemSchema.ValueKind == JsonValueKind.False && items.Length > prefixCount)
            {
                errors.Add(Error(path, $"items does not allow more than {prefixCount} items"));
            }
            else
            {
                for (int i = prefixCount; i < items.Length; i++)
                {
                    ValidateNode(items[i], itemSchema, path + "/" + i.ToString(CultureInfo.InvariantCulture), errors, depth + 1);
                }
            }
        }

        if (schema.TryGetProperty("contains", out JsonElement contains))
        {
            int matches = items.Count(item => IsValid(item, contains, path, depth));
            decimal minContains = schema.TryGetProperty("minContains", out JsonElement minC) ? minC.GetDecimal() : 1;
            if (matches < minContains)
            {
                errors.Add(Error(path, minContains == 1 ? "no item matches contains" : $"only {matches} items match contains, fewer than minContains {minContains}"));
            }

            if (schema.TryGetProperty("maxContains", out JsonElement maxC) && matches > maxC.GetDecimal())
            {
                errors.Add(Error(path, $"{matches} items match contains, more than maxContains {maxC.GetRawText()}"));
            }
        }

        if (schema.TryGetProperty("minItems", out JsonElement min) && items.Length < min.GetDecimal())
        {
            errors.Add(Error(path, $"has {items.Length} items, fewer than minItems {min.GetRawText()}"));
        }

        if (schema.TryGetProperty("maxItems", out JsonElement max) && items.Length > max.GetDecimal())
        {
            errors.Add(Error(path, $"has {items.Length} items, more than maxItems {max.GetRawText()}"));
        }

        if (schema.TryGetProperty("uniqueItems", out JsonElement unique) && unique.ValueKind == JsonValueKind.True)
        {
            for (int i = 0; i < items.Length; i++)
            {
                int duplicate = Array.FindIndex(items, i + 1, other => JsonEquals(items[i], other));
                if (duplicate >= 0)
                {
                    errors.Add(Error(path, $"items {i} and {duplicate} are equal but uniqueItems is true"));
                    break;
                }
            }
        }
    }

    // minLength, maxLength, pattern, format.
    private void ValidateString(string value, JsonElement schema, string path, List<string> errors)
    {
        // JSON Schema counts characters as code points: a surrogate pair (e.g. an emoji) is one character.
        int length = value.EnumerateRunes().Count();
        if (schema.TryGetProperty("minLength", out JsonElement min) && length < min.GetDecimal())
        {
            errors.Add(Error(path, $"has {length} code points, fewer than minLength {min.GetRawText()}"));
        }

        if (schema.TryGetProperty("maxLength", out JsonElement max) && length > max.GetDecimal())
        {
            errors.Add(Error(path, $"has {length} code points, more than maxLength {max.GetRawText()}"));
        }

        if (schema.TryGetProperty("pattern", out JsonElement pattern) && !GetRegex(pattern.GetString()!).IsMatch(value))
        {
            errors.Add(Error(path, $"does not match pattern {pattern.GetString()}"));
        }

        // Only "uri" is asserted; every other format is an annotation, as 2020-12's default format vocabulary allows.
        if (schema.TryGetProperty("format", out JsonElement format) && format.GetString() == "uri" && !IsAbsoluteUri(value))
        {
            errors.Add(Error(path, $"'{Describe(value)}' is not an absolute URI (format uri)"));
        }
    }

    // minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf.
    private static void ValidateNumber(JsonElement instance, JsonElement schema, string path, List<string> errors)
    {
        string value = instance.GetRawText();
        if (schema.TryGetProperty("minimum", out JsonElement minimum) && CompareNumbers(instance, minimum) < 0)
        {
            errors.Add(Error(path, $"{value} is less than minimum {minimum.GetRawText()}"));
        }

        if (schema.TryGetProperty("maximum", out JsonElement maximum) && CompareNumbers(instance, maximum) > 0)
        {
            errors.Add(Error(path, $"{value} is greater than maximum {maximum.GetRawText()}"));
        }

        if (schema.TryGetProperty("exclusiveMinimum", out JsonElement exclusiveMinimum) && CompareNumbers(instance, exclusiveMinimum) <= 0)
        {
            errors.Add(Error(path, $"{value} is not greater than exclusiveMinimum {exclusiveMinimum.GetRawText()}"));
        }

        if (schema.TryGetProperty("exclusiveMaximum", out JsonElement exclusiveMaximum) && CompareNumbers(instance, exclusiveMaximum) >= 0)
        {
            errors.Add(Error(path, $"{value} is not less than exclusiveMaximum {exclusiveMaximum.GetRawText()}"));
        }

        if (schema.TryGetProperty("multipleOf", out JsonElement multipleOf) && !IsMultipleOf(instance, multipleOf))
        {
            errors.Add(Error(path, $"{value} is not a multipleOf {multipleOf.GetRawText()}"));
        }
    }

    private bool IsValid(JsonElement instance, JsonElement schema, string path, int depth)
    {
        var scratch = new List<string>();
        ValidateNode(instance, schema, path, scratch, depth + 1);
        return scratch.Count == 0;
    }

    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith('#'))
        {
            throw new NotSupportedException($"Only local references ('#/...') are supported, not '{reference}'.");
        }

        // The fragment is URI-encoded, then each segment is a JSON pointer token (~1 is '/', ~0 is '~', in that order).
        string pointer = Uri.UnescapeDataString(reference[1..]);
        if (pointer.Length == 0)
        {
            return _root;
        }

        if (pointer[0] != '/')
        {
            throw new NotSupportedException($"Anchor references are not supported: '{reference}'.");
        }

        JsonElement current = _root;
        foreach (string segment in pointer[1..].Split('/'))
        {
            string token = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current.ValueKind switch
            {
                JsonValueKind.Object when current.TryGetProperty(token, out JsonElement child) => child,
                JsonValueKind.Array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                    && index < current.GetArrayLength() => current[index],
                _ => throw new InvalidOperationException($"Reference '{reference}' does not resolve: no '{token}'."),
            };
        }

        return current;
    }

    private Regex GetRegex(string pattern) => _regexes.GetOrAdd(pattern, static p =>
    {
        // JSON Schema patterns are ECMA-262. .NET's ECMAScript mode is the closest dialect (ASCII-only \d, \w, \s);
        // a pattern it refuses is retried in the default dialect, and one both refuse throws, since the schema is then unusable.
        try
        {
            return new Regex(p, RegexOptions.ECMAScript);
        }
        catch (ArgumentException)
        {
            return new Regex(p, RegexOptions.None);
        }
    });

    private static bool IsAbsoluteUri(string value) =>
        // Uri.TryCreate alone accepts "/a/b" on Unix as an implicit file path, so the RFC 3986 scheme is checked too;
        // whitespace is never valid in a URI although Uri would escape it.
        Regex.IsMatch(value, "^[A-Za-z][A-Za-z0-9+.-]*:")
        && !value.Any(char.IsWhiteSpace)
        && Uri.TryCreate(value, UriKind.Absolute, out Uri? uri)
        && uri.Scheme.Length > 0;

    private static bool HasType(JsonElement instance, string type) => type switch
    {
        "null" => instance.ValueKind == JsonValueKind.Null,
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number && IsInteger(instance),
        _ => throw new InvalidOperationException($"Unknown type '{type}' in schema."),
    };

    // 2020-12 defines integer by value, not by spelling: 1.0 is an integer.
    private static bool IsInteger(JsonElement number) =>
        number.TryGetDecimal(out decimal d) ? d == decimal.Truncate(d)
        : !number.TryGetDouble(out double x) || Math.Floor(x) == x; // Beyond double's range only integers remain.

    private static bool IsMultipleOf(JsonElement instance, JsonElement divisor)
    {
        // Decimal arithmetic is exact for literals like 0.1, where double would reject 0.3 as a multiple.
        if (instance.TryGetDecimal(out decimal value) && divisor.TryGetDecimal(out decimal step) && step != 0)
        {
            return value % step == 0;
        }

        double quotient = instance.GetDouble() / divisor.GetDouble();
        return double.IsFinite(quotient) && Math.Abs(quotient - Math.Round(quotient)) < 1e-9;
    }

    private static int CompareNumbers(JsonElement left, JsonElement right) =>
        left.TryGetDecimal(out decimal a) && right.TryGetDecimal(out decimal b)
            ? a.CompareTo(b)
            : left.GetDouble().CompareTo(right.GetDouble());

    // Deep JSON equality for enum, const and uniqueItems: numbers by value, objects regardless of member order.
    private static bool JsonEquals(JsonElement left, JsonElement right)
    {
        if (left.ValueKind != right.ValueKind)
        {
            return false;
        }

        return left.ValueKind switch
        {
            JsonValueKind.Number => CompareNumbers(left, right) == 0,
            JsonValueKind.String => left.GetString() == right.GetString(),
            JsonValueKind.Array => left.GetArrayLength() == right.GetArrayLength()
                && left.EnumerateArray().Zip(right.EnumerateArray()).All(pair => JsonEquals(pair.First, pair.Second)),
            JsonValueKind.Object => left.EnumerateObject().Count() == right.EnumerateObject().Count()
                && left.EnumerateObject().All(p => right.TryGetProperty(p.Name, out JsonElement other) && JsonEquals(p.Value, other)),
            _ => true, // null, true, false: the kind is the value.
        };
    }

    // propertyNames validates each name as a JSON string instance.
    private static JsonElement StringElement(string value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(value);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static string EscapePointer(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Error(string path, string message) => $"{(path.Length == 0 ? "(root)" : path)}: {message}";

    private static string KindName(JsonElement instance) => instance.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => instance.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Describe(JsonElement value) => Describe(value.GetRawText());

    // Keeps messages short when the offending value is a large object or string.
    private static string Describe(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
