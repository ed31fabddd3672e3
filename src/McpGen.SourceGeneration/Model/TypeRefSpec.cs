namespace McpGen.SourceGeneration.Model;

/// <summary>A use of a type: its kind, C# name, nullability and element type.</summary>
/// <param name="TypeName">The <c>global::</c>-qualified C# type, without a nullable-reference annotation.</param>
/// <param name="IsNullable">For reference types: whether <c>null</c> is accepted (annotated <c>?</c>).</param>
/// <param name="ObjectKey">For <see cref="JsonShape.Object"/>: the key of its <see cref="ObjectTypeSpec"/>.</param>
internal sealed record TypeRefSpec(
    JsonShape Kind,
    string TypeName,
    bool IsNullable,
    TypeRefSpec? Element,
    string? ObjectKey,
    CollectionKind Collection,
    EquatableArray<EnumMemberSpec> EnumMembers)
{
    /// <summary>Whether values of this type may be <c>null</c> in JSON.</summary>
    public bool AcceptsNull => IsNullable || Kind == JsonShape.Nullable;

    /// <summary>The type name as a declaration (with <c>?</c> for nullable reference types).</summary>
    public string DeclaredName => IsNullable && Kind != JsonShape.Nullable && !IsValueKind ? TypeName + "?" : TypeName;

    public bool IsValueKind => Kind is not (JsonShape.String or JsonShape.Uri or JsonShape.Collection or JsonShape.Dictionary or JsonShape.Object)
        || (Kind == JsonShape.Object && ObjectIsValueType);

    /// <summary>For objects: whether the type is a struct.</summary>
    public bool ObjectIsValueType { get; init; }
}
