using McpGen;

namespace McpServer1;

/// <summary>The server: its name and version are what clients show; its tools are every [McpTool] in this project.</summary>
[McpServer("mcpserver1", Version = "1.0.0", Instructions = "Use echo to test the connection and add to add numbers.")]
public partial class Server;
