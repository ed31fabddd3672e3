using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Tasks;
using McpGen.Internal;
using ModelContextProtocol.Protocol;

// Sampling and roots are deprecated in 2026-07-28 but still served inside input requests until the feature is removed;
// the public members that use them carry the SDK's own obsolete diagnostic (MCP9005) to their callers.
#pragma warning disable MCP9005

namespace McpGen;

/// <summary>
/// Asks the client for input while a tool call, prompt or resource read is served: a form the user fills in
/// (elicitation), a completion from the client's model (sampling), or the client's roots. Declare a parameter of this
/// type on a tool, prompt or resource handler to receive it.
/// </summary>
/// <remarks>
/// <para>
/// Under MCP 2026-07-28 the server keeps nothing while the client answers. An ask that has no answer yet makes the
/// request end with an <c>input_required</c> result that lists every unanswered ask of this round; the client gathers
/// the answers and sends the same request again, and the handler runs again from the top. This time the ask finds its
/// answer and the handler goes on. Answers of earlier rounds and <see cref="State"/> travel in the sealed
/// <c>requestState</c>, so each ask keeps its answer in later rounds and code reads as ordinary sequential C#:
/// </para>
/// <code>
/// [McpTool(Destructive = true)]
/// public async Task&lt;string&gt; Deploy(string service, McpInput input)
/// {
///     var confirmation = await input.Elicit&lt;DeployConfirmation&gt;("confirm", $"Deploy {service} to production?");
///     if (!confirmation.IsAccepted || !confirmation.Content.Confirm) return "Deployment cancelled.";
///     …
/// }
/// </code>
/// <para>
/// Create several asks before the first <see langword="await"/> to ask for them in one round. Code before an ask runs
/// once per round: keep it free of side effects, or record what it did in <see cref="State"/>. Keys identify asks
/// across rounds: use a different key for each question.
/// </para>
/// <para>
/// Only what the client declared on this request is asked for (a 2025-11-25 client: in <c>initialize</c>, which over
/// Streamable HTTP the server learns from the <c>Mcp-Session-Id</c> it issued). <see cref="CanElicit"/>,
/// <see cref="CanSample"/> and <see cref="CanListRoots"/> say what that is; an ask the client cannot answer fails the
/// request with <c>-32021</c> naming the capability.
/// </para>
/// </remarks>
public sealed class McpInput
{
    private readonly McpInputRound _round;
    private readonly ClientInputCapabilities _capabilities;
    private readonly McpLegacyInput? _legacy;
    private List<PendingRequest>? _pending;
    private HashSet<string>? _askedKeys;

    internal McpInput(McpInputRound round, ReadOnlyMemory<byte> clientCapabilitiesJson, McpLegacyInput? legacy = null)
    {
        _round = round;
        _legacy = legacy;

        // A legacy client declared its capabilities once, in initialize: the connection kept them (stdio) or the
        // session id carries them (Streamable HTTP). Where neither does, nothing was negotiated and nothing is asked.
        _capabilities = ClientInputCapabilities.Read(legacy is null ? clientCapabilitiesJson.Span : legacy.Capabilities.Span);
        State = round.State;
    }

    /// <summary>Whether the client can show forms on this request (it declared <c>elicitation</c>).</summary>
    public bool CanElicit => _capabilities.Form;

    /// <summary>Whether the client can open URLs for the user on this request (it declared <c>elicitation.url</c>).</summary>
    public bool CanElicitUrl => _capabilities.Url;

    /// <summary>Whether the client can sample its model on this request (it declared <c>sampling</c>).</summary>
    public bool CanSample => _capabilities.Sampling;

    /// <summary>Whether the client can list its roots on this request (it declared <c>roots</c>).</summary>
    public bool CanListRoots => _capabilities.Roots;

    /// <summary>
    /// Text the handler carries to its next round, sealed in <c>requestState</c> with the answers so far: what it has
    /// done or decided before asking. <see langword="null"/> in the first round. The client cannot read or change it.
    /// </summary>
    public string? State { get; set; }

    /// <summary>Whether this round is a retry that carries answers (<c>inputResponses</c> or earlier rounds' answers).</summary>
    public bool HasAnswers => _round.HasAnswers;

    /// <summary>
    /// Asks the user to fill in a form whose fields are the properties of <typeparamref name="TForm"/>; the schema is
    /// generated at compile time from the type (flat: text, numbers, booleans, enums and sets of enums).
    /// </summary>
    /// <typeparam name="TForm">A record or class whose public properties are the form's fields.</typeparam>
    /// <param name="key">Identifies this question across rounds.</param>
    /// <param name="message">What the user is asked, shown with the form.</param>
    public McpInputRequest<McpElicitation<TForm>> Elicit<TForm>(string key, string message)
    {
        var form = McpForm<TForm>.Registered
            ?? throw new InvalidOperationException(
                $"'{typeof(TForm)}' has no generated elicitation form. McpGen generates one for each type used as Elicit<T> with a type known at compile time; call Elicit with the type itself (not a generic type parameter).");
        return Ask(key, McpElicitation<TForm>.Method, (_capabilities.Form, "elicitation"), () => FormParams(message, form.Schema), answer => McpElicitation<TForm>.Read(key, answer, form.Reader));
    }

    /// <summary>Asks the user to fill in a form described by a hand-written elicitation schema.</summary>
    /// <param name="key">Identifies this question across rounds.</param>
    /// <param name="message">What the user is asked, shown with the form.</param>
    /// <param name="requestedSchema">The form's schema as JSON: an object schema with flat, primitive properties.</param>
    public McpInputRequest<McpElicitation<JsonElement>> Elicit(string key, string message, string requestedSchema)
    {
        ArgumentNullException.ThrowIfNull(requestedSchema);
        byte[] schema;
        try
        {
            schema = JsonUtf8.Minify(requestedSchema);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException("requestedSchema is not valid JSON: " + ex.Message, nameof(requestedSchema), ex);
        }

        string[] required = RequiredFields(schema);
        McpFormReader<JsonElement> read = required.Length == 0
            ? McpElicitation<JsonElement>.ReadElement
            : (ref Utf8JsonReader reader) => McpElicitation<JsonElement>.ReadElement(ref reader, required);
        return Ask(key, McpElicitation<JsonElement>.Method, (_capabilities.Form, "elicitation"), () => FormParams(message, schema), answer => McpElicitation<JsonElement>.Read(key, answer, read));
    }

    /// <summary>The top-level <c>required</c> names of a hand-written form schema, checked in each answer.</summary>
    private static string[] RequiredFields(ReadOnlySpan<byte> schema)
    {
        var reader = new Utf8JsonReader(schema);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return [];
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isRequired = reader.ValueTextEquals("required"u8);
            reader.Read();
            if (isRequired && reader.TokenType == JsonTokenType.StartArray)
            {
                var names = new List<string>();
                while (reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    names.Add(reader.GetString()!);
                }

                return [.. names];
            }

            reader.Skip();
        }

        return [];
    }

    /// <summary>
    /// Asks the user to visit a URL (to sign in, pay or enter a secret outside the client). The answer says whether the
    /// user agreed to open it; the outcome reaches the server through the site itself.
    /// </summary>
    /// <param name="key">Identifies this question across rounds.</param>
    /// <param name="message">Why the user should open the URL.</param>
    /// <param name="url">The URL to open.</param>
    public McpInputRequest<McpElicitation<JsonElement>> ElicitUrl(string key, string message, Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Ask(key, McpElicitation<JsonElement>.Method, (_capabilities.Url, "elicitation"), () => Params(w =>
        {
            w.WriteString("mode"u8, "url"u8);
            w.WriteString("message"u8, message);
            w.WriteString("url"u8, url.AbsoluteUri);
            w.WriteString("elicitationId"u8, key);
        }), answer => McpElicitation<JsonElement>.Read(key, answer, McpElicitation<JsonElement>.ReadElement, isForm: false));
    }

    /// <summary>Asks the client's model for a completion (sampling, deprecated in 2026-07-28 but still served).</summary>
    /// <param name="key">Identifies this question across rounds.</param>
    /// <param name="request">The sampling request: messages, token limit, preferences.</param>
    [Obsolete("Sampling is deprecated as of protocol revision 2026-07-28 (SEP-2577); it is still served inside input requests.", DiagnosticId = "MCP9005")]
    public McpInputRequest<CreateMessageResult> Sample(string key, CreateMessageRequestParams request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Ask(key, "sampling/createMessage", (_capabilities.Sampling, "sampling"), () => Write(w => SdkTypesJson.WriteCreateMessageRequestParams(w, request)),
            answer => ReadAnswer(key, answer, SdkTypesJson.ReadCreateMessageResult, "a sampling result ({role, content, model})"));
    }

    /// <summary>Asks the client's model to answer one user message.</summary>
    /// <param name="key">Identifies this question across rounds.</param>
    /// <param name="prompt">The user message.</param>
    /// <param name="maxTokens">The most tokens the model may produce.</param>
    [Obsolete("Sampling is deprecated as of protocol revision 2026-07-28 (SEP-2577); it is still served inside input requests.", DiagnosticId = "MCP9005")]
    public McpInputRequest<CreateMessageResult> Sample(string key, string prompt, int maxTokens) =>
        Sample(key, new CreateMessageRequestParams
        {
            Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = prompt }] }],
            MaxTokens = maxTokens,
        });

    /// <summary>Asks the client for its roots: the folders or URIs the user has opened (deprecated in 2026-07-28 but still served).</summary>
    /// <param name="key">Identifies this question across rounds.</param>
    [Obsolete("Roots are deprecated as of protocol revision 2026-07-28 (SEP-2577); they are still served inside input requests.", DiagnosticId = "MCP9005")]
    public McpInputRequest<IReadOnlyList<Root>> ListRoots(string key) =>
        Ask<IReadOnlyList<Root>>(key, "roots/list", (_capabilities.Roots, "roots"), static () => "{}"u8.ToArray(),
            answer => [.. ReadAnswer(key, answer, SdkTypesJson.ReadListRootsResult, "a roots result ({roots: [...]})").Roots]);

    private McpInputRequest<T> Ask<T>(string key, string method, (bool Declared, string Name) capability, Func<byte[]> writeParams, Func<byte[], T> readAnswer)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!(_askedKeys ??= new(StringComparer.Ordinal)).Add(key))
        {
            throw new InvalidOperationException($"Input key '{key}' is used twice in this request; give each question its own key.");
        }

        if (_round.TryGetAnswer(key, out byte[] answer))
        {
            return new McpInputRequest<T>(readAnswer(answer));
        }

        if (!capability.Declared)
        {
            throw new McpMissingClientCapabilityException(capability.Name);
        }

        if (_legacy is { } legacy)
        {
            // 2025-11-25: a real request to the client, answered on this call's connection while the handler waits.
            return new McpInputRequest<T>(AskClientAsync(legacy, method, writeParams(), readAnswer));
        }

        (_pending ??= []).Add(new(key, method, writeParams()));
        return new McpInputRequest<T>(this);
    }

    private static async Task<T> AskClientAsync<T>(McpLegacyInput legacy, string method, byte[] parameters, Func<byte[], T> readAnswer)
    {
        var answer = await legacy.Requests.SendAsync(legacy.Sink, method, parameters, legacy.Timeout, legacy.CancellationToken).ConfigureAwait(false);
        try
        {
            return readAnswer(answer);
        }
        catch (McpInputResponseException ex)
        {
            throw ex.ForLegacyAnswer(method);
        }
    }

    /// <summary>
    /// Asks a question a child task asked (input pass-through), as it was asked: the same method and params, under the
    /// parent's key. Throws <see cref="McpMissingClientCapabilityException"/> when this client cannot answer it.
    /// </summary>
    internal void Forward(string key, string method, byte[] parameters)
    {
        var capability = method switch
        {
            "elicitation/create" => (_capabilities.Form || _capabilities.Url, "elicitation"),
            "sampling/createMessage" => (_capabilities.Sampling, "sampling"),
            "roots/list" => (_capabilities.Roots, "roots"),
            _ => (false, method),
        };
        if (!capability.Item1)
        {
            throw new McpMissingClientCapabilityException(capability.Item2);
        }

        (_pending ??= []).Add(new(key, method, parameters));
    }

    /// <summary>The signal that ends this round: every ask still unanswered, and the state to carry.</summary>
    internal McpInputRequiredException InputRequired() => new(this);

    internal IReadOnlyList<PendingRequest> PendingRequests => (IReadOnlyList<PendingRequest>?)_pending ?? [];

    /// <summary>An unanswered question of this round: its key, and the request (method and params object) to send.</summary>
    internal readonly record struct PendingRequest(string Key, string Method, byte[] Params);

    internal McpInputRound Round => _round;

    /// <summary>Writes a params object.</summary>
    private static byte[] Params(Action<Utf8JsonWriter> writeMembers) => Write(w =>
    {
        w.WriteStartObject();
        writeMembers(w);
        w.WriteEndObject();
    });

    /// <summary>Writes one JSON value.</summary>
    private static byte[] Write(Action<Utf8JsonWriter> writeValue)
    {
        var scratch = JsonScratch.Rent();
        try
        {
            var w = scratch.Writer;
            writeValue(w);
            w.Flush();
            return scratch.Buffer.WrittenSpan.ToArray();
        }
        finally
        {
            JsonScratch.Return(scratch);
        }
    }

    private static byte[] FormParams(string message, ReadOnlyMemory<byte> schema)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Params(w =>
        {
            w.WriteString("mode"u8, "form"u8);
            w.WriteString("message"u8, message);
            w.WritePropertyName("requestedSchema"u8);
            w.WriteRawValue(schema.Span, skipInputValidation: true);
        });
    }

    private delegate T ReadAnswerJson<T>(ReadOnlySpan<byte> json);

    private static T ReadAnswer<T>(string key, byte[] answer, ReadAnswerJson<T> read, string expected)
    {
        try
        {
            return read(answer);
        }
        catch (JsonException ex)
        {
            throw new McpInputResponseException(key, $"expected {expected}: {ex.Message}");
        }
    }

    /// <summary>What the client declared it can answer, read from the request's client capabilities.</summary>
    private readonly record struct ClientInputCapabilities(bool Form, bool Url, bool Sampling, bool Roots)
    {
        public static ClientInputCapabilities Read(ReadOnlySpan<byte> json)
        {
            bool form = false, url = false, sampling = false, roots = false;
            if (json.IsEmpty)
            {
                return default;
            }

            var reader = new Utf8JsonReader(json);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("elicitation"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        // An empty object means form mode only; otherwise each mode is named.
                        bool any = false;
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            any = true;
                            form |= reader.ValueTextEquals("form"u8);
                            url |= reader.ValueTextEquals("url"u8);
                            reader.Read();
                            reader.Skip();
                        }

                        form |= !any;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else
                {
                    bool isSampling = reader.ValueTextEquals("sampling"u8);
                    bool isRoots = reader.ValueTextEquals("roots"u8);
                    reader.Read();
                    bool declared = reader.TokenType == JsonTokenType.StartObject;
                    sampling |= isSampling && declared;
                    roots |= isRoots && declared;
                    reader.Skip();
                }
            }

            return new(form, url, sampling, roots);
        }
    }
}

/// <summary>
/// One question asked through <see cref="McpInput"/>: awaiting it gives the answer, or ends this round with
/// <c>input_required</c> when the client has not answered yet (together with every other unanswered question).
/// </summary>
/// <typeparam name="T">The answer.</typeparam>
public readonly struct McpInputRequest<T>
{
    private readonly T _answer;
    private readonly McpInput? _pendingIn;
    private readonly Task<T>? _legacyAnswer;

    internal McpInputRequest(T answer)
    {
        _answer = answer;
        _pendingIn = null;
        _legacyAnswer = null;
    }

    internal McpInputRequest(McpInput pendingIn)
    {
        _answer = default!;
        _pendingIn = pendingIn;
        _legacyAnswer = null;
    }

    internal McpInputRequest(Task<T> legacyAnswer)
    {
        _answer = default!;
        _pendingIn = null;
        _legacyAnswer = legacyAnswer;
    }

    /// <summary>Whether the client has answered.</summary>
    public bool IsAnswered => _legacyAnswer?.IsCompletedSuccessfully ?? _pendingIn is null;

    /// <summary>
    /// The answer. Reading it before a 2026-07-28 client answered ends this round like awaiting does; for a legacy
    /// client whose answer is still on its way, await the request instead.
    /// </summary>
    public T Answer => _legacyAnswer is { } task
        ? (task.IsCompletedSuccessfully ? task.Result : throw new InvalidOperationException("The client has not answered yet; await the request."))
        : _pendingIn is null ? _answer : throw _pendingIn.InputRequired();

    /// <summary>Makes the request awaitable.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public ValueTaskAwaiter<T> GetAwaiter() =>
        _legacyAnswer is { } task ? new ValueTask<T>(task).GetAwaiter()
        : _pendingIn is null ? new ValueTask<T>(_answer).GetAwaiter()
        : ValueTask.FromException<T>(_pendingIn.InputRequired()).GetAwaiter();
}

/// <summary>
/// How a legacy (2025-11-25) request asks: real requests on its connection, answered while the handler waits.
/// <c>Capabilities</c> are what the client declared in <c>initialize</c>; empty when nothing was (or is known to be).
/// </summary>
internal sealed record McpLegacyInput(McpClientRequests Requests, IMcpNotificationSink Sink, ReadOnlyMemory<byte> Capabilities, TimeSpan Timeout, System.Threading.CancellationToken CancellationToken);

/// <summary>What the user did with a form or URL request.</summary>
public enum McpElicitationAction
{
    /// <summary>The user submitted the form (or agreed to open the URL).</summary>
    Accept,

    /// <summary>The user explicitly refused.</summary>
    Decline,

    /// <summary>The user dismissed the request without choosing.</summary>
    Cancel,
}

/// <summary>The answer to a form or URL request.</summary>
/// <typeparam name="T">The form's type.</typeparam>
/// <param name="Action">What the user did.</param>
/// <param name="Content">The submitted form; <see langword="default"/> unless <paramref name="Action"/> is <see cref="McpElicitationAction.Accept"/>. An accepted form always has content (an answer without it is refused when the form has required fields); an accepted URL request has none.</param>
public sealed record McpElicitation<T>(McpElicitationAction Action, T? Content)
{
    internal const string Method = "elicitation/create";

    /// <summary>Whether the user submitted the form (or agreed to open the URL).</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Content))]
    public bool IsAccepted => Action == McpElicitationAction.Accept && Content is not null;

    internal static JsonElement ReadElement(ref Utf8JsonReader reader) => JsonElement.ParseValue(ref reader);

    /// <summary>Reads the content of a hand-written form, checking that its <paramref name="required"/> fields are there.</summary>
    internal static JsonElement ReadElement(ref Utf8JsonReader reader, string[] required)
    {
        var content = JsonElement.ParseValue(ref reader);
        foreach (string name in required)
        {
            if (!content.TryGetProperty(name, out _))
            {
                throw new McpArgumentException("is required but was not provided.").AtProperty(name);
            }
        }

        return content;
    }

    /// <summary>
    /// Reads <c>{action, content?}</c>; content is read through the form's reader. An accepted form
    /// (<paramref name="isForm"/>) without content submitted no fields: it is read as <c>{}</c>, so a required field is
    /// missing as in any incomplete answer, rather than looking declined to the handler. A URL answer has no content.
    /// </summary>
    internal static McpElicitation<T> Read(string key, byte[] answer, McpFormReader<T> readContent, bool isForm = true)
    {
        var reader = new Utf8JsonReader(answer);
        reader.Read();
        McpElicitationAction? action = null;
        T? content = default;
        bool hasContent = false;
        byte[]? contentJson = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("action"u8))
            {
                reader.Read();
                action = reader.TokenType != JsonTokenType.String ? null
                    : reader.ValueTextEquals("accept"u8) ? McpElicitationAction.Accept
                    : reader.ValueTextEquals("decline"u8) ? McpElicitationAction.Decline
                    : reader.ValueTextEquals("cancel"u8) ? McpElicitationAction.Cancel
                    : null;
                if (action is null)
                {
                    throw new McpInputResponseException(key, "'action' must be \"accept\", \"decline\" or \"cancel\"");
                }
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    contentJson = answer.AsSpan(start, (int)reader.BytesConsumed - start).ToArray();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (action is null)
        {
            throw new McpInputResponseException(key, "an elicitation result needs 'action'");
        }

        if (action == McpElicitationAction.Accept && (contentJson is not null || isForm))
        {
            var contentReader = new Utf8JsonReader(contentJson ?? "{}"u8);
            contentReader.Read();
            if (contentReader.TokenType != JsonTokenType.StartObject)
            {
                throw new McpInputResponseException(key, "'content' must be an object of the form's fields");
            }

            try
            {
                content = readContent(ref contentReader);
                hasContent = true;
            }
            catch (McpArgumentException ex)
            {
                throw new McpInputResponseException(key,
                    (contentJson is null ? "'action' is \"accept\" without 'content': " : string.Empty) + "the submitted form does not match the requested schema: " + ex.Message);
            }
        }

        return new McpElicitation<T>(action.Value, hasContent ? content : default);
    }
}
