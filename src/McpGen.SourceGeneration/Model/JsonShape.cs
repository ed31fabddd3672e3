namespace McpGen.SourceGeneration.Model;

/// <summary>The JSON shape of a .NET type as McpGen reads and writes it.</summary>
internal enum JsonShape
{
    String,
    Boolean,
    Char,
    Byte,
    SByte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Single,
    Double,
    Decimal,
    DateTime,
    DateTimeOffset,
    DateOnly,
    TimeOnly,
    TimeSpan,
    Guid,
    Uri,
    /// <summary><c>System.Text.Json.JsonElement</c>: any JSON value.</summary>
    Any,
    Enum,
    /// <summary><c>Nullable&lt;T&gt;</c>; <see cref="TypeRefSpec.Element"/> is <c>T</c>.</summary>
    Nullable,
    /// <summary>An array or collection; <see cref="TypeRefSpec.Element"/> is the item type.</summary>
    Collection,
    /// <summary>A dictionary with string keys; <see cref="TypeRefSpec.Element"/> is the value type.</summary>
    Dictionary,
    /// <summary>A record, class or struct with properties; see <see cref="ObjectTypeSpec"/>.</summary>
    Object,
}
