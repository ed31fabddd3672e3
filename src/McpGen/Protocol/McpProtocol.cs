using System;

namespace McpGen;

/// <summary>Protocol constants: revisions, method names and error codes.</summary>
public static class McpProtocol
{
    /// <summary>The revision served statelessly: <c>2026-07-28</c>.</summary>
    public const string LatestVersion = "2026-07-28";

    /// <summary>The newest revision served to clients that open with <c>initialize</c>.</summary>
    public const string LatestLegacyVersion = "2025-11-25";

    /// <summary>The revisions accepted in a legacy <c>initialize</c>, newest first.</summary>
    public static readonly string[] LegacyVersions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];

    /// <summary>JSON-RPC and MCP error codes.</summary>
    public static class ErrorCodes
    {
        /// <summary>The message is not valid JSON.</summary>
        public const int ParseError = -32700;

        /// <summary>The message is not a valid JSON-RPC request.</summary>
        public const int InvalidRequest = -32600;

        /// <summary>The method does not exist or is not served.</summary>
        public const int MethodNotFound = -32601;

        /// <summary>The parameters are invalid (missing <c>_meta</c>, unknown tool, bad cursor…).</summary>
        public const int InvalidParams = -32602;

        /// <summary>An unexpected server failure.</summary>
        public const int InternalError = -32603;

        /// <summary>An HTTP header is missing, malformed or disagrees with the body.</summary>
        public const int HeaderMismatch = -32020;

        /// <summary>The resource does not exist, as 2025-11-25 and earlier report it (2026-07-28 uses <see cref="InvalidParams"/>).</summary>
        public const int LegacyResourceNotFound = -32002;

        /// <summary>The request needs a client capability it did not declare.</summary>
        public const int MissingRequiredClientCapability = -32021;

        /// <summary>The requested protocol revision is not served.</summary>
        public const int UnsupportedProtocolVersion = -32022;
    }

    /// <summary>Method names.</summary>
    public static class Methods
    {
        /// <summary><c>server/discover</c>.</summary>
        public const string ServerDiscover = "server/discover";

        /// <summary><c>tools/list</c>.</summary>
        public const string ToolsList = "tools/list";

        /// <summary><c>tools/call</c>.</summary>
        public const string ToolsCall = "tools/call";

        /// <summary><c>resources/list</c>.</summary>
        public const string ResourcesList = "resources/list";

        /// <summary><c>resources/templates/list</c>.</summary>
        public const string ResourceTemplatesList = "resources/templates/list";

        /// <summary><c>resources/read</c>.</summary>
        public const string ResourcesRead = "resources/read";

        /// <summary><c>prompts/list</c>.</summary>
        public const string PromptsList = "prompts/list";

        /// <summary><c>prompts/get</c>.</summary>
        public const string PromptsGet = "prompts/get";

        /// <summary><c>completion/complete</c>.</summary>
        public const string CompletionComplete = "completion/complete";

        /// <summary><c>initialize</c> (legacy).</summary>
        public const string Initialize = "initialize";

        /// <summary><c>ping</c> (legacy).</summary>
        public const string Ping = "ping";

        /// <summary><c>notifications/initialized</c> (legacy).</summary>
        public const string InitializedNotification = "notifications/initialized";

        /// <summary><c>notifications/cancelled</c>.</summary>
        public const string CancelledNotification = "notifications/cancelled";

        /// <summary><c>notifications/progress</c>.</summary>
        public const string ProgressNotification = "notifications/progress";
    }

    /// <summary>Reserved <c>_meta</c> keys.</summary>
    public static class MetaKeys
    {
        /// <summary>The request's protocol revision.</summary>
        public const string ProtocolVersion = "io.modelcontextprotocol/protocolVersion";

        /// <summary>The client's capabilities for this request.</summary>
        public const string ClientCapabilities = "io.modelcontextprotocol/clientCapabilities";

        /// <summary>The client's identity.</summary>
        public const string ClientInfo = "io.modelcontextprotocol/clientInfo";

        /// <summary>The server's identity on results.</summary>
        public const string ServerInfo = "io.modelcontextprotocol/serverInfo";

        /// <summary>The requested log level.</summary>
        public const string LogLevel = "io.modelcontextprotocol/logLevel";

        /// <summary>Tags each notification of a <c>subscriptions/listen</c> stream with the listen request's id.</summary>
        public const string SubscriptionId = "io.modelcontextprotocol/subscriptionId";

        /// <summary>The progress token.</summary>
        public const string ProgressToken = "progressToken";

        // The keys the core reads from every request, as UTF-8 for the reader: comparing a property name with a string
        // transcodes it on each call. MetaKeysTests holds each equal to its string above.
        internal static ReadOnlySpan<byte> ProtocolVersionUtf8 => "io.modelcontextprotocol/protocolVersion"u8;

        internal static ReadOnlySpan<byte> ClientCapabilitiesUtf8 => "io.modelcontextprotocol/clientCapabilities"u8;

        internal static ReadOnlySpan<byte> ClientInfoUtf8 => "io.modelcontextprotocol/clientInfo"u8;

        internal static ReadOnlySpan<byte> LogLevelUtf8 => "io.modelcontextprotocol/logLevel"u8;

        internal static ReadOnlySpan<byte> ProgressTokenUtf8 => "progressToken"u8;
    }
}
