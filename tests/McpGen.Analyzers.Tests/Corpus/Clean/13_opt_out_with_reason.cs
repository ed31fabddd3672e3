using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using McpGen;

public static class SchemaTools
{
    [McpProcessLocal("Parsed schemas: immutable once loaded and cheap for each instance to rebuild.")]
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> s_schemas = new();

    /// <summary>Gets a schema by name.</summary>
    [McpTool] public static string Schema(string name) => s_schemas.GetOrAdd(name, n => "{\"title\":\"" + n + "\"}");
}
