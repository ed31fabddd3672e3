using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text.Json;
using McpGen.Internal;

namespace McpGen;

/// <summary>
/// One round of a request that may ask for input: the answers it carries (from earlier rounds, opened from the sealed
/// <c>requestState</c>, and from this round's <c>inputResponses</c>), the handler's carried state, and what the
/// next round's state must be bound to (method, target, arguments digest, and the caller when authenticated).
/// </summary>
internal sealed class McpInputRound
{
    private readonly Dictionary<string, byte[]>? _answers;

    private McpInputRound(string method, string target, string argumentsDigest, string? caller, Dictionary<string, byte[]>? answers, string? state)
    {
        Method = method;
        Target = target;
        ArgumentsDigest = argumentsDigest;
        Caller = caller;
        _answers = answers;
        State = state;
    }

    public string Method { get; }

    /// <summary>The tool or prompt name, or the resource URI.</summary>
    public string Target { get; }

    public string ArgumentsDigest { get; }

    /// <summary>The authenticated caller (<see cref="McpCallerIdentity"/>), or null: a state sealed for one caller opens only for them.</summary>
    public string? Caller { get; }

    public string? State { get; }

    public bool HasAnswers => _answers is { Count: > 0 };

    public bool TryGetAnswer(string key, out byte[] answer)
    {
        answer = [];
        return _answers is not null && _answers.TryGetValue(key, out answer!);
    }

    /// <summary>
    /// Reads the round from the request: opens and checks <c>requestState</c> when present and merges
    /// <c>inputResponses</c> over the answers it carries. Returns the problem to answer with -32602 instead, if any.
    /// </summary>
    public static McpInputRound? Create(
        string method,
        string target,
        ReadOnlySpan<byte> arguments,
        string? caller,
        ReadOnlySpan<byte> inputResponses,
        string? requestState,
        IMcpRequestStateProtector protector,
        DateTimeOffset now,
        out string? problem)
    {
        problem = null;
        string digest = Digest(arguments);
        Dictionary<string, byte[]>? answers = null;
        string? state = null;
        if (requestState is not null)
        {
            if (!protector.TryUnprotect(requestState, out var plaintext))
            {
                problem = "Invalid params.requestState: it was not issued by this server or was altered. Send the request again without requestState and inputResponses to start over.";
                return null;
            }

            if (!TryReadEnvelope(plaintext, method, target, digest, caller, now, ref answers, ref state, out problem))
            {
                return null;
            }
        }

        if (!inputResponses.IsEmpty)
        {
            var reader = new Utf8JsonReader(inputResponses);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                problem = "Invalid params.inputResponses: expected an object mapping each inputRequests key to its response.";
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string key = reader.GetString()!;
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    problem = $"Invalid params.inputResponses[\"{key}\"]: expected a response object, got {Describe(reader.TokenType)}.";
                    return null;
                }

                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                (answers ??= new(StringComparer.Ordinal))[key] = inputResponses[start..(int)reader.BytesConsumed].ToArray();
            }
        }

        return new McpInputRound(method, target, digest, caller, answers, state);
    }

    /// <summary>A task's run: the answers the task has received (its record keeps them; nothing is sealed).</summary>
    public static McpInputRound FromAnswers(string method, string target, ReadOnlySpan<byte> answers) =>
        new(method, target, string.Empty, null, answers.IsEmpty ? null : JsonUtf8.ReadMembers(answers), null);

    /// <summary>Every answer this round knows, as a JSON object (what a task started in this round keeps).</summary>
    public byte[] AnswersJson() => JsonUtf8.WriteMembers(_answers ?? []);

    /// <summary>A first round: no answers, no state.</summary>
    public static McpInputRound First(string method, string target, ReadOnlySpan<byte> arguments, string? caller) => new(method, target, Digest(arguments), caller, null, null);

    /// <summary>Seals what the next round needs: every answer so far and the handler's state, bound to this request.</summary>
    public string Seal(IMcpRequestStateProtector protector, string? state, DateTimeOffset expires)
    {
        var scratch = JsonScratch.Rent();
        try
        {
            var w = scratch.Writer;
            w.WriteStartObject();
            w.WriteString("m"u8, Method);
            w.WriteString("t"u8, Target);
            w.WriteString("d"u8, ArgumentsDigest);
            if (Caller is not null)
            {
                w.WriteString("p"u8, Caller);
            }

            w.WriteNumber("x"u8, expires.ToUnixTimeMilliseconds());
            if (state is not null)
            {
                w.WriteString("s"u8, state);
            }

            if (_answers is { Count: > 0 })
            {
                w.WriteStartObject("a"u8);
                foreach (var (key, answer) in _answers)
                {
                    w.WritePropertyName(key);
                    w.WriteRawValue(answer, skipInputValidation: true);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.Flush();
            return protector.Protect(scratch.Buffer.WrittenSpan);
        }
        finally
        {
            JsonScratch.Return(scratch);
        }
    }

    private static bool TryReadEnvelope(byte[] plaintext, string method, string target, string digest, string? caller, DateTimeOffset now, ref Dictionary<string, byte[]>? answers, ref string? state, out string? problem)
    {
        problem = null;
        string? sealedMethod = null, sealedTarget = null, sealedDigest = null, sealedCaller = null;
        long expires = 0;
        try
        {
            var reader = new Utf8JsonReader(plaintext);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("a"u8))
                {
                    reader.Read();
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        string key = reader.GetString()!;
                        reader.Read();
                        int start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        (answers ??= new(StringComparer.Ordinal))[key] = plaintext.AsSpan(start, (int)reader.BytesConsumed - start).ToArray();
                    }

                    continue;
                }

                string name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "m": sealedMethod = reader.GetString(); break;
                    case "t": sealedTarget = reader.GetString(); break;
                    case "d": sealedDigest = reader.GetString(); break;
                    case "p": sealedCaller = reader.GetString(); break;
                    case "x": expires = reader.GetInt64(); break;
                    case "s": state = reader.GetString(); break;
                    default: reader.Skip(); break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            problem = "Invalid params.requestState: its content is unreadable.";
            return false;
        }

        if (sealedMethod != method || sealedTarget != target)
        {
            problem = $"Invalid params.requestState: it was issued for {sealedMethod} '{sealedTarget}', not {method} '{target}'.";
            return false;
        }

        if (sealedDigest != digest)
        {
            problem = "Invalid params.requestState: it was issued for other arguments; a retry must repeat the original arguments.";
            return false;
        }

        if (!string.Equals(sealedCaller, caller, StringComparison.Ordinal))
        {
            // Someone else's round, replayed with this caller's token: the answers in it are not theirs to use.
            problem = "Invalid params.requestState: it was issued to another caller. Send the request again without requestState and inputResponses to start over.";
            return false;
        }

        if (now.ToUnixTimeMilliseconds() > expires)
        {
            problem = $"Invalid params.requestState: it expired at {DateTimeOffset.FromUnixTimeMilliseconds(expires):O}. Send the request again without requestState and inputResponses to start over.";
            return false;
        }

        return true;
    }

    /// <summary>A digest of the arguments, independent of white space and string escaping, so a retry re-serialized by another JSON library still matches.</summary>
    internal static string Digest(ReadOnlySpan<byte> arguments)
    {
        if (arguments.IsEmpty)
        {
            return string.Empty;
        }

        var scratch = JsonScratch.Rent();
        try
        {
            var reader = new Utf8JsonReader(arguments);
            JsonUtf8.Rewrite(ref reader, scratch.Writer);
            scratch.Writer.Flush();
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(scratch.Buffer.WrittenSpan, hash);
            return Base64Url.Encode(hash[..16]);
        }
        finally
        {
            JsonScratch.Return(scratch);
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        _ => "a boolean",
    };
}
