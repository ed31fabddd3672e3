using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using McpGen.SourceGeneration.Diagnostics;
using McpGen.SourceGeneration.Emitters;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using static McpGen.SourceGeneration.Emitters.CSharp;

namespace McpGen.SourceGeneration;

/// <summary>
/// Turns a saved <c>tools/list</c> answer into a client: the interface, one method per tool, and records and enums for
/// the argument and result schemas (<c>$defs</c>/<c>$ref</c>, enums, nullables, formats), like OpenAPI client
/// generators do. What a schema says that C# cannot hold becomes <c>JsonElement</c>, with MCPG1107 saying so.
/// </summary>
internal sealed class ToolListImporter
{
    private readonly string _path;
    private readonly string? _namespace;
    private readonly string _interfaceName;
    private readonly List<DiagnosticInfo> _diagnostics = [];
    private readonly Dictionary<string, ObjectTypeSpec> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<JsonDom, TypeRefSpec> _named = new();
    private readonly HashSet<string> _typeNames = new(StringComparer.Ordinal);
    private readonly SourceWriter _types = new();

    private ToolListImporter(string path, string interfaceFullName)
    {
        _path = path;
        int dot = interfaceFullName.LastIndexOf('.');
        _namespace = dot < 0 ? null : interfaceFullName.Substring(0, dot);
        _interfaceName = interfaceFullName.Substring(dot + 1);
        _typeNames.Add(_interfaceName);
    }

    /// <summary>Imports <paramref name="text"/> as interface <paramref name="interfaceFullName"/>; the spec is null when the file is unusable.</summary>
    public static ParseResult<ClientSpec> Import(string path, string text, string interfaceFullName)
    {
        var importer = new ToolListImporter(path, interfaceFullName);
        ClientSpec? spec;
        try
        {
            spec = importer.Import(text);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            importer.Report(DiagnosticIds.InternalError, interfaceFullName, e.GetType().Name + ": " + e.Message);
            spec = null;
        }

        return new ParseResult<ClientSpec>(importer._diagnostics.Any(d => DiagnosticDescriptors.IsError(d.Id)) ? null : spec, importer._diagnostics.ToEquatableArray());
    }

    private string FileName => System.IO.Path.GetFileName(_path);

    private void Report(string id, params string[] arguments) =>
        _diagnostics.Add(new DiagnosticInfo(id, new LocationInfo(_path, default, default), arguments.ToEquatableArray()));

    private ClientSpec? Import(string text)
    {
        if (!Naming.IsIdentifier(_interfaceName))
        {
            Report(DiagnosticIds.InvalidImport, FileName, $"'{_interfaceName}' is not a C# interface name; set McpClientImport's Interface metadata to a name like Contoso.IHelpDesk");
            return null;
        }

        var root = JsonDom.TryParse(text, out string? error);
        if (root is null)
        {
            Report(DiagnosticIds.InvalidImport, FileName, "it is not valid JSON: " + error);
            return null;
        }

        // A bare tools array, a tools/list result, or the whole JSON-RPC response.
        var tools = root as JsonDom.JsonArray ?? root["tools"] as JsonDom.JsonArray ?? root["result"]?["tools"] as JsonDom.JsonArray;
        if (tools is null)
        {
            Report(DiagnosticIds.InvalidImport, FileName, "it has no tools array; save the answer of tools/list (its result, or the whole response)");
            return null;
        }

        var calls = new List<RemoteCallSpec>();
        var snapshot = new List<ToolSnapshotSpec>();
        var methods = new SourceWriter();
        var methodNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in tools.Items)
        {
            string? name = tool["name"]?.AsString;
            if (name is null)
            {
                Report(DiagnosticIds.InvalidImport, FileName, "a tool has no name");
                continue;
            }

            string methodName = Unique(methodNames, Naming.PascalCase(name) + "Async");
            var parameters = new List<(RemoteParameterSpec Spec, bool Optional, string? Description)>();
            var arguments = new List<string>();
            var input = tool["inputSchema"];
            if (input?["properties"] is JsonDom.JsonObject properties)
            {
                var required = RequiredOf(input);
                var usedNames = new HashSet<string>(StringComparer.Ordinal) { "cancellationToken" };
                foreach (string property in properties.Order)
                {
                    arguments.Add(property);
                    bool isRequired = required.Contains(property);
                    var type = TypeOf(properties.Members[property], input, Naming.PascalCase(name) + Naming.PascalCase(property), $"tool '{name}' argument '{property}'");
                    if (!isRequired)
                    {
                        type = Optional(type);
                    }

                    string parameterName = Unique(usedNames, Naming.CamelCase(Naming.PascalCase(property)));
                    var spec = new RemoteParameterSpec(parameterName, type.DeclaredName, property, type) { HeaderName = properties.Members[property]["x-mcp-header"]?.AsString };
                    parameters.Add((spec, !isRequired, properties.Members[property]["description"]?.AsString));
                }
            }

            // Required arguments first: C# puts optional parameters last.
            var ordered = parameters.Where(p => !p.Optional).Concat(parameters.Where(p => p.Optional)).ToList();
            ordered.Add((new RemoteParameterSpec("cancellationToken", "global::System.Threading.CancellationToken", "cancellationToken", null), true, null));

            // The result: the output schema's type (unwrapping McpGen's {"result": …}), else the text.
            TypeRefSpec? resultType = null;
            var output = tool["outputSchema"];
            if (output is not null)
            {
                var wrapped = output["properties"] is JsonDom.JsonObject outputProperties && outputProperties.Order.Count == 1 && outputProperties.Order[0] == "result"
                    ? outputProperties.Members["result"]
                    : null;
                resultType = wrapped is not null
                    ? TypeOf(wrapped, output, Naming.PascalCase(name) + "Result", $"tool '{name}' result")
                    : TypeOf(output, output, Naming.PascalCase(name) + "Result", $"tool '{name}' result");
            }

            string resultTypeName = resultType?.DeclaredName ?? "string";
            string returnType = $"global::System.Threading.Tasks.Task<{resultTypeName}>";
            calls.Add(new RemoteCallSpec(
                RemoteKind.Tool,
                name,
                methodName,
                returnType,
                ReturnsValueTask: false,
                resultType is null ? RemoteResultKind.Text : RemoteResultKind.Value,
                resultType,
                resultTypeName,
                ordered.Select(p => p.Spec).ToEquatableArray(),
                EquatableArray<TemplatePartSpec>.Empty)
            {
                Retryable = tool["annotations"] is { } hints && (hints["readOnlyHint"] is JsonDom.JsonLiteral { Text: "true" } || hints["idempotentHint"] is JsonDom.JsonLiteral { Text: "true" }),
            });
            snapshot.Add(new ToolSnapshotSpec(name, arguments.ToEquatableArray()));

            methods.WriteLine();
            WriteDoc(methods, tool["description"]?.AsString ?? tool["title"]?.AsString);
            foreach (var p in ordered.Where(p => p.Description is not null))
            {
                methods.WriteLine($"/// <param name=\"{p.Spec.Name}\">{Xml(OneLine(p.Description!))}</param>");
            }

            methods.WriteLine($"[global::McpGen.Client.McpRemoteTool({Literal(name)})]");
            string signature = string.Join(", ", ordered.Select(p => p.Spec.DeclaredType + " " + Id(p.Spec.Name) + (p.Optional ? " = default" : string.Empty)));
            methods.WriteLine($"{returnType} {methodName}({signature});");
        }

        var declarations = new SourceWriter();
        declarations.WriteLine($"/// <summary>The tools of the server whose <c>tools/list</c> answer was saved as {Xml(FileName)}; generated by McpGen.</summary>");
        declarations.OpenBlock($"public partial interface {_interfaceName} : global::System.IAsyncDisposable");
        foreach (string line in methods.ToString().Trim('\n').Split('\n'))
        {
            if (line.Length > 0)
            {
                declarations.WriteLine(line);
            }
            else
            {
                declarations.WriteLine();
            }
        }

        declarations.CloseBlock();
        string types = _types.ToString();
        string fullName = "global::" + (_namespace is null ? string.Empty : _namespace + ".") + _interfaceName;
        return new ClientSpec(
            _namespace,
            _interfaceName,
            fullName,
            (_namespace is null ? string.Empty : _namespace + ".") + _interfaceName,
            calls.ToEquatableArray(),
            _objects.Values.OrderBy(o => o.Key, StringComparer.Ordinal).ToEquatableArray())
        {
            SnapshotFile = FileName,
            Snapshot = snapshot.ToEquatableArray(),
            Declarations = declarations + types,
        };
    }

    private static HashSet<string> RequiredOf(JsonDom schema) =>
        new((schema["required"] as JsonDom.JsonArray)?.Items.Select(i => i.AsString).OfType<string>() ?? [], StringComparer.Ordinal);

    private static string Unique(HashSet<string> used, string candidate)
    {
        string unique = candidate;
        for (int i = 2; !used.Add(unique); i++)
        {
            unique = candidate + i.ToString(CultureInfo.InvariantCulture);
        }

        return unique;
    }

    private static TypeRefSpec Simple(JsonShape kind, string typeName) =>
        new(kind, typeName, false, null, null, CollectionKind.None, EquatableArray<EnumMemberSpec>.Empty);

    /// <summary>The same type, accepting null (<c>T?</c>).</summary>
    private static TypeRefSpec Optional(TypeRefSpec type)
    {
        if (type.AcceptsNull)
        {
            return type;
        }

        return type.IsValueKind
            ? new TypeRefSpec(JsonShape.Nullable, type.TypeName + "?", false, type, null, CollectionKind.None, EquatableArray<EnumMemberSpec>.Empty)
            : type with { IsNullable = true };
    }

    /// <summary>The C# type of <paramref name="schema"/>, declaring records and enums as needed.</summary>
    private TypeRefSpec TypeOf(JsonDom schema, JsonDom root, string suggestedName, string where)
    {
        if (schema["$ref"]?.AsString is { } reference)
        {
            var target = Resolve(root, reference);
            if (target is null)
            {
                Report(DiagnosticIds.ImportedSchemaNotMapped, FileName, where, $"'$ref' {reference} points nowhere in its schema", "JsonElement");
                return Simple(JsonShape.Any, "global::System.Text.Json.JsonElement");
            }

            return TypeOf(target, root, Naming.PascalCase(reference.Substring(reference.LastIndexOf('/') + 1)), where);
        }

        if (_named.TryGetValue(schema, out var known))
        {
            return known;
        }

        // Nullable forms: "type": ["x", "null"], and anyOf/oneOf of one schema and {"type": "null"}.
        var types = schema["type"] switch
        {
            JsonDom.JsonString s => [s.Value],
            JsonDom.JsonArray a => a.Items.Select(i => i.AsString).OfType<string>().ToList(),
            _ => new List<string>(),
        };
        bool nullable = types.Remove("null");
        var alternatives = (schema["anyOf"] ?? schema["oneOf"]) as JsonDom.JsonArray;
        if (alternatives is not null && types.Count == 0)
        {
            var nonNull = alternatives.Items.Where(a => a["type"]?.AsString != "null").ToList();
            if (nonNull.Count == 1)
            {
                var inner = TypeOf(nonNull[0], root, suggestedName, where);
                return nonNull.Count < alternatives.Items.Count ? Optional(inner) : inner;
            }

            Report(DiagnosticIds.ImportedSchemaNotMapped, FileName, where, "a choice between several schemas (anyOf/oneOf) has no C# type", "JsonElement");
            return Simple(JsonShape.Any, "global::System.Text.Json.JsonElement");
        }

        if (types.Count == 0 && schema["properties"] is not null)
        {
            types.Add("object");
        }

        if (types.Count != 1)
        {
            if (types.Count > 1)
            {
                Report(DiagnosticIds.ImportedSchemaNotMapped, FileName, where, "a value of several types (" + string.Join(", ", types) + ") has no C# type", "JsonElement");
            }

            return Simple(JsonShape.Any, "global::System.Text.Json.JsonElement");
        }

        var type = types[0] switch
        {
            "string" => StringType(schema, suggestedName),
            "integer" => IntegerType(schema),
            "number" => Simple(JsonShape.Double, "double"),
            "boolean" => Simple(JsonShape.Boolean, "bool"),
            "array" => ArrayType(schema, root, suggestedName, where),
            "object" => ObjectType(schema, root, suggestedName, where),
            _ => Simple(JsonShape.Any, "global::System.Text.Json.JsonElement"),
        };
        return nullable ? Optional(type) : type;
    }

    private static JsonDom? Resolve(JsonDom root, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        JsonDom? current = root;
        foreach (string part in reference.Substring(2).Split('/'))
        {
            current = current?[part.Replace("~1", "/").Replace("~0", "~")];
        }

        return current;
    }

    private TypeRefSpec StringType(JsonDom schema, string suggestedName)
    {
        // A nullable enum lists null among its values; the type's "null" already made it nullable.
        if (schema["enum"] is JsonDom.JsonArray values && values.Items.All(v => v is JsonDom.JsonString || (v is JsonDom.JsonLiteral { Text: "null" })))
        {
            return EnumType(schema, values.Items.Select(v => v.AsString).OfType<string>().ToList(), suggestedName);
        }

        return schema["format"]?.AsString switch
        {
            "date-time" => Simple(JsonShape.DateTimeOffset, "global::System.DateTimeOffset"),
            "date" => Simple(JsonShape.DateOnly, "global::System.DateOnly"),
            "uuid" => Simple(JsonShape.Guid, "global::System.Guid"),
            "uri" => Simple(JsonShape.Uri, "global::System.Uri"),
            _ => Simple(JsonShape.String, "string"),
        };
    }

    private static TypeRefSpec IntegerType(JsonDom schema)
    {
        bool fitsInt = schema["minimum"] is JsonDom.JsonNumber min && min.Value >= int.MinValue
            && schema["maximum"] is JsonDom.JsonNumber max && max.Value <= int.MaxValue;
        return fitsInt ? Simple(JsonShape.Int32, "int") : Simple(JsonShape.Int64, "long");
    }

    private TypeRefSpec ArrayType(JsonDom schema, JsonDom root, string suggestedName, string where)
    {
        var element = schema["items"] is { } items
            ? TypeOf(items, root, Singular(suggestedName), where + " items")
            : Simple(JsonShape.Any, "global::System.Text.Json.JsonElement");
        return new TypeRefSpec(JsonShape.Collection, $"global::System.Collections.Generic.IReadOnlyList<{element.DeclaredName}>", false, element, null, CollectionKind.List, EquatableArray<EnumMemberSpec>.Empty);
    }

    /// <summary>The name of an array's items: <c>Tickets</c> → <c>Ticket</c>, else <c>…Item</c>.</summary>
    private static string Singular(string name) =>
        name.Length > 1 && name.EndsWith("s", StringComparison.Ordinal) && !name.EndsWith("ss", StringComparison.Ordinal) ? name.Substring(0, name.Length - 1) : name + "Item";

    private TypeRefSpec EnumType(JsonDom schema, List<string> values, string suggestedName)
    {
        string name = TypeName(suggestedName);
        var members = new List<EnumMemberSpec>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < values.Count; i++)
        {
            string member = Naming.PascalCase(values[i]);
            member = Unique(used, member.Length == 0 || !Naming.IsIdentifier(member) ? "Value" + i.ToString(CultureInfo.InvariantCulture) : member);
            members.Add(new EnumMemberSpec(member, values[i], i.ToString(CultureInfo.InvariantCulture)));
        }

        _types.WriteLine();
        WriteDoc(_types, schema["description"]?.AsString);
        _types.OpenBlock($"public enum {name}");
        foreach (var member in members)
        {
            _types.WriteLine($"/// <summary><c>{Xml(member.JsonName)}</c></summary>");
            _types.WriteLine(member.Name + ",");
        }

        _types.CloseBlock();
        var type = new TypeRefSpec(JsonShape.Enum, Qualified(name), false, null, null, CollectionKind.None, members.ToEquatableArray());
        _named[schema] = type;
        return type;
    }

    private TypeRefSpec ObjectType(JsonDom schema, JsonDom root, string suggestedName, string where)
    {
        if (schema["properties"] is not JsonDom.JsonObject properties || properties.Order.Count == 0)
        {
            var values = schema["additionalProperties"] is JsonDom.JsonObject valueSchema
                ? TypeOf(valueSchema, root, suggestedName + "Value", where + " values")
                : Simple(JsonShape.Any, "global::System.Text.Json.JsonElement");
            return new TypeRefSpec(JsonShape.Dictionary, $"global::System.Collections.Generic.IReadOnlyDictionary<string, {values.DeclaredName}>", false, values, null, CollectionKind.None, EquatableArray<EnumMemberSpec>.Empty);
        }

        string name = TypeName(suggestedName);
        string key = (_namespace is null ? string.Empty : _namespace + ".") + name;
        var type = new TypeRefSpec(JsonShape.Object, Qualified(name), false, null, key, CollectionKind.None, EquatableArray<EnumMemberSpec>.Empty);

        // Registered before its properties are typed, so a recursive $ref finds it.
        _named[schema] = type;
        var required = RequiredOf(schema);
        var specs = new List<PropertySpec>();
        var used = new HashSet<string>(StringComparer.Ordinal) { name };
        foreach (string property in properties.Order)
        {
            var propertyType = TypeOf(properties.Members[property], root, name + Naming.PascalCase(property), where + "." + property);
            bool isRequired = required.Contains(property);
            if (!isRequired)
            {
                propertyType = Optional(propertyType);
            }

            string propertyName = Unique(used, Naming.PascalCase(property) is { Length: > 0 } p && Naming.IsIdentifier(p) ? p : "Property" + specs.Count.ToString(CultureInfo.InvariantCulture));
            specs.Add(new PropertySpec(propertyName, property, propertyType, properties.Members[property]["description"]?.AsString,
                CanRead: true, CanBind: true, IsInitOnly: false, CtorIndex: specs.Count, Required: isRequired && !propertyType.AcceptsNull,
                DefaultLiteral: isRequired ? null : "default", DefaultJson: null, Validation: null, IsRequiredMember: false, DefaultFromInstance: false));
        }

        _objects[key] = new ObjectTypeSpec(key, Qualified(name), name, schema["description"]?.AsString, false,
            specs.Select(s => new CtorArgumentSpec(s.Name, null)).ToEquatableArray(), specs.ToEquatableArray(), null, null);

        _types.WriteLine();
        WriteDoc(_types, schema["description"]?.AsString);
        foreach (var s in specs.Where(s => s.Description is not null))
        {
            _types.WriteLine($"/// <param name=\"{s.Name}\">{Xml(OneLine(s.Description!))}</param>");
        }

        _types.WriteLine($"public sealed partial record {name}(");
        _types.Indent();
        for (int i = 0; i < specs.Count; i++)
        {
            _types.WriteLine($"{specs[i].Type.DeclaredName} {Id(specs[i].Name)}{(i == specs.Count - 1 ? ");" : ",")}");
        }

        _types.Unindent();
        return type;
    }

    private string TypeName(string suggested) => Unique(_typeNames, Naming.IsIdentifier(suggested) ? suggested : "Imported" + Naming.Identifier(suggested));

    private string Qualified(string name) => "global::" + (_namespace is null ? string.Empty : _namespace + ".") + name;

    private static void WriteDoc(SourceWriter w, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            w.WriteLine($"/// <summary>{Xml(OneLine(text!))}</summary>");
        }
    }

    private static string OneLine(string text) => string.Join(" ", text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
}
