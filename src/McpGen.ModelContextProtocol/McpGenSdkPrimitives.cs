using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGen.ModelContextProtocol;

/// <summary>A McpGen tool as the SDK's <see cref="McpServerTool"/>: its schema precomputed, its call McpGen's generated binder.</summary>
internal sealed class McpGenSdkTool(McpGenSdkBridge bridge, Tool protocolTool) : McpServerTool
{
    public override Tool ProtocolTool { get; } = protocolTool;

    public override IReadOnlyList<object> Metadata { get; } = [];

    public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        bridge.CallAsync<CallToolRequestParams, CallToolResult>(request, "tools/call", McpGenSdkBridge.NameAndArguments(ProtocolTool.Name, request.Params?.Arguments), cancellationToken);
}

/// <summary>A McpGen prompt as the SDK's <see cref="McpServerPrompt"/>.</summary>
internal sealed class McpGenSdkPrompt(McpGenSdkBridge bridge, Prompt protocolPrompt) : McpServerPrompt
{
    public override Prompt ProtocolPrompt { get; } = protocolPrompt;

    public override IReadOnlyList<object> Metadata { get; } = [];

    public override ValueTask<GetPromptResult> GetAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken) =>
        bridge.CallAsync<GetPromptRequestParams, GetPromptResult>(request, "prompts/get", McpGenSdkBridge.NameAndArguments(ProtocolPrompt.Name, request.Params?.Arguments), cancellationToken);
}

/// <summary>A McpGen resource or resource template as the SDK's <see cref="McpServerResource"/>; templates match with McpGen's generated matcher.</summary>
internal sealed class McpGenSdkResource : McpServerResource
{
    private readonly McpGenSdkBridge _bridge;
    private readonly McpResourceDescriptor _descriptor;

    public McpGenSdkResource(McpGenSdkBridge bridge, McpResourceDescriptor descriptor, Resource? resource, ResourceTemplate template)
    {
        _bridge = bridge;
        _descriptor = descriptor;
        ProtocolResource = resource;
        ProtocolResourceTemplate = template;
    }

    public override ResourceTemplate ProtocolResourceTemplate { get; }

    public override Resource? ProtocolResource { get; }

    public override IReadOnlyList<object> Metadata { get; } = [];

    public override bool IsMatch(string uri) =>
        _descriptor.Matcher is { } matcher ? matcher(uri) : string.Equals(uri, _descriptor.Uri, StringComparison.Ordinal);

    public override ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken) =>
        _bridge.CallAsync<ReadResourceRequestParams, ReadResourceResult>(request, "resources/read", w =>
            w.WriteString("uri"u8, request.Params?.Uri ?? _descriptor.Uri), cancellationToken);
}
