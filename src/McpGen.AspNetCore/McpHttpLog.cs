using System;
using Microsoft.Extensions.Logging;

namespace McpGen.AspNetCore;

/// <summary>The endpoint's log messages. Per-request events are Debug so production logs stay quiet by default.</summary>
internal static partial class McpHttpLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Rejected an MCP request from origin '{Origin}': not loopback and not in McpHttpOptions.AllowedOrigins.")]
    public static partial void OriginRejected(ILogger logger, string origin);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Rejected an MCP request: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "An MCP request failed unexpectedly; the client receives an internal error.")]
    public static partial void RequestFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Refused an MCP {Method} request ({Result}): {Error}")]
    public static partial void RequestRefused(ILogger logger, string method, McpProcessResult result, string error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "The client disconnected; the MCP request was cancelled.")]
    public static partial void ClientDisconnected(ILogger logger);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Refused a bearer token ({Failure}): {Reason}")]
    public static partial void TokenRejected(ILogger logger, string failure, string reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Ended an MCP event stream whose client stopped reading: more than {Limit} bytes of events were waiting (McpHttpOptions.MaxStreamBufferBytes). The response was aborted; the client may reconnect.")]
    public static partial void SlowStreamEnded(ILogger logger, int limit);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Server '{Server}' has primitives marked [McpScope] but the application did not call AddMcpAuthorization: no caller can hold a scope, so those primitives are hidden from every HTTP client.")]
    public static partial void ScopesWithoutAuthorization(ILogger logger, string server);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Stopping: readiness answers 503; serving as usual for {Delay} (McpHttpOptions.DrainDelay) so the load balancer takes this instance out, then ending listen streams and handing tasks back.")]
    public static partial void Draining(ILogger logger, TimeSpan delay);
}
