using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace McpGen;

/// <summary>
/// Seals and opens <c>requestState</c>: the opaque text an <c>input_required</c> result hands the client, which comes
/// back unchanged with the retry. It carries the handler's answers so far and its <see cref="McpInput.State"/>, so it
/// must be confidential and tamper-proof, and every instance of the server must open what any instance sealed.
/// </summary>
/// <remarks>
/// Register an implementation as a service to replace McpGen's default (AES-256-GCM with
/// <see cref="McpRequestStateOptions.Keys"/>), for example to use ASP.NET Core Data Protection or a key vault.
/// </remarks>
public interface IMcpRequestStateProtector
{
    /// <summary>Seals <paramref name="plaintext"/> into URL-safe text.</summary>
    /// <param name="plaintext">What to protect.</param>
    string Protect(ReadOnlySpan<byte> plaintext);

    /// <summary>Opens text sealed by <see cref="Protect"/> on any instance; <see langword="false"/> when it was forged, altered or sealed with an unknown key.</summary>
    /// <param name="protectedText">Text from <see cref="Protect"/>, as the client sent it back.</param>
    /// <param name="plaintext">The plaintext when the text is authentic.</param>
    bool TryUnprotect(string protectedText, out byte[] plaintext);
}

/// <summary>How <c>requestState</c> is sealed; part of <see cref="McpServerOptions"/>.</summary>
public sealed class McpRequestStateOptions
{
    /// <summary>
    /// AES-256 keys (32 random bytes each) shared by every instance of the server. The first seals new state; all of
    /// them open state, so a key can be rotated in without failing retries in flight: add the new key first, keep the
    /// old one second for at least <see cref="Lifetime"/>, then remove it. Empty by default: the process then makes a
    /// key of its own at start-up, which suits stdio and single-instance servers but fails retries that reach another
    /// instance (McpGen logs a warning once).
    /// </summary>
    /// <remarks>Make a key with <c>openssl rand -base64 32</c> and load it from configuration or a secret store.</remarks>
    public IList<byte[]> Keys { get; } = [];

    /// <summary>How long a client may take to answer before the state expires and the retry is rejected. Default 15 minutes.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// The default <see cref="IMcpRequestStateProtector"/>: AES-256-GCM. Format <c>v1.{keyId}.{base64url(nonce | ciphertext | tag)}</c>,
/// where the key id (a hash prefix of the key) picks the key that opens it.
/// </summary>
internal sealed class AesGcmRequestStateProtector : IMcpRequestStateProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const string Prefix = "v1.";
    private static readonly byte[] s_associatedData = "McpGen.RequestState.v1"u8.ToArray();

    private readonly (string Id, byte[] Key)[] _keys;

    public AesGcmRequestStateProtector(IList<byte[]> keys)
    {
        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one key is needed.", nameof(keys));
        }

        CheckKeys(keys);
        _keys = new (string, byte[])[keys.Count];
        for (int i = 0; i < keys.Count; i++)
        {
            _keys[i] = (KeyId(keys[i]), (byte[])keys[i].Clone());
        }
    }

    /// <summary>Refuses keys that are not AES-256 keys, naming which one.</summary>
    public static void CheckKeys(IList<byte[]> keys)
    {
        for (int i = 0; i < keys.Count; i++)
        {
            var key = keys[i] ?? throw new ArgumentException($"McpServerOptions.RequestState.Keys[{i}] is null.", nameof(keys));
            if (key.Length != 32)
            {
                throw new ArgumentException($"McpServerOptions.RequestState.Keys[{i}] has {key.Length} bytes; AES-256 needs 32 random bytes (openssl rand -base64 32).", nameof(keys));
            }
        }
    }

    /// <summary>A protector with a random key of this process only.</summary>
    public static AesGcmRequestStateProtector Ephemeral() => new([RandomNumberGenerator.GetBytes(32)]);

    public string Protect(ReadOnlySpan<byte> plaintext)
    {
        var (id, key) = _keys[0];
        var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(NonceSize + plaintext.Length), s_associatedData);
        }

        return Prefix + id + "." + Base64Url.Encode(sealedBytes);
    }

    public bool TryUnprotect(string protectedText, out byte[] plaintext)
    {
        plaintext = [];
        if (protectedText is null || !protectedText.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        int dot = protectedText.IndexOf('.', Prefix.Length);
        if (dot < 0)
        {
            return false;
        }

        var id = protectedText.AsSpan(Prefix.Length, dot - Prefix.Length);
        byte[]? key = null;
        foreach (var candidate in _keys)
        {
            if (id.SequenceEqual(candidate.Id))
            {
                key = candidate.Key;
                break;
            }
        }

        if (key is null || !Base64Url.TryDecode(protectedText.AsSpan(dot + 1), out var sealedBytes) || sealedBytes.Length < NonceSize + TagSize)
        {
            return false;
        }

        var result = new byte[sealedBytes.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, result.Length), sealedBytes.AsSpan(NonceSize + result.Length), result, s_associatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plaintext = result;
        return true;
    }

    private static string KeyId(byte[] key)
    {
        // A hash prefix names the key without revealing it; 6 bytes keep collisions between a handful of keys negligible.
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(key, hash);
        return Base64Url.Encode(hash[..6]);
    }
}

/// <summary>Unpadded base64url (RFC 4648 §5), for text that travels in JSON and URLs.</summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(Convert.ToBase64String(bytes));
        text.Replace('+', '-').Replace('/', '_');
        int end = text.Length;
        while (end > 0 && text[end - 1] == '=')
        {
            end--;
        }

        return text.ToString(0, end);
    }

    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 4 == 1)
        {
            return false;
        }

        var padded = new char[text.Length + ((4 - (text.Length % 4)) % 4)];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '+' or '/' or '=')
            {
                return false;
            }

            padded[i] = c switch { '-' => '+', '_' => '/', _ => c };
        }

        padded.AsSpan(text.Length).Fill('=');
        var buffer = new byte[padded.Length / 4 * 3];
        if (!Convert.TryFromBase64Chars(padded, buffer, out int written))
        {
            return false;
        }

        bytes = buffer.AsSpan(0, written).ToArray();
        return true;
    }
}
