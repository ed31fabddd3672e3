using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

#pragma warning disable MCP9005 // Sampling and roots: deprecated, still answered in input rounds.

namespace McpGen.Client.Internal;

/// <summary>The official SDK's contracts for its protocol types (source-generated, AOT-safe), looked up once.</summary>
internal static class ClientJson
{
    public static readonly JsonTypeInfo<CallToolResult> CallToolResult = Get<CallToolResult>();
    public static readonly JsonTypeInfo<ListToolsResult> ListToolsResult = Get<ListToolsResult>();
    public static readonly JsonTypeInfo<ListResourcesResult> ListResourcesResult = Get<ListResourcesResult>();
    public static readonly JsonTypeInfo<ListResourceTemplatesResult> ListResourceTemplatesResult = Get<ListResourceTemplatesResult>();
    public static readonly JsonTypeInfo<ReadResourceResult> ReadResourceResult = Get<ReadResourceResult>();
    public static readonly JsonTypeInfo<ListPromptsResult> ListPromptsResult = Get<ListPromptsResult>();
    public static readonly JsonTypeInfo<GetPromptResult> GetPromptResult = Get<GetPromptResult>();
    public static readonly JsonTypeInfo<CompleteResult> CompleteResult = Get<CompleteResult>();
    public static readonly JsonTypeInfo<DiscoverResult> DiscoverResult = Get<DiscoverResult>();
    public static readonly JsonTypeInfo<InitializeResult> InitializeResult = Get<InitializeResult>();
    public static readonly JsonTypeInfo<Implementation> Implementation = Get<Implementation>();
    public static readonly JsonTypeInfo<ClientCapabilities> ClientCapabilities = Get<ClientCapabilities>();
    public static readonly JsonTypeInfo<ElicitRequestParams> ElicitRequestParams = Get<ElicitRequestParams>();
    public static readonly JsonTypeInfo<ElicitResult> ElicitResult = Get<ElicitResult>();
    public static readonly JsonTypeInfo<CreateMessageRequestParams> CreateMessageRequestParams = Get<CreateMessageRequestParams>();
    public static readonly JsonTypeInfo<CreateMessageResult> CreateMessageResult = Get<CreateMessageResult>();
    public static readonly JsonTypeInfo<ListRootsRequestParams> ListRootsRequestParams = Get<ListRootsRequestParams>();
    public static readonly JsonTypeInfo<ListRootsResult> ListRootsResult = Get<ListRootsResult>();
    public static readonly JsonTypeInfo<ProgressNotificationParams> ProgressNotificationParams = Get<ProgressNotificationParams>();
    public static readonly JsonTypeInfo<LoggingMessageNotificationParams> LoggingMessageNotificationParams = Get<LoggingMessageNotificationParams>();

    private static JsonTypeInfo<T> Get<T>() => (JsonTypeInfo<T>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(T));
}
