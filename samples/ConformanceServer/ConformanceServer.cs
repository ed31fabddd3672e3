using McpGen;

namespace McpGen.Conformance;

/// <summary>The fixtures the MCP conformance suite expects of a server under test.</summary>
[McpServer("mcpgen-conformance", Version = "1.0.0", Title = "McpGen conformance server",
    Instructions = "Fixtures for the MCP conformance suite.")]
public partial class ConformanceServer;
