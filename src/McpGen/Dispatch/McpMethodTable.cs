using System;
using System.Collections.Generic;

namespace McpGen;

/// <summary>
/// Every request method the server knows, one row each, built once. Routing, header validation (<c>Mcp-Name</c>),
/// observation (targets, what is audited) and the -32601 message all read these rows, so adding a method is one
/// handler and one row here.
/// </summary>
internal sealed class McpMethodTable
{
    /// <summary>The rows. Order is irrelevant to lookups; it is the order the docs and tests list them in.</summary>
    public static readonly IReadOnlyList<McpMethod> Methods =
    [
        new("server/discover", McpMethodEras.Both, McpMethodTarget.None, McpMethodCapability.None, acts: false, static p => new DiscoverHandler(p.Runtime)),
        new("tools/list", McpMethodEras.Both, McpMethodTarget.None, McpMethodCapability.Tools, acts: false, static p => new ListHandler(p.Runtime, "tools/list", p.Runtime.Documents.Tools)),
        new("tools/call", McpMethodEras.Both, McpMethodTarget.Name, McpMethodCapability.Tools, acts: true, static p => new ToolCallHandler(p.Runtime, p.Tasks)),
        new("resources/list", McpMethodEras.Both, McpMethodTarget.None, McpMethodCapability.Resources, acts: false, static p => new ResourceListHandler(p.Runtime)),
        new("resources/templates/list", McpMethodEras.Both, McpMethodTarget.None, McpMethodCapability.Resources, acts: false, static p => new ListHandler(p.Runtime, "resources/templates/list", p.Runtime.Documents.ResourceTemplates)),
        new("resources/read", McpMethodEras.Both, McpMethodTarget.Uri, McpMethodCapability.Resources, acts: true, static p => new ResourceReadHandler(p.Runtime)),
        new("prompts/list", McpMethodEras.Both, McpMethodTarget.None, McpMethodCapability.Prompts, acts: false, static p => new ListHandler(p.Runtime, "prompts/list", p.Runtime.Documents.Prompts)),
        new("prompts/get", McpMethodEras.Both, McpMethodTarget.Name, McpMethodCapability.Prompts, acts: true, static p => new PromptGetHandler(p.Runtime)),
        new("completion/complete", McpMethodEras.Both, McpMethodTarget.None, McpMethodCapability.Completions, acts: true, static p => new CompletionHandler(p.Runtime)),
        new("subscriptions/listen", McpMethodEras.Current, McpMethodTarget.None, McpMethodCapability.None, acts: false, static p => new ListenHandler(p.Runtime, p.Listens)),
        new("tasks/get", McpMethodEras.Current, McpMethodTarget.TaskId, McpMethodCapability.Tasks, acts: true, static p => new TaskMethodsHandler(p.Runtime, p.Tasks)),
        new("tasks/update", McpMethodEras.Current, McpMethodTarget.TaskId, McpMethodCapability.Tasks, acts: true, static p => new TaskMethodsHandler(p.Runtime, p.Tasks)),
        new("tasks/cancel", McpMethodEras.Current, McpMethodTarget.TaskId, McpMethodCapability.Tasks, acts: true, static p => new TaskMethodsHandler(p.Runtime, p.Tasks)),
        new("initialize", McpMethodEras.Legacy, McpMethodTarget.None, McpMethodCapability.None, acts: false, static p => new LegacyLifecycleHandler(p.Runtime, "initialize")),
        new("ping", McpMethodEras.Legacy, McpMethodTarget.None, McpMethodCapability.None, acts: false, static p => new LegacyLifecycleHandler(p.Runtime, "ping")),
        new("logging/setLevel", McpMethodEras.Legacy, McpMethodTarget.None, McpMethodCapability.None, acts: false, static p => new LegacyLifecycleHandler(p.Runtime, "logging/setLevel")),
        new("resources/subscribe", McpMethodEras.Legacy, McpMethodTarget.Uri, McpMethodCapability.Resources, acts: false, static p => new LegacySubscriptionHandler(p.Runtime, p.Listens, subscribe: true)),
        new("resources/unsubscribe", McpMethodEras.Legacy, McpMethodTarget.Uri, McpMethodCapability.Resources, acts: false, static p => new LegacySubscriptionHandler(p.Runtime, p.Listens, subscribe: false)),
    ];

    /// <summary>The rows by the length of their UTF-8 name: a lookup compares the bytes of one or two names.</summary>
    private static readonly McpMethod[][] s_byLength = IndexByLength();

    /// <summary>By <see cref="McpMethod.Index"/>; <see langword="null"/> where the server does not offer the method.</summary>
    private readonly McpMethodHandler?[] _handlers = new McpMethodHandler?[Methods.Count];

    /// <summary>Makes the handlers of the methods <paramref name="processor"/>'s server offers.</summary>
    public McpMethodTable(McpRequestProcessor processor)
    {
        var documents = processor.Runtime.Documents;
        foreach (var method in Methods)
        {
            bool offered = method.Capability switch
            {
                McpMethodCapability.Tools => documents.HasTools,
                McpMethodCapability.Resources => documents.HasResources,
                McpMethodCapability.Prompts => documents.HasPrompts,
                McpMethodCapability.Completions => documents.HasCompletions,
                McpMethodCapability.Tasks => documents.HasTasks,
                _ => true,
            };
            if (offered)
            {
                _handlers[method.Index] = method.CreateHandler(processor);
            }
        }
    }

    /// <summary>The row for a method name, or <see langword="null"/> for a method no revision has.</summary>
    public static McpMethod? Find(ReadOnlySpan<byte> name)
    {
        if (name.Length < s_byLength.Length)
        {
            foreach (var method in s_byLength[name.Length])
            {
                if (name.SequenceEqual(method.NameUtf8))
                {
                    return method;
                }
            }
        }

        return null;
    }

    /// <summary>The handler serving <paramref name="method"/> in <paramref name="era"/>, or <see langword="null"/> when it is not served there (-32601).</summary>
    public McpMethodHandler? HandlerFor(McpMethod? method, McpMethodEras era) =>
        method is not null && (method.Eras & era) != 0 ? _handlers[method.Index] : null;

    private static McpMethod[][] IndexByLength()
    {
        int longest = 0;
        for (int i = 0; i < Methods.Count; i++)
        {
            Methods[i].Index = i;
            longest = Math.Max(longest, Methods[i].NameUtf8.Length);
        }

        var byLength = new List<McpMethod>[longest + 1];
        foreach (var method in Methods)
        {
            (byLength[method.NameUtf8.Length] ??= []).Add(method);
        }

        var index = new McpMethod[longest + 1][];
        for (int i = 0; i < index.Length; i++)
        {
            index[i] = byLength[i]?.ToArray() ?? [];
        }

        return index;
    }
}
