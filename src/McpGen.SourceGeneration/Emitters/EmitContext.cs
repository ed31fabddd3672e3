using System;
using System.Collections.Generic;
using System.Globalization;
using McpGen.SourceGeneration.Helpers;
using McpGen.SourceGeneration.Model;

namespace McpGen.SourceGeneration.Emitters;

/// <summary>
/// What the emitters of one generated file share: the object types they may read or write, the names already taken,
/// and the helpers (JSON readers and writers, enum names and parsers, patterns, completion values, default instances)
/// requested so far, which <see cref="SharedHelpersEmitter"/> writes at the end of the file.
/// </summary>
internal sealed class EmitContext
{
    public Dictionary<string, ObjectTypeSpec> Objects { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, TypeRefSpec> Readers { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, TypeRefSpec> Writers { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, TypeRefSpec> EnumNames { get; } = new(StringComparer.Ordinal);

    public List<string> Patterns { get; } = [];

    public HashSet<string> DefaultInstances { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, TypeRefSpec> EnumParsers { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, string[]> CompletionValues { get; } = new(StringComparer.Ordinal);

    public HashSet<string> UsedNames { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether object readers skip properties they do not know instead of rejecting them: elicitation forms, whose
    /// requested schema (unlike a tool's input schema) does not forbid other properties.
    /// </summary>
    public bool SkipUnknownProperties { get; init; }

    /// <summary>Whether a tool without arguments was emitted, so the file needs the shared <c>NoArguments</c> check.</summary>
    public bool RejectsArguments { get; set; }

    /// <summary>A C# identifier for a generated member, unique within the file.</summary>
    public string UniqueName(string prefix, string name)
    {
        string candidate = prefix + Naming.Identifier(name);
        string unique = candidate;
        for (int i = 2; !UsedNames.Add(unique); i++)
        {
            unique = candidate + "_" + i.ToString(CultureInfo.InvariantCulture);
        }

        return unique;
    }

    /// <summary>The part of a helper's name that identifies its type.</summary>
    private string Mangle(TypeRefSpec type) => type.Kind switch
    {
        JsonShape.Nullable => "NullableOf" + Mangle(type.Element!),
        JsonShape.Collection => type.Collection + "Of" + (type.Element!.IsNullable ? "Optional" : string.Empty) + Mangle(type.Element!),
        JsonShape.Dictionary => "DictionaryOf" + (type.Element!.IsNullable ? "Optional" : string.Empty) + Mangle(type.Element!),
        JsonShape.Object => Naming.Identifier(type.ObjectKey!),
        JsonShape.Enum => Naming.Identifier(type.TypeName.Replace("global::", string.Empty)),
        _ => type.Kind.ToString(),
    };

    /// <summary>The name of the <c>Read_*</c> helper of <paramref name="type"/>, requesting it.</summary>
    public string ReaderMethod(TypeRefSpec type)
    {
        string name = "Read_" + Mangle(type);
        Readers[name] = type;
        return name;
    }

    /// <summary>The name of the <c>Write_*</c> helper of <paramref name="type"/>, requesting it.</summary>
    public string WriterMethod(TypeRefSpec type)
    {
        string name = "Write_" + Mangle(type);
        Writers[name] = type;
        return name;
    }

    /// <summary>The name of the <c>NameOf_*</c> helper of an enum, requesting it.</summary>
    public string EnumNameMethod(TypeRefSpec type)
    {
        string name = "NameOf_" + Mangle(type);
        EnumNames[name] = type;
        return name;
    }

    /// <summary>The name of the <c>ParseEnum_*</c> helper of an enum, requesting it.</summary>
    public string EnumParserMethod(TypeRefSpec type)
    {
        string name = "ParseEnum_" + Mangle(type);
        EnumParsers[name] = type;
        return name;
    }
}
