using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGen.Internal;

/// <summary>
/// Source-generated contracts of the official SDK's protocol types, resolved once from its public options (its
/// context type is internal). AOT-safe: the options carry a generated resolver.
/// </summary>
internal static class SdkJson
{
    public static readonly JsonTypeInfo<ContentBlock> ContentBlock = Get<ContentBlock>();

    public static readonly JsonTypeInfo<Resource> Resource = Get<Resource>();

    public static readonly JsonTypeInfo<ResourceContents> ResourceContents = Get<ResourceContents>();

    public static readonly JsonTypeInfo<PromptMessage> PromptMessage = Get<PromptMessage>();

    public static readonly JsonTypeInfo<Implementation> Implementation = Get<Implementation>();

    public static readonly JsonTypeInfo<ClientCapabilities> ClientCapabilities = Get<ClientCapabilities>();

#pragma warning disable MCP9005 // sampling and roots stay readable inside input requests while the protocol still serves them
    public static readonly JsonTypeInfo<CreateMessageRequestParams> CreateMessageRequestParams = Get<CreateMessageRequestParams>();

    public static readonly JsonTypeInfo<CreateMessageResult> CreateMessageResult = Get<CreateMessageResult>();

    public static readonly JsonTypeInfo<ListRootsResult> ListRootsResult = Get<ListRootsResult>();
#pragma warning restore MCP9005

    private static JsonTypeInfo<T> Get<T>() => (JsonTypeInfo<T>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(T));
}
