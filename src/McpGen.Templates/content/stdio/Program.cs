// Serves the tools in Tools.cs over stdin/stdout until the client closes stdin. stdout carries only MCP messages: write
// diagnostics to stderr (Console.Error).
await McpServer1.Server.RunStdioAsync();
