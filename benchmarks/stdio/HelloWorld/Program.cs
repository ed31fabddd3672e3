// The floor for stdio start-up: a Native AOT process that reads the two request lines and writes a fixed answer to
// the second, with no MCP, hosting or JSON code at all.
using System;

Console.In.ReadLine();
Console.In.ReadLine();
Console.Out.WriteLine("""{"jsonrpc":"2.0","id":2,"result":{}}""");
Console.Out.Flush();
