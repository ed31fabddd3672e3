using System;
using System.Buffers;
using System.Linq;
using System.Threading.Tasks;
using McpGen.Internal;

using static McpGen.McpJsonRpcWriter;

namespace McpGen;

/// <summary>The 2025-11-25 lifecycle methods 2026-07-28 removed: <c>initialize</c>, <c>ping</c>, <c>logging/setLevel</c>.</summary>
internal sealed class LegacyLifecycleHandler : McpMethodHandler
{
    private readonly string _method;

    public LegacyLifecycleHandler(McpServerRuntime runtime, string method)
        : base(runtime) => _method = method;

    public override ValueTask<McpProcessResult> HandleAsync(in McpRequest request)
    {
        var id = request.Id.Span;
        switch (_method)
        {
            case McpProtocol.Methods.Initialize:
                return new(Initialize(id, request.Response, request.Connection, request.Params, issueSession: request.Headers is not null));
            case "logging/setLevel":
                return new(SetLegacyLogLevel(id, request.Response, request.Connection, request.Params));
            default:
                // ping: legacy results stay bare ({}): no resultType, no _meta.
                WriteResult(request.Response, id, s_emptyObject);
                return new(McpProcessResult.Responded);
        }
    }

    private McpProcessResult Initialize(ReadOnlySpan<byte> id, IBufferWriter<byte> response, McpConnection connection, McpRequestParams p, bool issueSession)
    {
        // Answer with the requested revision when we speak it, else our newest legacy one (the client then decides).
        string version = McpProtocol.LatestLegacyVersion;
        foreach (var supported in McpProtocol.LegacyVersions)
        {
            if (string.Equals(supported, p.LegacyProtocolVersion, StringComparison.Ordinal))
            {
                version = supported;
                break;
            }
        }

        connection.LegacyProtocolVersion = version;
        connection.LegacyClientCapabilities = p.InitializeCapabilities.ToArray();
        if (issueSession)
        {
            // Streamable HTTP forgets the connection with this response: the session id carries what was negotiated.
            Runtime.WarnIfStateKeyIsEphemeral();
            connection.LegacySessionId = McpLegacySession.Seal(Runtime.StateProtector, version, p.InitializeCapabilities.Span, McpCallerIdentity.Of(connection.User));
        }
        JsonScratch.WriteTo(response, (Id: id.ToArray(), Version: version, Documents: Runtime.Documents, Runtime.Definition.Instructions), static (w, state) =>
        {
            WriteResponseStart(w, state.Id);
            w.WriteStartObject("result"u8);
            w.WriteString("protocolVersion"u8, state.Version);
            w.WritePropertyName("capabilities"u8);
            w.WriteRawValue(state.Documents.LegacyCapabilitiesJson, skipInputValidation: true);
            w.WritePropertyName("serverInfo"u8);
            w.WriteRawValue(state.Documents.ServerInfoJson, skipInputValidation: true);
            if (state.Instructions is { } instructions)
            {
                w.WriteString("instructions"u8, instructions);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
        return McpProcessResult.Responded;
    }

    /// <summary>
    /// Legacy <c>logging/setLevel</c>: the level holds for the rest of the connection where the connection lasts (stdio);
    /// each Streamable HTTP request is its own connection, so there the configured default applies.
    /// </summary>
    private static McpProcessResult SetLegacyLogLevel(ReadOnlySpan<byte> id, IBufferWriter<byte> response, McpConnection connection, in McpRequestParams p)
    {
        int severity = p.Level is null ? -1 : McpLogLevels.Parse(p.Level);
        if (severity < 0)
        {
            WriteError(response, id, McpProtocol.ErrorCodes.InvalidParams, $"Invalid params.level: expected one of {string.Join(", ", McpLogLevels.Names)}.");
            return McpProcessResult.Responded;
        }

        connection.LegacyLogSeverity = severity;
        WriteResult(response, id, s_emptyObject);
        return McpProcessResult.Responded;
    }
}
