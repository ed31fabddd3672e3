using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using McpGen.Client.Internal;

namespace McpGen.Client;

// subscriptions/listen (2026-07-28): a long-lived request whose stream carries the notifications the client opted in to.
public sealed partial class McpClient
{
    private static readonly McpParamsWriter<McpListenFilter> WriteListenFilter = static (w, filter) =>
    {
        w.WriteStartObject("notifications"u8);
        if (filter.ToolsListChanged)
        {
            w.WriteBoolean("toolsListChanged"u8, true);
        }

        if (filter.PromptsListChanged)
        {
            w.WriteBoolean("promptsListChanged"u8, true);
        }

        if (filter.ResourcesListChanged)
        {
            w.WriteBoolean("resourcesListChanged"u8, true);
        }

        if (filter.ResourceSubscriptions is { Count: > 0 } uris)
        {
            w.WriteStartArray("resourceSubscriptions"u8);
            foreach (string uri in uris)
            {
                w.WriteStringValue(uri);
            }

            w.WriteEndArray();
        }

        if (filter.TaskIds is { Count: > 0 } taskIds)
        {
            w.WriteStartArray("taskIds"u8);
            foreach (string taskId in taskIds)
            {
                w.WriteStringValue(taskId);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    };

    // Open listens by request id: the server marks their notifications with that id as subscriptionId.
    private readonly ConcurrentDictionary<long, ChannelWriter<McpClientNotification>> _listens = new();

    /// <summary>
    /// Opens a <c>subscriptions/listen</c> stream and yields its notifications as they arrive: first
    /// <c>notifications/subscriptions/acknowledged</c> (what the server agreed to send), then list changes and resource
    /// updates. The sequence ends when the server ends the subscription; stop enumerating (or cancel) to close it.
    /// </summary>
    /// <param name="filter">The notifications to opt in to.</param>
    /// <param name="cancellationToken">Closes the stream.</param>
    /// <returns>The notifications of this subscription.</returns>
    /// <exception cref="McpRemoteException">The server refused the subscription (a 2025-11-25 server does not know it).</exception>
    public async IAsyncEnumerable<McpClientNotification> ListenAsync(McpListenFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var channel = Channel.CreateUnbounded<McpClientNotification>(new UnboundedChannelOptions { SingleReader = true });
        long id = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var request = SendCoreAsync(
            "subscriptions/listen", null, filter, WriteListenFilter, static _ => true, stop.Token,
            requestId =>
            {
                id = requestId;
                _listens[requestId] = channel.Writer;
            }).AsTask();
        _ = request.ContinueWith(
            static (ended, writer) => ((ChannelWriter<McpClientNotification>)writer!).TryComplete(ended.IsFaulted ? ended.Exception!.InnerException : null),
            channel.Writer,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        try
        {
            await foreach (var notification in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return notification;
            }
        }
        finally
        {
            // The consumer stopped (or the server ended): close the request and forget the subscription.
            stop.Cancel();
            _listens.TryRemove(id, out _);
            try
            {
                await request.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException || stop.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>Hands a notification marked with an open listen's subscription id to that listen.</summary>
    private bool TryDeliverToListen(ReadOnlySpan<byte> message, in JsonRpcMessageParts parts, string method)
    {
        if (parts.Params.End.Value == 0)
        {
            return false;
        }

        var @params = JsonElement.Parse(message[parts.Params]);
        if (@params.ValueKind != JsonValueKind.Object
            || !@params.TryGetProperty("_meta", out var meta) || meta.ValueKind != JsonValueKind.Object
            || !meta.TryGetProperty(McpProtocol.MetaKeys.SubscriptionId, out var subscription)
            || !subscription.TryGetInt64(out long id)
            || !_listens.TryGetValue(id, out var writer))
        {
            return false;
        }

        writer.TryWrite(new McpClientNotification(method, @params, null, null));
        return true;
    }
}

/// <summary>What a <c>subscriptions/listen</c> stream opts in to; the server sends nothing else.</summary>
public sealed class McpListenFilter
{
    /// <summary>Receive <c>notifications/tools/list_changed</c>.</summary>
    public bool ToolsListChanged { get; init; }

    /// <summary>Receive <c>notifications/prompts/list_changed</c>.</summary>
    public bool PromptsListChanged { get; init; }

    /// <summary>Receive <c>notifications/resources/list_changed</c>.</summary>
    public bool ResourcesListChanged { get; init; }

    /// <summary>Receive <c>notifications/resources/updated</c> for these URIs.</summary>
    public IReadOnlyList<string>? ResourceSubscriptions { get; init; }

    /// <summary>Receive <c>notifications/tasks</c> for these tasks (tasks extension; needs <see cref="McpClientOptions.EnableTasks"/>).</summary>
    public IReadOnlyList<string>? TaskIds { get; init; }
}
