using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using McpGen.Client.Internal;
using ModelContextProtocol.Protocol;

namespace McpGen.Client;

// The untyped API: every method is one SendRequestAsync with a params writer and a reader of the SDK's protocol types.
public sealed partial class McpClient
{
    private static readonly McpParamsWriter<string?> CursorParams = static (w, cursor) =>
    {
        // An empty string is a valid cursor; only null means "first page".
        if (cursor is not null)
        {
            w.WriteString("cursor"u8, cursor);
        }
    };

    /// <summary>Lists one page of the server's tools (<c>tools/list</c>).</summary>
    /// <param name="cursor">The previous page's <c>nextCursor</c>, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page; its <c>NextCursor</c> is null on the last one.</returns>
    /// <exception cref="McpRemoteException">The server answered with a JSON-RPC error.</exception>
    public async ValueTask<ListToolsResult> ListToolsAsync(string? cursor = null, CancellationToken cancellationToken = default)
    {
        var page = await SendRequestAsync(McpProtocol.Methods.ToolsList, null, cursor, CursorParams, r => RememberToolHeaders(Deserialize(r, ClientJson.ListToolsResult)), cancellationToken).ConfigureAwait(false);
        LearnRetryableTools(page.Tools);
        return page;
    }

    /// <summary>Lists all the server's tools, following <c>nextCursor</c> page by page.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>Every tool, in the server's order.</returns>
    /// <exception cref="McpRemoteException">The server answered with a JSON-RPC error.</exception>
    public async ValueTask<IReadOnlyList<Tool>> ListAllToolsAsync(CancellationToken cancellationToken = default)
    {
        var tools = new List<Tool>();
        string? cursor = null;
        do
        {
            var page = await ListToolsAsync(cursor, cancellationToken).ConfigureAwait(false);
            tools.AddRange(page.Tools);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return tools;
    }

    /// <summary>Calls a tool (<c>tools/call</c>). A tool that fails reports it in the result (<c>IsError</c>); it does not throw.</summary>
    /// <param name="name">The tool's name.</param>
    /// <param name="arguments">The arguments, by name; null for none.</param>
    /// <param name="cancellationToken">Cancels the call (the server is told).</param>
    /// <returns>The tool's result.</returns>
    /// <exception cref="McpRemoteException">The server answered with a JSON-RPC error, e.g. -32602 for an unknown tool.</exception>
    public ValueTask<CallToolResult> CallToolAsync(string name, IReadOnlyDictionary<string, JsonElement>? arguments = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SendRequestAsync(McpProtocol.Methods.ToolsCall, name, (name, arguments), static (w, a) =>
        {
            w.WriteString("name"u8, a.name);
            w.WriteStartObject("arguments"u8);
            if (a.arguments is Dictionary<string, JsonElement> dictionary)
            {
                // The struct enumerator: enumerating through the interface would box one per call.
                foreach (var (key, value) in dictionary)
                {
                    w.WritePropertyName(key);
                    value.WriteTo(w);
                }
            }
            else if (a.arguments is not null)
            {
                foreach (var (key, value) in a.arguments)
                {
                    w.WritePropertyName(key);
                    value.WriteTo(w);
                }
            }

            w.WriteEndObject();
        }, static r => Deserialize(r, ClientJson.CallToolResult), cancellationToken);
    }

    /// <summary>Lists one page of the server's resources (<c>resources/list</c>).</summary>
    /// <param name="cursor">The previous page's <c>nextCursor</c>, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page.</returns>
    /// <exception cref="McpRemoteException">The server answered with a JSON-RPC error.</exception>
    public ValueTask<ListResourcesResult> ListResourcesAsync(string? cursor = null, CancellationToken cancellationToken = default) =>
        SendRequestAsync(McpProtocol.Methods.ResourcesList, null, cursor, CursorParams, static r => Deserialize(r, ClientJson.ListResourcesResult), cancellationToken);

    /// <summary>Lists one page of the server's resource templates (<c>resources/templates/list</c>).</summary>
    /// <param name="cursor">The previous page's <c>nextCursor</c>, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page.</returns>
    /// <exception cref="McpRemoteException">The server answered with a JSON-RPC error.</exception>
    public ValueTask<ListResourceTemplatesResult> ListResourceTemplatesAsync(string? cursor = null, CancellationToken cancellationToken = default) =>
        SendRequestAsync(McpProtocol.Methods.ResourceTemplatesList, null, cursor, CursorParams, static r => Deserialize(r, ClientJson.ListResourceTemplatesResult), cancellationToken);

    /// <summary>Reads a resource (<c>resources/read</c>).</summary>
    /// <param name="uri">The resource's URI.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The resource's contents.</returns>
    /// <exception cref="McpRemoteException">The server answered with a JSON-RPC error (2026-07-28: -32602 for an unknown resource).</exception>
    public ValueTask<ReadResourceResult> ReadResourceAsync(string uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return SendRequestAsync(McpProtocol.Methods.ResourcesRead, uri, uri, static (w, u) => w.WriteString("uri"u8, u), static r => Deserialize(r, ClientJson.ReadResourceResult), cancellationToken);
    }

    /// <summary>Lists one page of the server's prompts (<c>prompts/list</c>).</summary>
    /// <param name="cursor">The previous page's <c>nextCursor</c>, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page.</returns>
    /// <exception cref="McpRemoteException">The server answered with a JSON-RPC error.</exception>
    public ValueTask<ListPromptsResult> ListPromptsAsync(string? cursor = null, CancellationToken cancellationToken = default) =>
        SendRequestAsync(McpProtocol.Methods.PromptsList, null, cursor, CursorParams, static r => Deserialize(r, ClientJson.ListPromptsResult), cancellationToken);

    /// <summary>Gets a prompt (<c>prompts/get</c>).</summary>
    /// <param name="name">The prompt's name.</param>
    /// <param name="arguments">The prompt's arguments, by name; null for none.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The prompt's messages.</returns>
    /// <exception cref="McpRemoteException">The server answered with a JSON-RPC error, e.g. -32602 for an unknown prompt or a missing argument.</exception>
    public ValueTask<GetPromptResult> GetPromptAsync(string name, IReadOnlyDictionary<string, string>? arguments = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SendRequestAsync(McpProtocol.Methods.PromptsGet, name, (name, arguments), static (w, a) =>
        {
            w.WriteString("name"u8, a.name);
            if (a.arguments is not null)
            {
                w.WriteStartObject("arguments"u8);
                foreach (var (key, value) in a.arguments)
                {
                    w.WriteString(key, value);
                }

                w.WriteEndObject();
            }
        }, static r => Deserialize(r, ClientJson.GetPromptResult), cancellationToken);
    }

    /// <summary>Asks for completions of an argument value (<c>completion/complete</c>).</summary>
    /// <param name="reference">The prompt (<see cref="PromptReference"/>) or resource template (<see cref="ResourceTemplateReference"/>) the argument belongs to.</param>
    /// <param name="argumentName">The argument being completed.</param>
    /// <param name="argumentValue">What has been typed so far.</param>
    /// <param name="contextArguments">Arguments already chosen, which may narrow the completions; null for none.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The completions.</returns>
    /// <exception cref="McpRemoteException">The server answered with a JSON-RPC error.</exception>
    public ValueTask<CompleteResult> CompleteAsync(Reference reference, string argumentName, string argumentValue, IReadOnlyDictionary<string, string>? contextArguments = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(argumentName);
        ArgumentNullException.ThrowIfNull(argumentValue);
        if (reference is not (PromptReference or ResourceTemplateReference))
        {
            throw new ArgumentException("The reference must be a PromptReference or a ResourceTemplateReference.", nameof(reference));
        }

        return SendRequestAsync(McpProtocol.Methods.CompletionComplete, null, (reference, argumentName, argumentValue, contextArguments), static (w, a) =>
        {
            w.WriteStartObject("ref"u8);
            if (a.reference is PromptReference prompt)
            {
                w.WriteString("type"u8, "ref/prompt"u8);
                w.WriteString("name"u8, prompt.Name);
            }
            else
            {
                w.WriteString("type"u8, "ref/resource"u8);
                w.WriteString("uri"u8, ((ResourceTemplateReference)a.reference).Uri);
            }

            w.WriteEndObject();
            w.WriteStartObject("argument"u8);
            w.WriteString("name"u8, a.argumentName);
            w.WriteString("value"u8, a.argumentValue);
            w.WriteEndObject();
            if (a.contextArguments is not null)
            {
                w.WriteStartObject("context"u8);
                w.WriteStartObject("arguments"u8);
                foreach (var (key, value) in a.contextArguments)
                {
                    w.WriteString(key, value);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }
        }, static r => Deserialize(r, ClientJson.CompleteResult), cancellationToken);
    }

    private static T Deserialize<T>(ReadOnlySpan<byte> json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(json, typeInfo) ?? throw new McpClientException($"The MCP server sent a null result where a {typeof(T).Name} was expected.");
}
