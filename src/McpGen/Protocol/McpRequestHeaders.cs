using System;
using System.Buffers;
using System.Text;
using System.Text.Json;

namespace McpGen;

/// <summary>
/// The headers a transport carries beside the message (Streamable HTTP). Under 2026-07-28 they mirror parts of the body
/// so intermediaries can route without parsing it; the core checks that they agree with the body, in the order the
/// protocol's validation rules need (see <see cref="McpRequestProcessor"/>). stdio has no headers and passes
/// <see langword="null"/>.
/// </summary>
public interface IMcpRequestHeaders
{
    /// <summary>Returns the value of the header named <paramref name="name"/> (names are case-insensitive), or
    /// <see langword="null"/> when the request has none. A repeated header returns its values joined by commas.</summary>
    /// <param name="name">The header name, e.g. <c>Mcp-Method</c>.</param>
    string? GetHeader(string name);
}

/// <summary>
/// A tool argument mirrored into an <c>Mcp-Param-{Header}</c> request header (<c>x-mcp-header</c> in the tool's input
/// schema), so gateways can route on it.
/// </summary>
/// <param name="HeaderName">The header suffix: <c>Region</c> for <c>Mcp-Param-Region</c>.</param>
/// <param name="ArgumentName">The top-level argument it mirrors.</param>
public sealed record McpHeaderParameter(string HeaderName, string ArgumentName);

/// <summary>The 2026-07-28 header rules: names, the base64 sentinel, and comparison against body values.</summary>
internal static class McpHeaders
{
    public const string ProtocolVersion = "MCP-Protocol-Version";
    public const string Method = "Mcp-Method";
    public const string Name = "Mcp-Name";
    public const string ParamPrefix = "Mcp-Param-";

    /// <summary>
    /// Checks the headers that mirror the body (Mcp-Method, Mcp-Name, Mcp-Param-*); returns a description of the first
    /// disagreement, or <see langword="null"/> when they agree.
    /// </summary>
    public static string? FindMismatch(IMcpRequestHeaders headers, ReadOnlySpan<byte> method, in McpRequestParams p, McpServerDefinition definition)
    {
        string? methodHeader = headers.GetHeader(Method);
        if (methodHeader is null)
        {
            return "Missing Mcp-Method header: every request carries the JSON-RPC method in it.";
        }

        if (!Matches(methodHeader, method, out string? methodProblem))
        {
            return methodProblem is not null
                ? $"Header Mcp-Method: {methodProblem}"
                : $"Header Mcp-Method ('{methodHeader.Trim()}') does not match the body's method '{Encoding.UTF8.GetString(method)}'.";
        }

        // Mcp-Name mirrors the name of what the request targets, on the methods that target one (the tasks extension
        // routes on the task id, so a load balancer can send polls to the owning node).
        ReadOnlySpan<byte> named = default;
        bool targets = false;
        string what = "params.name";
        var row = McpMethodTable.Find(method);
        switch (row is { Eras: var eras } && (eras & McpMethodEras.Current) != 0 ? row.Target : McpMethodTarget.None)
        {
            case McpMethodTarget.Name:
                targets = p.HasName;
                named = p.Name.Span;
                break;
            case McpMethodTarget.Uri:
                targets = p.HasUri;
                named = targets ? Encoding.UTF8.GetBytes(p.Uri!) : default;
                what = "params.uri";
                break;
            case McpMethodTarget.TaskId:
                targets = p.TaskId is not null;
                named = targets ? Encoding.UTF8.GetBytes(p.TaskId!) : default;
                what = "params.taskId";
                break;
        }

        string? nameHeader = headers.GetHeader(Name);
        if (targets)
        {
            if (nameHeader is null)
            {
                return $"Missing Mcp-Name header: it mirrors {what} on {Encoding.UTF8.GetString(method)} requests.";
            }

            if (!Matches(nameHeader, named, out string? problem))
            {
                return problem is not null
                    ? $"Header Mcp-Name: {problem}"
                    : $"Header Mcp-Name ('{nameHeader.Trim()}') does not match {what} '{Encoding.UTF8.GetString(named)}'.";
            }
        }
        else if (nameHeader is not null)
        {
            return $"Header Mcp-Name is present but the body has no {what}.";
        }

        if (method.SequenceEqual("tools/call"u8) && targets && definition.FindTool(named) is { HeaderParameters.Count: > 0 } tool)
        {
            return FindParameterMismatch(headers, tool, p);
        }

        return null;
    }

    private static string? FindParameterMismatch(IMcpRequestHeaders headers, McpToolDescriptor tool, in McpRequestParams p)
    {
        foreach (var parameter in tool.HeaderParameters)
        {
            string headerName = ParamPrefix + parameter.HeaderName;
            string? header = headers.GetHeader(headerName);
            if (!TryFindArgument(p, parameter.ArgumentName, out var token, out var raw) || token == JsonTokenType.Null)
            {
                // Absent or null arguments are not mirrored; a header for one is still a disagreement.
                if (header is not null)
                {
                    return $"Header {headerName} is present but argument '{parameter.ArgumentName}' is absent or null.";
                }

                continue;
            }

            if (header is null)
            {
                return $"Missing {headerName} header: it mirrors argument '{parameter.ArgumentName}' of tool '{tool.Name}'.";
            }

            if (!TryDecode(header, out string? decoded, out string? problem))
            {
                return $"Header {headerName}: {problem}";
            }

            bool equal = token switch
            {
                JsonTokenType.String => ValueEquals(decoded, raw),
                JsonTokenType.Number => NumberEquals(decoded, raw),
                JsonTokenType.True => decoded == "true",
                JsonTokenType.False => decoded == "false",
                _ => false,
            };
            if (!equal)
            {
                return $"Header {headerName} ('{decoded}') does not match argument '{parameter.ArgumentName}'.";
            }
        }

        return null;
    }

    /// <summary>Finds a top-level argument: its token and, for strings, the unescaped UTF-8 value (raw text otherwise).</summary>
    private static bool TryFindArgument(in McpRequestParams p, string name, out JsonTokenType token, out byte[] value)
    {
        token = JsonTokenType.None;
        value = [];
        if (!p.HasArguments || p.ArgumentsToken != JsonTokenType.StartObject)
        {
            return false;
        }

        var reader = new Utf8JsonReader(p.Arguments.Span);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool match = reader.ValueTextEquals(name);
            reader.Read();
            if (match)
            {
                token = reader.TokenType;
                value = token == JsonTokenType.String ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan.ToArray();
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    private static bool ValueEquals(string decoded, byte[] utf8) => Encoding.UTF8.GetByteCount(decoded) == utf8.Length && Encoding.UTF8.GetBytes(decoded).AsSpan().SequenceEqual(utf8);

    private static bool NumberEquals(string decoded, byte[] raw) =>
        decimal.TryParse(decoded, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var header)
        && decimal.TryParse(Encoding.UTF8.GetString(raw), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var body)
        && header == body;

    /// <summary>
    /// Whether a header value (after trimming and base64 decoding) equals the UTF-8 body value; <paramref name="problem"/>
    /// says why a value is unreadable (not merely different).
    /// </summary>
    public static bool Matches(string header, ReadOnlySpan<byte> utf8Body, out string? problem)
    {
        problem = null;
        var value = header.AsSpan().Trim(" \t");
        if (!IsBase64Wrapped(value))
        {
            if (!IsPlainValue(value, out problem))
            {
                return false;
            }

            // Printable ASCII, as checked; compare without allocating.
            if (value.Length != utf8Body.Length)
            {
                return false;
            }

            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] != utf8Body[i])
                {
                    return false;
                }
            }

            return true;
        }

        if (!TryDecode(header, out string? decoded, out problem))
        {
            return false;
        }

        return Encoding.UTF8.GetBytes(decoded).AsSpan().SequenceEqual(utf8Body);
    }

    /// <summary>Trims optional whitespace and decodes the <c>=?base64?…?=</c> sentinel when present.</summary>
    public static bool TryDecode(string header, out string decoded, out string? problem)
    {
        problem = null;
        var value = header.AsSpan().Trim(" \t");
        if (!IsBase64Wrapped(value))
        {
            decoded = value.ToString();
            return IsPlainValue(value, out problem);
        }

        var payload = value["=?base64?".Length..^"?=".Length];
        byte[] buffer = ArrayPool<byte>.Shared.Rent(payload.Length);
        try
        {
            if (payload.Length % 4 != 0 || !Convert.TryFromBase64Chars(payload, buffer, out int written))
            {
                decoded = string.Empty;
                problem = "the =?base64?…?= value is not valid base64.";
                return false;
            }

            try
            {
                decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, written);
                return true;
            }
            catch (ArgumentException)
            {
                decoded = string.Empty;
                problem = "the =?base64?…?= value is not UTF-8 text.";
                return false;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A value sent as is must be printable ASCII: the protocol sends anything else (control characters, non-ASCII) as
    /// <c>=?base64?…?=</c>. A raw control character is refused rather than compared, so no intermediary that strips or
    /// rejects it can end up routing on a different value than the server serves.
    /// </summary>
    private static bool IsPlainValue(ReadOnlySpan<char> value, out string? problem)
    {
        int bad = value.IndexOfAnyExceptInRange(' ', '~');
        if (bad < 0)
        {
            problem = null;
            return true;
        }

        char c = value[bad];
        problem = $"the value contains {(c < ' ' || c == '\x7F' ? "a control character" : "a non-ASCII character")} (U+{(int)c:X4}) at position {bad}; values that are not printable ASCII must be sent as =?base64?…?=.";
        return false;
    }

    private static bool IsBase64Wrapped(ReadOnlySpan<char> value) =>
        value.Length >= "=?base64??=".Length && value.StartsWith("=?base64?", StringComparison.Ordinal) && value.EndsWith("?=", StringComparison.Ordinal);
}
