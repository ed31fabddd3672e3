using System;
using System.Text.Json;

namespace McpGen.Client;

/// <summary>
/// Writes the members of a request's <c>params</c> object (for example <c>"name":"x","arguments":{…}</c>): the writer
/// stands inside the object, and the client adds <c>_meta</c>, <c>inputResponses</c> and <c>requestState</c> itself.
/// Called once per round, so it must write the same members every time.
/// </summary>
/// <typeparam name="TArgs">What the request is made of.</typeparam>
/// <param name="writer">The writer, inside the <c>params</c> object.</param>
/// <param name="args">The values to write.</param>
public delegate void McpParamsWriter<TArgs>(Utf8JsonWriter writer, TArgs args);

/// <summary>Reads a complete result object (the raw UTF-8 JSON of <c>result</c>) into what the caller wants.</summary>
/// <typeparam name="TResult">What the result becomes.</typeparam>
/// <param name="resultJson">The <c>result</c> object; valid only during the call.</param>
/// <returns>The value the request returns.</returns>
public delegate TResult McpResultReader<TResult>(ReadOnlySpan<byte> resultJson);
