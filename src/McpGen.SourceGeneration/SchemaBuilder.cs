using System;
using System.Collections.Generic;
using System.Globalization;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;

namespace McpGen.SourceGeneration;

/// <summary>
/// Writes JSON Schema 2020-12 for the type model. Objects are inlined; a type that contains itself is written once
/// under <c>$defs</c> and referenced with <c>$ref</c>. Input schemas list what can be bound (and reject unknown
/// properties, as the binder does); output schemas list what is written.
/// </summary>
internal sealed class SchemaBuilder(Func<string, ObjectTypeSpec?> objects, bool input)
{
    private readonly Stack<string> _path = new();
    private readonly List<string> _defs = [];
    private readonly HashSet<string> _defined = new(StringComparer.Ordinal);

    /// <summary>The input schema of a tool: an object whose properties are the arguments.</summary>
    public static string ForArguments(IEnumerable<SchemaArgument> arguments, Func<string, ObjectTypeSpec?> objects)
    {
        var builder = new SchemaBuilder(objects, input: true);
        var j = new JsonText().StartObject();
        j.Property("type", "object");
        j.Name("properties").StartObject();
        var required = new List<string>();
        foreach (var argument in arguments)
        {
            j.Name(argument.Name);
            builder.Write(j, argument.Type, argument.Description, argument.DefaultJson, argument.Validation, headerName: argument.HeaderName);
            if (argument.Required)
            {
                required.Add(argument.Name);
            }
        }

        j.EndObject();
        WriteRequired(j, required);
        j.Name("additionalProperties").Bool(false);
        builder.WriteDefs(j);
        return j.EndObject().ToString();
    }

    /// <summary>The output schema of a tool returning <paramref name="type"/>, optionally wrapped as <c>{"result": …}</c>.</summary>
    public static string ForOutput(TypeRefSpec type, bool wrapInResult, Func<string, ObjectTypeSpec?> objects)
    {
        var builder = new SchemaBuilder(objects, input: false);
        var j = new JsonText();
        if (wrapInResult)
        {
            j.StartObject();
            j.Property("type", "object");
            j.Name("properties").StartObject();
            j.Name("result");
            builder.Write(j, type, null, null, null);
            j.EndObject();
            j.Name("required").StartArray().String("result").EndArray();
            builder.WriteDefs(j);
            return j.EndObject().ToString();
        }

        // An object at the root: its own schema, with $defs added at the root level.
        builder.Write(j, type, null, null, null, defsAtRoot: true);
        return j.ToString();
    }

    /// <summary>
    /// The requested schema of an elicitation form: a flat object whose fields are text, numbers, booleans, dates,
    /// URIs, enums (single choice) or collections of an enum (multiple choice), as the protocol's form schema allows (no
    /// nesting, no null unions: an optional field is simply not required). <see langword="null"/> with the reason otherwise.
    /// </summary>
    public static string? ForForm(ObjectTypeSpec spec, out string? problem)
    {
        problem = spec.InputProblem;
        if (problem is not null)
        {
            return null;
        }

        var j = new JsonText().StartObject();
        j.Property("type", "object");
        j.Name("properties").StartObject();
        var required = new List<string>();
        foreach (var property in spec.Properties)
        {
            if (!property.CanBind)
            {
                continue;
            }

            var t = property.Type.Kind == JsonShape.Nullable ? property.Type.Element! : property.Type;
            var validation = property.Validation;
            j.Name(property.JsonName).StartObject();
            switch (t.Kind)
            {
                case JsonShape.String:
                    j.Property("type", "string");
                    WriteStringValidation(j, validation);
                    break;
                case JsonShape.Boolean:
                    j.Property("type", "boolean");
                    break;
                case JsonShape.Byte: WriteInteger(j, false, "0", "255", validation); break;
                case JsonShape.SByte: WriteInteger(j, false, "-128", "127", validation); break;
                case JsonShape.Int16: WriteInteger(j, false, "-32768", "32767", validation); break;
                case JsonShape.UInt16: WriteInteger(j, false, "0", "65535", validation); break;
                case JsonShape.UInt32: WriteInteger(j, false, "0", "4294967295", validation); break;
                case JsonShape.UInt64: WriteInteger(j, false, "0", null, validation); break;
                case JsonShape.Int32 or JsonShape.Int64: WriteInteger(j, false, null, null, validation); break;
                case JsonShape.Single or JsonShape.Double or JsonShape.Decimal:
                    j.Property("type", "number");
                    WriteRange(j, validation?.Minimum, validation?.Maximum);
                    break;
                case JsonShape.DateTime or JsonShape.DateTimeOffset or JsonShape.DateOnly or JsonShape.Uri:
                    j.Property("type", "string");
                    j.Property("format", StringFormat(t.Kind));
                    break;
                case JsonShape.Enum:
                    j.Property("type", "string");
                    WriteEnum(j, t);
                    break;
                case JsonShape.Collection when t.Element!.Kind == JsonShape.Enum:
                    j.Property("type", "array");
                    j.Name("items").StartObject().Property("type", "string");
                    WriteEnum(j, t.Element!);
                    j.EndObject();
                    if (t.Collection == CollectionKind.HashSet)
                    {
                        j.Name("uniqueItems").Bool(true);
                    }

                    break;
                default:
                    problem = $"property '{property.Name}' is {FormKindName(t)}; form fields are text, numbers, booleans, dates, URIs, enums and collections of an enum (forms are flat)";
                    return null;
            }

            WriteAnnotations(j, property.Description, property.DefaultJson);
            j.EndObject();
            if (property.Required)
            {
                required.Add(property.JsonName);
            }
        }

        j.EndObject();
        WriteRequired(j, required);
        return j.EndObject().ToString();
    }

    private static void WriteEnum(JsonText j, TypeRefSpec type)
    {
        j.Name("enum").StartArray();
        foreach (var member in type.EnumMembers)
        {
            j.String(member.JsonName);
        }

        j.EndArray();
    }

    private static string FormKindName(TypeRefSpec type) => type.Kind switch
    {
        JsonShape.Object => "an object",
        JsonShape.Collection => "a collection of " + FormKindName(type.Element!.Kind == JsonShape.Nullable ? type.Element.Element! : type.Element),
        JsonShape.Dictionary => "a dictionary",
        JsonShape.Any => "a JsonElement",
        _ => "a " + type.Kind,
    };

    private void Write(JsonText j, TypeRefSpec type, string? description, string? defaultJson, ValidationSpec? validation, bool defsAtRoot = false, string? headerName = null)
    {
        bool nullable = type.AcceptsNull;
        var t = type.Kind == JsonShape.Nullable ? type.Element! : type;

        if (t.Kind == JsonShape.Object && _path.Contains(t.ObjectKey!))
        {
            // Recursion: reference the definition.
            var spec = objects(t.ObjectKey!)!;
            if (_defined.Add(t.ObjectKey!))
            {
                _defs.Add(t.ObjectKey!);
            }

            j.StartObject();
            if (nullable)
            {
                j.Name("anyOf").StartArray();
                j.StartObject().Property("$ref", "#/$defs/" + spec.SchemaName).EndObject();
                j.StartObject().Property("type", "null").EndObject();
                j.EndArray();
            }
            else
            {
                j.Property("$ref", "#/$defs/" + spec.SchemaName);
            }

            WriteAnnotations(j, description, defaultJson);
            j.EndObject();
            return;
        }

        j.StartObject();
        switch (t.Kind)
        {
            case JsonShape.String:
                WriteType(j, "string", nullable);
                WriteStringValidation(j, validation);
                break;
            case JsonShape.Char:
                WriteType(j, "string", nullable);
                j.Name("minLength").Number(1).Name("maxLength").Number(1);
                break;
            case JsonShape.Boolean:
                WriteType(j, "boolean", nullable);
                break;
            case JsonShape.Byte: WriteInteger(j, nullable, "0", "255", validation); break;
            case JsonShape.SByte: WriteInteger(j, nullable, "-128", "127", validation); break;
            case JsonShape.Int16: WriteInteger(j, nullable, "-32768", "32767", validation); break;
            case JsonShape.UInt16: WriteInteger(j, nullable, "0", "65535", validation); break;
            case JsonShape.UInt32: WriteInteger(j, nullable, "0", "4294967295", validation); break;
            case JsonShape.UInt64: WriteInteger(j, nullable, "0", null, validation); break;
            case JsonShape.Int32:
            case JsonShape.Int64:
                WriteInteger(j, nullable, null, null, validation);
                break;
            case JsonShape.Single:
            case JsonShape.Double:
            case JsonShape.Decimal:
                WriteType(j, "number", nullable);
                WriteRange(j, validation?.Minimum, validation?.Maximum);
                break;
            case JsonShape.DateTime or JsonShape.DateTimeOffset or JsonShape.DateOnly or JsonShape.TimeOnly or JsonShape.TimeSpan or JsonShape.Guid or JsonShape.Uri:
                WriteType(j, "string", nullable);
                j.Property("format", StringFormat(t.Kind));
                break;
            case JsonShape.Any:
                break;
            case JsonShape.Enum:
                WriteType(j, "string", nullable);
                j.Name("enum").StartArray();
                foreach (var member in t.EnumMembers)
                {
                    j.String(member.JsonName);
                }

                if (nullable)
                {
                    j.Raw("null");
                }

                j.EndArray();
                break;
            case JsonShape.Collection:
                WriteType(j, "array", nullable);
                j.Name("items");
                Write(j, t.Element!, null, null, null);
                if (t.Collection == CollectionKind.HashSet)
                {
                    j.Name("uniqueItems").Bool(true);
                }

                if (validation?.MinLength is { } minItems)
                {
                    j.Name("minItems").Number(minItems);
                }

                if (validation?.MaxLength is { } maxItems)
                {
                    j.Name("maxItems").Number(maxItems);
                }

                break;
            case JsonShape.Dictionary:
                WriteType(j, "object", nullable);
                j.Name("additionalProperties");
                Write(j, t.Element!, null, null, null);
                break;
            case JsonShape.Object:
                WriteObjectBody(j, objects(t.ObjectKey!)!, nullable, ref description);
                break;
        }

        WriteAnnotations(j, description, defaultJson);
        if (headerName is not null)
        {
            j.Property("x-mcp-header", headerName);
        }

        if (defsAtRoot)
        {
            WriteDefs(j);
        }

        j.EndObject();
    }

    private void WriteObjectBody(JsonText j, ObjectTypeSpec spec, bool nullable, ref string? description)
    {
        _path.Push(spec.Key);
        WriteType(j, "object", nullable);
        j.Name("properties").StartObject();
        var required = new List<string>();
        foreach (var property in spec.Properties)
        {
            if (input ? !property.CanBind : !property.CanRead)
            {
                continue;
            }

            j.Name(property.JsonName);
            Write(j, property.Type, property.Description, input ? property.DefaultJson : null, property.Validation);
            if (input ? property.Required : true)
            {
                required.Add(property.JsonName);
            }
        }

        j.EndObject();
        WriteRequired(j, required);
        if (input)
        {
            j.Name("additionalProperties").Bool(false);
        }

        description ??= spec.Description;
        _path.Pop();
    }

    private void WriteDefs(JsonText j)
    {
        if (_defs.Count == 0)
        {
            return;
        }

        j.Name("$defs").StartObject();

        // Writing a definition may discover more recursive types; the list grows while it is walked.
        for (int i = 0; i < _defs.Count; i++)
        {
            var spec = objects(_defs[i])!;
            j.Name(spec.SchemaName);
            j.StartObject();
            string? description = null;
            WriteObjectBody(j, spec, nullable: false, ref description);
            WriteAnnotations(j, description, null);
            j.EndObject();
        }

        j.EndObject();
    }

    private static string StringFormat(JsonShape kind) => kind switch
    {
        JsonShape.DateOnly => "date",
        JsonShape.TimeOnly => "time",
        JsonShape.TimeSpan => "duration",
        JsonShape.Guid => "uuid",
        JsonShape.Uri => "uri",
        _ => "date-time",
    };

    private static void WriteAnnotations(JsonText j, string? description, string? defaultJson)
    {
        if (description is not null)
        {
            j.Property("description", description);
        }

        if (defaultJson is not null)
        {
            j.PropertyRaw("default", defaultJson);
        }
    }

    private static void WriteType(JsonText j, string type, bool nullable)
    {
        if (nullable)
        {
            j.Name("type").StartArray().String(type).String("null").EndArray();
        }
        else
        {
            j.Property("type", type);
        }
    }

    private static void WriteInteger(JsonText j, bool nullable, string? min, string? max, ValidationSpec? validation)
    {
        WriteType(j, "integer", nullable);
        WriteRange(j, validation?.Minimum ?? min, validation?.Maximum ?? max);
    }

    private static void WriteRange(JsonText j, string? min, string? max)
    {
        if (min is not null)
        {
            j.PropertyRaw("minimum", min);
        }

        if (max is not null)
        {
            j.PropertyRaw("maximum", max);
        }
    }

    private static void WriteStringValidation(JsonText j, ValidationSpec? validation)
    {
        if (validation is null)
        {
            return;
        }

        if (validation.MinLength is { } min)
        {
            j.Name("minLength").Number(min);
        }

        if (validation.MaxLength is { } max)
        {
            j.Name("maxLength").Number(max);
        }

        if (validation.Pattern is { } pattern)
        {
            j.Property("pattern", pattern);
        }
    }

    private static void WriteRequired(JsonText j, List<string> required)
    {
        if (required.Count == 0)
        {
            return;
        }

        j.Name("required").StartArray();
        foreach (var name in required)
        {
            j.String(name);
        }

        j.EndArray();
    }

    internal static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A tool argument as its input schema describes it.</summary>
/// <param name="HeaderName">The <c>Mcp-Param-*</c> suffix when the argument is mirrored into a header (<c>x-mcp-header</c>).</param>
internal readonly record struct SchemaArgument(
    string Name,
    TypeRefSpec Type,
    string? Description,
    bool Required,
    string? DefaultJson,
    ValidationSpec? Validation,
    string? HeaderName);
