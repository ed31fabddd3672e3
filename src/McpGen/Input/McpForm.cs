using System;
using System.ComponentModel;
using System.Text.Json;

namespace McpGen;

/// <summary>Reads a submitted form's content object into its .NET type; generated code.</summary>
/// <typeparam name="T">The form's type.</typeparam>
/// <param name="reader">Positioned on the content's <c>{</c>.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate T McpFormReader<T>(ref Utf8JsonReader reader);

/// <summary>
/// The elicitation form of <typeparamref name="T"/>: its requested schema and reader, computed at compile time. The
/// McpGen generator registers one for every type used with <see cref="McpInput.Elicit{TForm}(string, string)"/>, from a
/// module initializer, so no reflection is involved.
/// </summary>
/// <typeparam name="T">The form's type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class McpForm<T>
{
    private McpForm(ReadOnlyMemory<byte> schema, McpFormReader<T> reader)
    {
        Schema = schema;
        Reader = reader;
    }

    /// <summary>The form registered for <typeparamref name="T"/>, or <see langword="null"/>.</summary>
    public static McpForm<T>? Registered { get; private set; }

    /// <summary>The requested schema (UTF-8 JSON, an object schema of primitive properties).</summary>
    public ReadOnlyMemory<byte> Schema { get; }

    /// <summary>Reads submitted content.</summary>
    public McpFormReader<T> Reader { get; }

    /// <summary>Registers the form of <typeparamref name="T"/>; generated code calls this once per type and assembly.</summary>
    /// <param name="schema">The requested schema.</param>
    /// <param name="reader">Reads submitted content.</param>
    public static void Register(ReadOnlySpan<byte> schema, McpFormReader<T> reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Registered = new McpForm<T>(schema.ToArray(), reader);
    }
}
