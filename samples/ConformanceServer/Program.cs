using McpGen.Conformance;

// The server the official conformance suite (@modelcontextprotocol/conformance) tests: every fixture of
// the suite's server scenarios, with exactly the names, arguments and outputs the scenarios check.
// It speaks stdio until the Streamable HTTP host lands; in-process tests drive the same definition.
await ConformanceServer.RunStdioAsync();
