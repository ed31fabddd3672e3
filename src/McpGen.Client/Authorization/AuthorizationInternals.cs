using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace McpGen.Client.Authorization;

/// <summary>One <c>Bearer</c> or <c>DPoP</c> challenge of a <c>WWW-Authenticate</c> header (RFC 6750 §3, RFC 9728 §5.1).</summary>
internal sealed record AuthChallenge(string Scheme, string? Error, string? Scope, Uri? ResourceMetadata)
{
    public static AuthChallenge? Read(HttpResponseMessage response)
    {
        AuthChallenge? best = null;
        foreach (var header in response.Headers.WwwAuthenticate)
        {
            if (!header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) && !header.Scheme.Equals("DPoP", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var parameters = ReadParameters(header.Parameter);
            parameters.TryGetValue("resource_metadata", out var metadata);
            parameters.TryGetValue("scope", out var scope);
            parameters.TryGetValue("error", out var error);
            var challenge = new AuthChallenge(header.Scheme, error, scope, Uri.TryCreate(metadata, UriKind.Absolute, out var uri) ? uri : null);
            if (best is null || (best.ResourceMetadata is null && challenge.ResourceMetadata is not null) || (best.Scope is null && challenge.Scope is not null))
            {
                best = best is null ? challenge : best with
                {
                    ResourceMetadata = best.ResourceMetadata ?? challenge.ResourceMetadata,
                    Scope = best.Scope ?? challenge.Scope,
                    Error = best.Error ?? challenge.Error,
                };
            }
        }

        return best;
    }

    /// <summary>Reads <c>name=value, name="quoted value"</c> pairs.</summary>
    internal static Dictionary<string, string> ReadParameters(string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            int nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',')
            {
                i++;
            }

            string name = text[nameStart..i].Trim();
            if (i >= text.Length || text[i] != '=')
            {
                continue;
            }

            i++;
            var value = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    value.Append(text[i++]);
                }

                i++;
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                {
                    value.Append(text[i++]);
                }
            }

            if (name.Length > 0)
            {
                result[name] = value.ToString().Trim();
            }
        }

        return result;
    }
}

/// <summary>Protected resource metadata (RFC 9728).</summary>
internal sealed record ProtectedResourceMetadata(string? Resource, IReadOnlyList<string> AuthorizationServers, IReadOnlyList<string>? ScopesSupported);

/// <summary>Authorization server metadata (RFC 8414, OpenID Connect discovery): what the client uses of it.</summary>
internal sealed record AuthorizationServerMetadata(
    string Issuer,
    string? AuthorizationEndpoint,
    string TokenEndpoint,
    string? RegistrationEndpoint,
    IReadOnlyList<string>? ScopesSupported,
    IReadOnlyList<string>? TokenEndpointAuthMethods,
    IReadOnlyList<string>? GrantTypes,
    bool ClientIdMetadataDocumentSupported,
    bool IssParameterSupported,
    IReadOnlyList<string>? DPoPAlgorithms);

/// <summary>Reads the metadata documents with <see cref="JsonDocument"/> (no reflection).</summary>
internal static class AuthorizationMetadataReader
{
    public static ProtectedResourceMetadata ReadResource(JsonElement json) =>
        new(GetString(json, "resource"), GetStrings(json, "authorization_servers") ?? [], GetStrings(json, "scopes_supported"));

    public static AuthorizationServerMetadata ReadServer(JsonElement json, string fallbackIssuer) =>
        new(
            GetString(json, "issuer") ?? fallbackIssuer,
            GetString(json, "authorization_endpoint"),
            GetString(json, "token_endpoint") ?? throw new McpAuthorizationException($"The authorization server metadata of {fallbackIssuer} has no token_endpoint."),
            GetString(json, "registration_endpoint"),
            GetStrings(json, "scopes_supported"),
            GetStrings(json, "token_endpoint_auth_methods_supported"),
            GetStrings(json, "grant_types_supported"),
            json.TryGetProperty("client_id_metadata_document_supported", out var cimd) && cimd.ValueKind == JsonValueKind.True,
            json.TryGetProperty("authorization_response_iss_parameter_supported", out var iss) && iss.ValueKind == JsonValueKind.True,
            GetStrings(json, "dpop_signing_alg_values_supported"));

    public static string? GetString(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static List<string>? GetStrings(JsonElement json, string name)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                list.Add(item.GetString()!);
            }
        }

        return list;
    }
}

/// <summary>Compact JWS (RFC 7515) signing with the platform's ECDsa/RSA: client assertions and DPoP proofs, without reflection.</summary>
internal static class JwtSigner
{
    public delegate void ClaimsWriter<T>(Utf8JsonWriter writer, T state);

    public static string Sign<T>(AsymmetricAlgorithm key, string algorithm, string type, string? keyId, bool embedPublicKey, T state, ClaimsWriter<T> writeClaims)
    {
        var header = new ArrayBufferWriterStream();
        using (var w = new Utf8JsonWriter(header.Buffer))
        {
            w.WriteStartObject();
            w.WriteString("alg", algorithm);
            w.WriteString("typ", type);
            if (keyId is not null)
            {
                w.WriteString("kid", keyId);
            }

            if (embedPublicKey)
            {
                w.WritePropertyName("jwk");
                WritePublicJwk(w, key);
            }

            w.WriteEndObject();
        }

        var payload = new ArrayBufferWriterStream();
        using (var w = new Utf8JsonWriter(payload.Buffer))
        {
            w.WriteStartObject();
            writeClaims(w, state);
            w.WriteEndObject();
        }

        string signingInput = Base64Url.EncodeToString(header.Buffer.WrittenSpan) + "." + Base64Url.EncodeToString(payload.Buffer.WrittenSpan);
        byte[] data = Encoding.ASCII.GetBytes(signingInput);
        byte[] signature = key switch
        {
            ECDsa ec => ec.SignData(data, Hash(algorithm), DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            RSA rsa => rsa.SignData(data, Hash(algorithm), algorithm.StartsWith("PS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1),
            _ => throw new McpAuthorizationException($"Keys of type {key.GetType().Name} cannot sign JWTs; use ECDsa or RSA."),
        };
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>The public key as a JWK (RFC 7517), members in the lexicographic order RFC 7638 thumbprints need.</summary>
    public static void WritePublicJwk(Utf8JsonWriter w, AsymmetricAlgorithm key)
    {
        w.WriteStartObject();
        switch (key)
        {
            case ECDsa ec:
                var p = ec.ExportParameters(includePrivateParameters: false);
                w.WriteString("crv", p.Curve.Oid.FriendlyName switch { "nistP384" or "ECDSA_P384" => "P-384", "nistP521" or "ECDSA_P521" => "P-521", _ => "P-256" });
                w.WriteString("kty", "EC");
                w.WriteString("x", Base64Url.EncodeToString(p.Q.X));
                w.WriteString("y", Base64Url.EncodeToString(p.Q.Y));
                break;
            case RSA rsa:
                var r = rsa.ExportParameters(includePrivateParameters: false);
                w.WriteString("e", Base64Url.EncodeToString(r.Exponent));
                w.WriteString("kty", "RSA");
                w.WriteString("n", Base64Url.EncodeToString(r.Modulus));
                break;
        }

        w.WriteEndObject();
    }

    /// <summary>The RFC 7638 thumbprint of the public key (base64url SHA-256 of its canonical JWK).</summary>
    public static string Thumbprint(AsymmetricAlgorithm key)
    {
        var jwk = new ArrayBufferWriterStream();
        using (var w = new Utf8JsonWriter(jwk.Buffer))
        {
            WritePublicJwk(w, key);
        }

        return Base64Url.EncodeToString(SHA256.HashData(jwk.Buffer.WrittenSpan));
    }

    private static HashAlgorithmName Hash(string algorithm) => algorithm[^3..] switch
    {
        "384" => HashAlgorithmName.SHA384,
        "512" => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    private sealed class ArrayBufferWriterStream
    {
        public System.Buffers.ArrayBufferWriter<byte> Buffer { get; } = new(256);
    }
}

/// <summary>DPoP proofs (RFC 9449) for one key, with the nonces servers hand out.</summary>
internal sealed class DPoPProofs(ECDsa key, TimeProvider time)
{
    private readonly Dictionary<string, string> _nonces = new(StringComparer.Ordinal);

    public string JwkThumbprint { get; } = JwtSigner.Thumbprint(key);

    public string Create(HttpMethod method, Uri uri, string? accessToken)
    {
        string htu = uri.GetLeftPart(UriPartial.Path);
        string? nonce;
        lock (_nonces)
        {
            _nonces.TryGetValue(uri.GetLeftPart(UriPartial.Authority), out nonce);
        }

        long now = time.GetUtcNow().ToUnixTimeSeconds();
        return JwtSigner.Sign(key, "ES256", "dpop+jwt", null, embedPublicKey: true, (method.Method, htu, nonce, accessToken, now), static (w, s) =>
        {
            w.WriteString("jti", Guid.NewGuid().ToString("N"));
            w.WriteString("htm", s.Method);
            w.WriteString("htu", s.htu);
            w.WriteNumber("iat", s.now);
            if (s.nonce is not null)
            {
                w.WriteString("nonce", s.nonce);
            }

            if (s.accessToken is not null)
            {
                w.WriteString("ath", Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(s.accessToken))));
            }
        });
    }

    /// <summary>Remembers the <c>DPoP-Nonce</c> a server sent; true when it is new (a request refused for want of it can be sent again).</summary>
    public bool Remember(Uri uri, HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues("DPoP-Nonce", out var values))
        {
            return false;
        }

        foreach (string value in values)
        {
            lock (_nonces)
            {
                string origin = uri.GetLeftPart(UriPartial.Authority);
                if (_nonces.TryGetValue(origin, out var old) && old == value)
                {
                    return false;
                }

                _nonces[origin] = value;
                return true;
            }
        }

        return false;
    }

    public void Remember(Uri uri, string? nonce)
    {
        if (nonce is not null)
        {
            lock (_nonces)
            {
                _nonces[uri.GetLeftPart(UriPartial.Authority)] = nonce;
            }
        }
    }
}
