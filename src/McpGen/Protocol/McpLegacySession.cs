using System;
using System.Text.Json;
using McpGen.Internal;

namespace McpGen;

/// <summary>
/// The <c>Mcp-Session-Id</c> a 2025-11-25 client gets from <c>initialize</c> over Streamable HTTP: its negotiated
/// revision and declared capabilities, sealed like <c>requestState</c>. The server keeps nothing; any instance that shares
/// the key opens the id a later request carries and so knows what the client may be asked. An id that does not open
/// was not issued here (or its key was rotated out) and is an unknown session. Like <c>requestState</c>, a session
/// started by an authenticated caller opens only for that caller, so a leaked id cannot be used to cancel its requests.
/// </summary>
internal static class McpLegacySession
{
    /// <summary>The header that carries the id.</summary>
    public const string Header = "Mcp-Session-Id";

    /// <summary>
    /// Seals the session. Only the capabilities McpGen acts on are kept (elicitation, sampling, roots), so the id stays
    /// small whatever else the client declared. The random nonce of the seal makes every id unique and unguessable.
    /// </summary>
    public static string Seal(IMcpRequestStateProtector protector, string version, ReadOnlySpan<byte> capabilities, string? caller)
    {
        var scratch = JsonScratch.Rent();
        try
        {
            // "k" tells a session from a requestState sealed with the same key: neither opens as the other.
            var w = scratch.Writer;
            w.WriteStartObject();
            w.WriteString("k"u8, "session"u8);
            w.WriteString("v"u8, version);
            if (caller is not null)
            {
                w.WriteString("p"u8, caller);
            }

            w.WritePropertyName("c"u8);
            WriteKnownCapabilities(w, capabilities);
            w.WriteEndObject();
            w.Flush();
            return protector.Protect(scratch.Buffer.WrittenSpan);
        }
        finally
        {
            JsonScratch.Return(scratch);
        }
    }

    /// <summary>Opens a session id; <see langword="false"/> when this server did not issue it, or issued it to another caller.</summary>
    public static bool TryOpen(IMcpRequestStateProtector protector, string sessionId, string? caller, out string version, out byte[] capabilities)
    {
        version = "";
        capabilities = [];
        if (!protector.TryUnprotect(sessionId.Trim(), out var plaintext))
        {
            return false;
        }

        string? kind = null, sealedVersion = null, sealedCaller = null;
        byte[]? sealedCapabilities = null;
        try
        {
            var reader = new Utf8JsonReader(plaintext);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isKind = reader.ValueTextEquals("k"u8), isVersion = reader.ValueTextEquals("v"u8), isCaller = reader.ValueTextEquals("p"u8), isCapabilities = reader.ValueTextEquals("c"u8);
                reader.Read();
                int start = (int)reader.TokenStartIndex;
                if (isKind || isVersion || isCaller)
                {
                    string? value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    if (isKind)
                    {
                        kind = value;
                    }
                    else if (isVersion)
                    {
                        sealedVersion = value;
                    }
                    else
                    {
                        sealedCaller = value;
                    }
                }

                reader.Skip();
                if (isCapabilities)
                {
                    sealedCapabilities = plaintext.AsSpan(start, (int)reader.BytesConsumed - start).ToArray();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        // A session started anonymously is anyone's, as an anonymous task is.
        if (kind != "session" || sealedCapabilities is null || (sealedCaller is not null && sealedCaller != caller) || Array.IndexOf(McpProtocol.LegacyVersions, sealedVersion) is not (>= 0 and var index))
        {
            return false;
        }

        version = McpProtocol.LegacyVersions[index];
        capabilities = sealedCapabilities;
        return true;
    }

    private static void WriteKnownCapabilities(Utf8JsonWriter w, ReadOnlySpan<byte> capabilities)
    {
        w.WriteStartObject();
        if (!capabilities.IsEmpty)
        {
            var reader = new Utf8JsonReader(capabilities);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool known = reader.ValueTextEquals("elicitation"u8) || reader.ValueTextEquals("sampling"u8) || reader.ValueTextEquals("roots"u8);
                string? name = known ? reader.GetString() : null;
                reader.Read();
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (name is not null)
                {
                    w.WritePropertyName(name);
                    w.WriteRawValue(capabilities[start..(int)reader.BytesConsumed], skipInputValidation: true);
                }
            }
        }

        w.WriteEndObject();
    }
}
