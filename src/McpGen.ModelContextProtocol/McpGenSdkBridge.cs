using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using GenOptions = McpGen.McpServerOptions;
using SdkJsonRpcMessage = global::ModelContextProtocol.Protocol.JsonRpcMessage;

namespace McpGen.ModelContextProtocol;

/// <summary>
/// One McpGen server served through the official SDK: its generated primitives answer through McpGen's own request
/// processor (generated binding, schemas and result writers), and their requests and results cross into the SDK's
/// protocol types as JSON, read with the SDK's source-generated contracts (no reflection).
/// </summary>
internal sealed class McpGenSdkBridge
{
    private const string ServerInfoKey = "io.modelcontextprotocol/serverInfo";

    private readonly McpRequestProcessor _processor;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, object> _lists = new(StringComparer.Ordinal);

    public McpGenSdkBridge(McpServerDefinition definition, IServiceProvider services)
    {
        // Read as every McpGen transport reads them: a registered instance, else Configure<McpServerOptions>(…).
        var options = services.GetService<GenOptions>() ?? services.GetService<IOptions<GenOptions>>()?.Value ?? new GenOptions();
        _processor = new McpRequestProcessor(definition, services, options);
        if (services.GetService<IHostApplicationLifetime>() is { } lifetime)
        {
            // The SDK's host stops the server: listen streams end and running tasks are handed back (bounded wait).
            lifetime.ApplicationStopping.Register(static p => _ = ((McpRequestProcessor)p!).StopAsync(), _processor);
            lifetime.ApplicationStopped.Register(static p =>
            {
                try
                {
                    ((McpRequestProcessor)p!).StopAsync().Wait(TimeSpan.FromSeconds(5));
                }
                catch (AggregateException)
                {
                }
            }, _processor);
        }
    }

    public McpServerDefinition Definition => _processor.Definition;

    /// <summary>The SDK's view of every item a list method returns, written by McpGen and read as SDK types (once per method).</summary>
    public IReadOnlyList<T> List<T>(string method, string member) =>
        (IReadOnlyList<T>)_lists.GetOrAdd(method, _ => ReadList<T>(method, member));

    private List<T> ReadList<T>(string method, string member)
    {
        var items = new List<T>();
        var info = Info<T>();
        string? cursor = null;
        do
        {
            var task = SendAsync(method, w =>
            {
                if (cursor is not null)
                {
                    w.WriteString("cursor"u8, cursor);
                }
            }, sink: null, CancellationToken.None);

            // Lists are pre-serialized pages; they complete synchronously, once, when the SDK reads its options.
            var response = task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
            using var document = JsonDocument.Parse(response);
            if (!document.RootElement.TryGetProperty("result", out var result))
            {
                ReadResult(response, Info<EmptyResult>()); // throws the error McpGen answered with
            }

            foreach (var item in result.GetProperty(member).EnumerateArray())
            {
                items.Add(item.Deserialize(info)!);
            }

            cursor = result.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        return items;
    }

    /// <summary>Sends one request to McpGen's processor and returns its result as the SDK's type.</summary>
    public async ValueTask<TResult> CallAsync<TParams, TResult>(RequestContext<TParams> request, string method, Action<Utf8JsonWriter> writeParams, CancellationToken cancellationToken)
        where TParams : RequestParams
        where TResult : Result
    {
        var notifications = new SdkNotificationForwarder(request.Server, cancellationToken);
        var token = request.Params?.ProgressToken;
        var response = await SendAsync(method, writeParams, notifications, cancellationToken, token is { } t ? w =>
        {
            // McpGen reads the token from the request's _meta; the forwarder sends its progress on the SDK session.
            w.WritePropertyName("progressToken"u8);
            JsonSerializer.Serialize(w, t, Info<ProgressToken>());
        } : null, request.User).ConfigureAwait(false);
        await notifications.FlushAsync().ConfigureAwait(false);

        var result = ReadResult(response, Info<TResult>());
        // The SDK session speaks for the server itself (its initialize result names it); McpGen's per-result copy goes.
        if (result.Meta is { } meta && meta.Remove(ServerInfoKey) && meta.Count == 0)
        {
            result.Meta = null;
        }

        return result;
    }

    /// <summary>The params of a named call (<c>tools/call</c>, <c>prompts/get</c>): its name and the SDK's arguments as they came.</summary>
    public static Action<Utf8JsonWriter> NameAndArguments(string name, IDictionary<string, JsonElement>? arguments) => w =>
    {
        w.WriteString("name"u8, name);
        if (arguments is not null)
        {
            w.WritePropertyName("arguments"u8);
            JsonSerializer.Serialize(w, arguments, Info<IDictionary<string, JsonElement>>());
        }
    };

    private async ValueTask<ReadOnlyMemory<byte>> SendAsync(string method, Action<Utf8JsonWriter> writeParams, IMcpNotificationSink? sink, CancellationToken cancellationToken, Action<Utf8JsonWriter>? writeMeta = null, System.Security.Claims.ClaimsPrincipal? user = null)
    {
        var request = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(request))
        {
            w.WriteStartObject();
            w.WriteString("jsonrpc"u8, "2.0"u8);
            w.WriteNumber("id"u8, 1);
            w.WriteString("method"u8, method);
            w.WriteStartObject("params"u8);
            w.WriteStartObject("_meta"u8);
            w.WriteString("io.modelcontextprotocol/protocolVersion"u8, McpProtocol.LatestVersion);
            w.WriteStartObject("io.modelcontextprotocol/clientCapabilities"u8);
            w.WriteEndObject();
            writeMeta?.Invoke(w);
            w.WriteEndObject();
            writeParams(w);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        var response = new ArrayBufferWriter<byte>(1024);
        // The SDK's authenticated user (HTTP) is McpGen's caller, so [McpScope] holds on calls through the SDK too.
        await _processor.ProcessAsync(request.WrittenMemory, response, new McpConnection(sink) { User = user }, cancellationToken).ConfigureAwait(false);
        return response.WrittenMemory;
    }

    /// <summary>Reads a JSON-RPC response's result straight into the SDK's type, or throws its error as the SDK's exception.</summary>
    private static T ReadResult<T>(ReadOnlyMemory<byte> response, JsonTypeInfo<T> info)
    {
        var reader = new Utf8JsonReader(response.Span);
        reader.Read();
        int code = (int)McpErrorCode.InternalError;
        string message = "McpGen answered without a result";
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                return JsonSerializer.Deserialize(ref reader, info)!;
            }

            bool isError = reader.ValueTextEquals("error"u8);
            reader.Read();
            if (!isError)
            {
                reader.Skip();
                continue;
            }

            using var error = JsonDocument.ParseValue(ref reader);
            code = error.RootElement.GetProperty("code").GetInt32();
            message = error.RootElement.GetProperty("message").GetString() ?? message;
        }

        throw new McpProtocolException(message, (McpErrorCode)code);
    }

    private static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(T));

    /// <summary>Sends McpGen's notifications (progress) on the SDK session, in order, while the call runs.</summary>
    private sealed class SdkNotificationForwarder(McpServer server, CancellationToken cancellationToken) : IMcpNotificationSink
    {
        private readonly Lock _gate = new();
        private Task _last = Task.CompletedTask;

        public void Send(ReadOnlySpan<byte> utf8Message)
        {
            var message = JsonSerializer.Deserialize(utf8Message, Info<SdkJsonRpcMessage>());
            if (message is null)
            {
                return;
            }

            lock (_gate)
            {
                _last = SendAfterAsync(_last, message);
            }
        }

        public Task FlushAsync()
        {
            lock (_gate)
            {
                return _last;
            }
        }

        private async Task SendAfterAsync(Task previous, SdkJsonRpcMessage message)
        {
            await previous.ConfigureAwait(false);
            if (message is JsonRpcNotification { Method: NotificationMethods.ProgressNotification, Params: { } parameters })
            {
                // Through the SDK's own progress call, which routes the notification to the request it belongs to.
                await server.NotifyProgressAsync(parameters.Deserialize(Info<ProgressNotificationParams>())!, cancellationToken).ConfigureAwait(false);
                return;
            }

            await server.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }
}
