using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace McpGen.SourceGeneration;

/// <summary>
/// Turns .NET types into <see cref="TypeRefSpec"/>s and <see cref="ObjectTypeSpec"/>s: the one description of a type
/// from which both its JSON schema and its reader/writer code are generated, so they cannot disagree.
/// </summary>
internal sealed class TypeModelBuilder(Compilation compilation, CancellationToken cancellationToken)
{
    private static readonly SymbolDisplayFormat s_typeNameFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers | SymbolDisplayMiscellaneousOptions.UseSpecialTypes
            | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private readonly Dictionary<string, ObjectTypeSpec?> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _schemaNames = new(StringComparer.Ordinal);

    /// <summary>The object types met so far (complete once the top-level call returns).</summary>
    public IEnumerable<ObjectTypeSpec> Objects => _objects.Values.Where(o => o is not null).Select(o => o!).OrderBy(o => o.Key, StringComparer.Ordinal);

    public ObjectTypeSpec? GetObject(string key) => _objects.TryGetValue(key, out var spec) ? spec : null;

    public static string TypeName(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(s_typeNameFormat);

    /// <summary>Builds the model of <paramref name="type"/>, or explains in <paramref name="problem"/> why it is unsupported.</summary>
    public TypeRefSpec? Build(ITypeSymbol type, out string? problem)
    {
        cancellationToken.ThrowIfCancellationRequested();
        problem = null;
        bool annotated = type.NullableAnnotation == NullableAnnotation.Annotated && !type.IsValueType;
        string name = TypeName(type);

        TypeRefSpec Simple(JsonShape kind) => new(kind, name, annotated, null, null, CollectionKind.None, EquatableArray<EnumMemberSpec>.Empty);

        switch (type.SpecialType)
        {
            case SpecialType.System_String: return Simple(JsonShape.String);
            case SpecialType.System_Boolean: return Simple(JsonShape.Boolean);
            case SpecialType.System_Char: return Simple(JsonShape.Char);
            case SpecialType.System_Byte: return Simple(JsonShape.Byte);
            case SpecialType.System_SByte: return Simple(JsonShape.SByte);
            case SpecialType.System_Int16: return Simple(JsonShape.Int16);
            case SpecialType.System_UInt16: return Simple(JsonShape.UInt16);
            case SpecialType.System_Int32: return Simple(JsonShape.Int32);
            case SpecialType.System_UInt32: return Simple(JsonShape.UInt32);
            case SpecialType.System_Int64: return Simple(JsonShape.Int64);
            case SpecialType.System_UInt64: return Simple(JsonShape.UInt64);
            case SpecialType.System_Single: return Simple(JsonShape.Single);
            case SpecialType.System_Double: return Simple(JsonShape.Double);
            case SpecialType.System_Decimal: return Simple(JsonShape.Decimal);
            case SpecialType.System_DateTime: return Simple(JsonShape.DateTime);
            case SpecialType.System_Object:
                problem = "'object' has no JSON shape; use a specific type or System.Text.Json.JsonElement for any JSON";
                return null;
        }

        if (type is IArrayTypeSymbol array)
        {
            if (array.Rank != 1)
            {
                problem = "multi-dimensional arrays are not supported";
                return null;
            }

            if (array.ElementType.SpecialType == SpecialType.System_Byte)
            {
                problem = "byte[] is not supported as JSON; pass binary data as a base64 string";
                return null;
            }

            var element = Build(array.ElementType, out problem);
            return element is null ? null : new TypeRefSpec(JsonShape.Collection, name, annotated, element, null, CollectionKind.Array, EquatableArray<EnumMemberSpec>.Empty);
        }

        if (type is not INamedTypeSymbol named)
        {
            problem = $"'{type.ToDisplayString()}' is not a supported type";
            return null;
        }

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            var inner = Build(named.TypeArguments[0], out problem);
            return inner is null ? null : new TypeRefSpec(JsonShape.Nullable, name, false, inner, null, CollectionKind.None, EquatableArray<EnumMemberSpec>.Empty);
        }

        if (named.TypeKind == Microsoft.CodeAnalysis.TypeKind.Enum)
        {
            var members = named.GetMembers().OfType<IFieldSymbol>()
                .Where(f => f.HasConstantValue)
                .Select(f => new EnumMemberSpec(f.Name, AttributeString(f, "System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute") ?? f.Name, FormatNumber(f.ConstantValue!)))
                .ToEquatableArray();
            return new TypeRefSpec(JsonShape.Enum, name, false, null, null, CollectionKind.None, members);
        }

        switch (MetadataName(named))
        {
            case "System.DateTimeOffset": return Simple(JsonShape.DateTimeOffset);
            case "System.DateOnly": return Simple(JsonShape.DateOnly);
            case "System.TimeOnly": return Simple(JsonShape.TimeOnly);
            case "System.TimeSpan": return Simple(JsonShape.TimeSpan);
            case "System.Guid": return Simple(JsonShape.Guid);
            case "System.Uri": return Simple(JsonShape.Uri);
            case "System.Text.Json.JsonElement": return Simple(JsonShape.Any);
        }

        if (named.IsGenericType)
        {
            string definition = MetadataName(named.ConstructedFrom);
            var collection = definition switch
            {
                "System.Collections.Generic.List`1" or "System.Collections.Generic.IList`1" or "System.Collections.Generic.ICollection`1"
                    or "System.Collections.Generic.IEnumerable`1" or "System.Collections.Generic.IReadOnlyList`1"
                    or "System.Collections.Generic.IReadOnlyCollection`1" => CollectionKind.List,
                "System.Collections.Generic.HashSet`1" or "System.Collections.Generic.ISet`1" or "System.Collections.Generic.IReadOnlySet`1" => CollectionKind.HashSet,
                _ => CollectionKind.None,
            };
            if (collection != CollectionKind.None)
            {
                var element = Build(named.TypeArguments[0], out problem);
                return element is null ? null : new TypeRefSpec(JsonShape.Collection, name, annotated, element, null, collection, EquatableArray<EnumMemberSpec>.Empty);
            }

            if (definition is "System.Collections.Generic.Dictionary`2" or "System.Collections.Generic.IDictionary`2" or "System.Collections.Generic.IReadOnlyDictionary`2")
            {
                if (named.TypeArguments[0].SpecialType != SpecialType.System_String)
                {
                    problem = "dictionaries must have string keys (JSON object property names)";
                    return null;
                }

                var value = Build(named.TypeArguments[1], out problem);
                return value is null ? null : new TypeRefSpec(JsonShape.Dictionary, name, annotated, value, null, CollectionKind.None, EquatableArray<EnumMemberSpec>.Empty);
            }
        }

        if (named.TypeKind is not (Microsoft.CodeAnalysis.TypeKind.Class or Microsoft.CodeAnalysis.TypeKind.Struct) || named.IsAbstract
            || named.IsStatic || named.TypeKind == Microsoft.CodeAnalysis.TypeKind.Delegate || named.IsTupleType || ContainsTypeParameters(named))
        {
            problem = $"'{type.ToDisplayString()}' is not a supported type (use a record, class, struct, collection, dictionary or a primitive)";
            return null;
        }

        if (MetadataName(named).StartsWith("System.", StringComparison.Ordinal) || MetadataName(named).StartsWith("Microsoft.", StringComparison.Ordinal)
            || MetadataName(named).StartsWith("ModelContextProtocol.", StringComparison.Ordinal))
        {
            problem = $"'{type.ToDisplayString()}' is a framework type with no defined JSON shape";
            return null;
        }

        string key = MetadataName(named) + (named.IsGenericType ? "<" + string.Join(",", named.TypeArguments.Select(TypeName)) + ">" : string.Empty);
        if (!_objects.ContainsKey(key))
        {
            _objects[key] = null; // in progress: recursive references resolve to the key
            var spec = BuildObject(named, key, name);
            _objects[key] = spec;
        }

        return new TypeRefSpec(JsonShape.Object, name, annotated, null, key, CollectionKind.None, EquatableArray<EnumMemberSpec>.Empty)
        {
            ObjectIsValueType = named.IsValueType,
        };
    }

    /// <summary>The first input problem of the type or any type it contains, or <see langword="null"/>.</summary>
    public string? InputProblem(TypeRefSpec type) => Problem(type, input: true, new HashSet<string>(StringComparer.Ordinal));

    /// <summary>The first output problem of the type or any type it contains, or <see langword="null"/>.</summary>
    public string? OutputProblem(TypeRefSpec type) => Problem(type, input: false, new HashSet<string>(StringComparer.Ordinal));

    private string? Problem(TypeRefSpec type, bool input, HashSet<string> visited)
    {
        if (type.Element is not null)
        {
            return Problem(type.Element, input, visited);
        }

        if (type.Kind != JsonShape.Object || !visited.Add(type.ObjectKey!))
        {
            return null;
        }

        var spec = GetObject(type.ObjectKey!);
        if (spec is null)
        {
            return null;
        }

        var own = input ? spec.InputProblem : spec.OutputProblem;
        if (own is not null)
        {
            return own;
        }

        foreach (var property in spec.Properties)
        {
            if ((input ? property.CanBind : property.CanRead) && Problem(property.Type, input, visited) is { } nested)
            {
                return nested;
            }
        }

        return null;
    }

    private ObjectTypeSpec BuildObject(INamedTypeSymbol type, string key, string typeName)
    {
        var doc = DocComments.Get(type, cancellationToken);
        string? outputProblem = null;

        // Properties: public instance properties with an accessible getter, base types first, derived ones win.
        var properties = new List<IPropertySymbol>();
        var chain = new Stack<INamedTypeSymbol>();
        for (var t = type; t is not null && t.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); t = t.BaseType)
        {
            chain.Push(t);
        }

        foreach (var t in chain)
        {
            foreach (var property in t.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Accessibility.Public
                    || property.GetMethod is null || !compilation.IsSymbolAccessibleWithin(property.GetMethod, compilation.Assembly)
                    || HasAttribute(property, "System.Text.Json.Serialization.JsonIgnoreAttribute")
                    || (property.Name == "EqualityContract" && type.IsRecord))
                {
                    continue;
                }

                properties.RemoveAll(p => p.Name == property.Name);
                properties.Add(property);
            }
        }

        // Constructor: [JsonConstructor], else the parameterless one, else the only one (System.Text.Json's rules).
        var constructors = type.InstanceConstructors
            .Where(c => compilation.IsSymbolAccessibleWithin(c, compilation.Assembly) && !IsCopyConstructor(c, type))
            .ToList();
        var constructor = constructors.FirstOrDefault(c => HasAttribute(c, "System.Text.Json.Serialization.JsonConstructorAttribute"))
            ?? constructors.FirstOrDefault(c => c.Parameters.Length == 0)
            ?? (constructors.Count == 1 ? constructors[0] : null);
        string? inputProblem = constructor is null
            ? (constructors.Count == 0
                ? $"'{type.ToDisplayString()}' has no accessible constructor"
                : $"'{type.ToDisplayString()}' has several constructors and none is parameterless; mark one with [JsonConstructor]")
            : null;

        // A default instance (to read defaults of absent init-only members from) needs a parameterless constructor;
        // its required members are set to default! since only the other members' values are read.
        bool parameterless = constructor is { Parameters.Length: 0 };
        var ctorArguments = new List<CtorArgumentSpec>();
        var ctorIndexByProperty = new Dictionary<string, int>(StringComparer.Ordinal);
        if (constructor is not null)
        {
            for (int i = 0; i < constructor.Parameters.Length; i++)
            {
                var parameter = constructor.Parameters[i];
                var match = properties.FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
                if (match is not null && !ctorIndexByProperty.ContainsKey(match.Name))
                {
                    ctorIndexByProperty[match.Name] = i;
                    ctorArguments.Add(new CtorArgumentSpec(match.Name, null));
                }
                else if (parameter.HasExplicitDefaultValue)
                {
                    ctorArguments.Add(new CtorArgumentSpec(null, DefaultLiteral(parameter) ?? "default"));
                }
                else
                {
                    inputProblem ??= $"constructor parameter '{parameter.Name}' of '{type.ToDisplayString()}' matches no public property";
                    ctorArguments.Add(new CtorArgumentSpec(null, "default!"));
                }
            }
        }

        var specs = new List<PropertySpec>();
        foreach (var property in properties)
        {
            var propertyType = Build(property.Type, out var problem);
            if (propertyType is null)
            {
                outputProblem ??= $"property '{property.Name}' of '{type.ToDisplayString()}': {problem}";
                inputProblem ??= outputProblem;
                continue;
            }

            int ctorIndex = ctorIndexByProperty.TryGetValue(property.Name, out var index) ? index : -1;
            var setter = property.SetMethod;
            bool setterAccessible = setter is not null && compilation.IsSymbolAccessibleWithin(setter, compilation.Assembly) && setter.DeclaredAccessibility == Accessibility.Public;
            bool isInitOnly = setterAccessible && setter!.IsInitOnly;
            bool canBind = ctorIndex >= 0 || setterAccessible;
            bool required;
            bool defaultFromInstance = false;
            string? defaultLiteral = null;
            string? defaultJson = null;
            if (ctorIndex >= 0)
            {
                var parameter = constructor!.Parameters[ctorIndex];
                if (parameter.HasExplicitDefaultValue)
                {
                    defaultLiteral = DefaultLiteral(parameter);
                    defaultJson = DefaultJson(parameter.ExplicitDefaultValue, propertyType);
                }

                required = !parameter.HasExplicitDefaultValue && !propertyType.AcceptsNull;
            }
            else if (property.IsRequired)
            {
                required = true;
            }
            else if (isInitOnly)
            {
                // An absent init-only member keeps the value a default instance has, when one can be made.
                defaultFromInstance = parameterless && !type.IsValueType;
                required = !defaultFromInstance && !propertyType.AcceptsNull && !type.IsValueType;
            }
            else
            {
                required = false;
            }

            var propertyDoc = DocComments.Get(property, cancellationToken);
            string? description = AttributeString(property, "System.ComponentModel.DescriptionAttribute")
                ?? DocComments.Summary(propertyDoc)
                ?? DocComments.Param(doc, property.Name);
            specs.Add(new PropertySpec(
                property.Name,
                AttributeString(property, "System.Text.Json.Serialization.JsonPropertyNameAttribute") ?? Naming.CamelCase(property.Name),
                propertyType,
                description,
                CanRead: true,
                canBind,
                isInitOnly,
                ctorIndex,
                required,
                defaultLiteral,
                defaultJson,
                Validation(property),
                property.IsRequired,
                defaultFromInstance));
        }

        return new ObjectTypeSpec(
            key,
            typeName,
            SchemaName(type),
            AttributeString(type, "System.ComponentModel.DescriptionAttribute") ?? DocComments.Summary(doc),
            type.IsValueType,
            ctorArguments.ToEquatableArray(),
            specs.ToEquatableArray(),
            inputProblem,
            outputProblem);
    }

    private string SchemaName(INamedTypeSymbol type)
    {
        string key = MetadataName(type);
        if (_schemaNames.TryGetValue(key, out var existing))
        {
            return existing;
        }

        string candidate = Naming.Identifier(type.Name + (type.IsGenericType ? "Of" + string.Join("And", type.TypeArguments.Select(a => a.Name)) : string.Empty));
        string name = candidate;
        for (int i = 2; _schemaNames.ContainsValue(name); i++)
        {
            name = candidate + i.ToString(CultureInfo.InvariantCulture);
        }

        _schemaNames[key] = name;
        return name;
    }

    private static bool IsCopyConstructor(IMethodSymbol constructor, INamedTypeSymbol type) =>
        constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type);

    private static bool ContainsTypeParameters(INamedTypeSymbol type) =>
        type.TypeArguments.Any(a => a is ITypeParameterSymbol || (a is INamedTypeSymbol n && ContainsTypeParameters(n)));

    public static string MetadataName(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : string.Empty;
        var outer = string.Empty;
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            outer = containing.MetadataName + "+" + outer;
        }

        return ns + outer + type.MetadataName;
    }

    public static bool HasAttribute(ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().Any(a => a.AttributeClass is { } c && MetadataName(c) == metadataName);

    public static string? AttributeString(ISymbol symbol, string metadataName)
    {
        var attribute = symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass is { } c && MetadataName(c) == metadataName);
        return attribute is { ConstructorArguments.Length: > 0 } && attribute.ConstructorArguments[0].Value is string s && s.Length > 0 ? s : null;
    }

    /// <summary>DataAnnotations on a parameter or property.</summary>
    public static ValidationSpec? Validation(ISymbol symbol)
    {
        string? minimum = null, maximum = null, pattern = null;
        int? minLength = null, maxLength = null;
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is not { } c)
            {
                continue;
            }

            var args = attribute.ConstructorArguments;
            switch (MetadataName(c))
            {
                case "System.ComponentModel.DataAnnotations.RangeAttribute" when args.Length == 2 && IsNumber(args[0].Value) && IsNumber(args[1].Value):
                    minimum = FormatNumber(args[0].Value!);
                    maximum = FormatNumber(args[1].Value!);
                    break;
                case "System.ComponentModel.DataAnnotations.StringLengthAttribute" when args.Length == 1 && args[0].Value is int max:
                    maxLength = max;
                    foreach (var named in attribute.NamedArguments)
                    {
                        if (named.Key == "MinimumLength" && named.Value.Value is int min && min > 0)
                        {
                            minLength = min;
                        }
                    }

                    break;
                case "System.ComponentModel.DataAnnotations.MinLengthAttribute" when args.Length == 1 && args[0].Value is int min:
                    minLength = min;
                    break;
                case "System.ComponentModel.DataAnnotations.MaxLengthAttribute" when args.Length == 1 && args[0].Value is int max:
                    maxLength = max;
                    break;
                case "System.ComponentModel.DataAnnotations.LengthAttribute" when args.Length == 2 && args[0].Value is int min && args[1].Value is int max:
                    minLength = min;
                    maxLength = max;
                    break;
                case "System.ComponentModel.DataAnnotations.RegularExpressionAttribute" when args.Length == 1 && args[0].Value is string regex:
                    pattern = regex;
                    break;
            }
        }

        return minimum is null && maximum is null && minLength is null && maxLength is null && pattern is null
            ? null
            : new ValidationSpec(minimum, maximum, minLength, maxLength, pattern);
    }

    private static bool IsNumber(object? value) => value is int or long or double or float or decimal or short or byte;

    public static string FormatNumber(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    /// <summary>The C# expression of a parameter's default value.</summary>
    public static string? DefaultLiteral(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return null;
        }

        object? value = parameter.ExplicitDefaultValue;
        var type = parameter.Type;
        if (value is null)
        {
            return type.IsValueType && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T ? "default" : "null";
        }

        var underlying = type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? ((INamedTypeSymbol)type).TypeArguments[0] : type;
        if (underlying.TypeKind == Microsoft.CodeAnalysis.TypeKind.Enum)
        {
            return "(" + TypeName(underlying) + ")(" + SymbolDisplay.FormatPrimitive(value, quoteStrings: false, useHexadecimalNumbers: false) + ")";
        }

        return value switch
        {
            string s => SymbolDisplay.FormatLiteral(s, quote: true),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            bool b => b ? "true" : "false",
            float f => f.ToString("R", CultureInfo.InvariantCulture) + "F",
            double d => d.ToString("R", CultureInfo.InvariantCulture) + "D",
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
            long l => l.ToString(CultureInfo.InvariantCulture) + "L",
            ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
            uint ui => ui.ToString(CultureInfo.InvariantCulture) + "U",
            IFormattable f => "(" + TypeName(underlying) + ")" + f.ToString(null, CultureInfo.InvariantCulture),
            _ => "default",
        };
    }

    /// <summary>The JSON of a default value for the schema's <c>default</c> keyword, or <see langword="null"/> for none.</summary>
    public static string? DefaultJson(object? value, TypeRefSpec type)
    {
        var kind = type.Kind == JsonShape.Nullable ? type.Element!.Kind : type.Kind;
        var enumType = type.Kind == JsonShape.Nullable ? type.Element! : type;
        return value switch
        {
            null => null,
            string s when kind == JsonShape.String => JsonText.Quote(s),
            char c when kind == JsonShape.Char => JsonText.Quote(c.ToString()),
            bool b => b ? "true" : "false",
            _ when kind == JsonShape.Enum => enumType.EnumMembers.Count > 0 ? EnumDefault(value, enumType) : null,
            double d when double.IsNaN(d) || double.IsInfinity(d) => null,
            float f when float.IsNaN(f) || float.IsInfinity(f) => null,
            IFormattable when kind is JsonShape.Byte or JsonShape.SByte or JsonShape.Int16 or JsonShape.UInt16 or JsonShape.Int32 or JsonShape.UInt32
                or JsonShape.Int64 or JsonShape.UInt64 or JsonShape.Single or JsonShape.Double or JsonShape.Decimal => FormatNumber(value),
            _ => null,
        };
    }

    // Enum defaults arrive as the underlying number.
    private static string? EnumDefault(object value, TypeRefSpec enumType)
    {
        string number = FormatNumber(value);
        foreach (var member in enumType.EnumMembers)
        {
            if (member.Value == number)
            {
                return JsonText.Quote(member.JsonName);
            }
        }

        return null;
    }
}
